// Package atomicfile writes files so that readers see either the old content
// or the complete new content, never a partial file: data goes to a temporary
// file in the same directory, is synced, and is renamed over the target. A
// target that exists and is not a regular file (/dev/null, /dev/stdout, a
// named pipe) is written in place: renaming over it would replace the device
// with a file.
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
	if special(path) {
		return writeInPlace(path, data)
	}
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

// special reports whether path exists and is neither a regular file nor a
// directory (a device, a pipe or a socket, after following symlinks).
func special(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular() && !st.IsDir()
}

// writeInPlace writes data to an existing special file.
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
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
	if special(path) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return f.Close()
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
