// Package atomicfile writes files so that readers see either the old content
// or the complete new content, never a partial file: data goes to a temporary
// file in the same directory, is synced, and is renamed over the target.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write replaces the file at path with data, atomically. The file gets mode
// 0644; on any error the target is left as it was and no temporary file
// remains.
func Write(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// CheckFile reports, before any work is done, whether a file can be
// written at path: its missing parent directories are created, path must
// not be a directory, and a temporary file must be creatable beside it.
func CheckFile(path string) error {
	if strings.HasSuffix(path, "/") {
		return fmt.Errorf("%s ends in /: give a file name, not a directory", path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory, not a file", path)
	}
	return probe(filepath.Dir(path), path)
}

// CheckDir reports whether files can be written into dir, creating it and
// its parents when missing; a file where a directory is expected is an
// error.
func CheckDir(dir string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file, not a directory", dir)
	}
	return probe(dir, dir)
}

// probe creates dir (with its parents) and a temporary file in it.
func probe(dir, what string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write %s: %w", what, err)
	}
	f, err := os.CreateTemp(dir, ".ikklab-probe*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", what, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
