-- Runs and their results. A run's status moves queued → running →
-- done | failed | cancelled; a result row exists only for done runs and is
-- written in the same transaction that marks the run done.
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  spec        TEXT    NOT NULL,               -- the spec as submitted (YAML or JSON)
  status      TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  submitter   TEXT    NOT NULL DEFAULT '',
  source      TEXT    NOT NULL DEFAULT 'api', -- api | cli
  created     TEXT    NOT NULL,               -- RFC 3339, UTC
  started     TEXT,
  finished    TEXT,
  seed        INTEGER NOT NULL DEFAULT 0,
  engine      TEXT    NOT NULL DEFAULT '',
  samples     INTEGER NOT NULL DEFAULT 0,
  arms        INTEGER NOT NULL DEFAULT 0,
  version     TEXT    NOT NULL DEFAULT '',
  model_hash  TEXT    NOT NULL DEFAULT '',
  error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_created ON runs (created);

CREATE TABLE results (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  json   BLOB    NOT NULL
);
