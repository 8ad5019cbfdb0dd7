package limitread

import (
	"errors"
	"io"
	"os"
)

// ErrTooLarge is File's error for a file over its bound.
var ErrTooLarge = errors.New("file too large")

// File reads the file at path, at most max bytes; a longer file is
// ErrTooLarge.
func File(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	return data, err
}
