// Package store keeps experiment runs and their results in SQLite
// (modernc.org/sqlite: pure Go, no cgo), in WAL mode so that readers never
// wait for the writer.
//
// Schema changes are numbered SQL files embedded from migrations/ and
// applied in order at Open, recorded in SQLite's user_version; a database
// from a newer ikklab is refused rather than misread.
//
// Invariants: a run's status moves queued → running → done | failed |
// cancelled and never back; a result exists exactly for done runs, written
// in the transaction that marks the run done, so a crash leaves either no
// result or a complete one. Open marks runs left queued or running by a
// process that stopped (a crash, kill -9) as failed, with the reason.
package store
