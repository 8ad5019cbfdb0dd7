package store

import (
	"database/sql"
	"strconv"
)

// SetUserVersionForTest sets SQLite's user_version of the database.
func SetUserVersionForTest(path string, v int) error {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("PRAGMA user_version = " + strconv.Itoa(v))
	return err
}
