package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Statuses of a run.
const (
	Queued    = "queued"
	Running   = "running"
	Done      = "done"
	Failed    = "failed"
	Cancelled = "cancelled"
)

// ErrNotFound is returned for an unknown run id.
var ErrNotFound = errors.New("store: no such run")

// ErrState is returned for a status change the run's state forbids.
var ErrState = errors.New("store: the run is not in a state that allows this")

// Run is one recorded run.
type Run struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Spec      string     `json:"spec,omitempty"`
	Status    string     `json:"status"`
	Submitter string     `json:"submitter,omitempty"`
	Source    string     `json:"source"`
	Created   time.Time  `json:"created"`
	Started   *time.Time `json:"started,omitempty"`
	Finished  *time.Time `json:"finished,omitempty"`
	Seed      int64      `json:"seed"`
	Engine    string     `json:"engine"`
	Samples   int        `json:"samples"`
	Arms      int        `json:"arms"`
	Version   string     `json:"version"`
	ModelHash string     `json:"model_hash,omitempty"`
	Error     string     `json:"error,omitempty"`
}

// Store is an open database.
type Store struct {
	db *sql.DB
}

// Open opens (creating if needed) the database at path, applies the
// migrations and marks runs interrupted by an earlier process as failed.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	// One connection writes at a time in SQLite; more readers are fine.
	db.SetMaxOpenConns(8)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if err := s.recover(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if have > len(names) {
		return fmt.Errorf("database schema version %d is newer than this ikklab's (%d)", have, len(names))
	}
	for i := have; i < len(names); i++ {
		ddl, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(ddl)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// recover fails the runs an earlier process left queued or running.
func (s *Store) recover(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET status = 'failed', finished = ?, error = 'interrupted: the process that ran it stopped before it finished'
		WHERE status IN ('queued', 'running')`, now())
	return err
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// Create records a new queued run and returns its id.
func (s *Store) Create(ctx context.Context, r Run) (int64, error) {
	if r.Source == "" {
		r.Source = "api"
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO runs (name, spec, status, submitter, source, created, seed, engine, samples, arms, version)
		VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Name, r.Spec, r.Submitter, r.Source, now(), r.Seed, r.Engine, r.Samples, r.Arms, r.Version)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Start marks a queued run running.
func (s *Store) Start(ctx context.Context, id int64) error {
	return s.transition(ctx, id, `UPDATE runs SET status = 'running', started = ? WHERE id = ? AND status = 'queued'`, now(), id)
}

// Finish stores a running run's result (and its files: tables, plots)
// and marks it done, in one transaction.
func (s *Store) Finish(ctx context.Context, id int64, result []byte, modelHash string, files map[string][]byte) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'done', finished = ?, model_hash = ? WHERE id = ? AND status = 'running'`, now(), modelHash, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return s.stateError(ctx, id)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO results (run_id, json) VALUES (?, ?)`, id, result); err != nil {
		return err
	}
	for name, data := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (run_id, name, data) VALUES (?, ?, ?)`, id, name, data); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Files lists a done run's file names, sorted.
func (s *Store) Files(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM files WHERE run_id = ? ORDER BY name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// File returns one of a run's files.
func (s *Store) File(ctx context.Context, id int64, name string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM files WHERE run_id = ? AND name = ?`, id, name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}

// End marks a queued or running run failed or cancelled, with the reason.
func (s *Store) End(ctx context.Context, id int64, status, reason string) error {
	if status != Failed && status != Cancelled {
		return fmt.Errorf("store: End with status %q", status)
	}
	return s.transition(ctx, id, `UPDATE runs SET status = ?, finished = ?, error = ? WHERE id = ? AND status IN ('queued', 'running')`,
		status, now(), reason, id)
}

func (s *Store) transition(ctx context.Context, id int64, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return s.stateError(ctx, id)
	}
	return nil
}

func (s *Store) stateError(ctx context.Context, id int64) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return &StateError{ID: id, Status: r.Status}
}

// StateError is ErrState for one run, with the status that forbade the
// change.
type StateError struct {
	ID     int64
	Status string
}

func (e *StateError) Error() string { return fmt.Sprintf("%v: run %d is %s", ErrState, e.ID, e.Status) }
func (e *StateError) Unwrap() error { return ErrState }

const columns = `id, name, spec, status, submitter, source, created, started, finished, seed, engine, samples, arms, version, model_hash, error`

func scan(row interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var created string
	var started, finished sql.NullString
	err := row.Scan(&r.ID, &r.Name, &r.Spec, &r.Status, &r.Submitter, &r.Source, &created, &started, &finished,
		&r.Seed, &r.Engine, &r.Samples, &r.Arms, &r.Version, &r.ModelHash, &r.Error)
	if err != nil {
		return r, err
	}
	r.Created, _ = time.Parse(time.RFC3339Nano, created)
	for _, x := range []struct {
		s   sql.NullString
		dst **time.Time
	}{{started, &r.Started}, {finished, &r.Finished}} {
		if x.s.Valid {
			t, err := time.Parse(time.RFC3339Nano, x.s.String)
			if err == nil {
				*x.dst = &t
			}
		}
	}
	return r, nil
}

// Get returns one run.
func (s *Store) Get(ctx context.Context, id int64) (Run, error) {
	r, err := scan(s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// Filter selects runs for List.
type Filter struct {
	Status string // "" for any
	Search string // substring of the name, case-insensitive ("" for any)
	Limit  int    // 0 means 100
}

// List returns runs, newest first, without their specs.
func (s *Store) List(ctx context.Context, f Filter) ([]Run, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Search != "" {
		where, args = append(where, "lower(name) LIKE ?"), append(args, "%"+strings.ToLower(f.Search)+"%")
	}
	q := `SELECT ` + columns + ` FROM runs`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT " + strconv.Itoa(f.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		r.Spec = ""
		out = append(out, r)
	}
	return out, rows.Err()
}

// Result returns a done run's result.
func (s *Store) Result(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT json FROM results WHERE run_id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}
