-- A done run's files: CSV tables and SVG plots, written with its result.
CREATE TABLE files (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name   TEXT    NOT NULL,
  data   BLOB    NOT NULL,
  PRIMARY KEY (run_id, name)
);
