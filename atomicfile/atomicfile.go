package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
)

// Write replaces the file at path with data, atomically, creating missing
// parent directories. The file gets mode 0644; on any error the target is
// left as it was and no temporary file remains.
func Write(path string, data []byte) error {
	target, inPlace := resolve(path)
	if inPlace {
		return writeInPlace(path, data)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := writeTemp(dir, filepath.Base(path), data)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, errors.Unwrap(err))
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// resolve returns the file an atomic write replaces (a symlink's target),
// or inPlace when path must be written through: a device, pipe or socket,
// or a name under /dev or /proc (descriptors such as /dev/stdout, whose
// target may be a regular file the shell opened).
func resolve(path string) (target string, inPlace bool) {
	if abs, err := filepath.Abs(path); err == nil && (strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")) {
		return path, true
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return path, true
	}
	if st, err := os.Lstat(path); err == nil && st.Mode()&os.ModeSymlink != 0 {
		if t, err := filepath.EvalSymlinks(path); err == nil {
			return t, false
		}
	}
	return path, false
}

// writeInPlace appends data to a file written through (see resolve).
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
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
// written at path: path must not be a directory, and a temporary file must
// be creatable beside it. Like every check here it leaves nothing behind:
// missing parent directories are created for the probe and removed after
// it, so a run that fails or is interrupted later leaves no empty
// directories (Write creates them when the result is written).
func CheckFile(path string) error {
	if strings.HasSuffix(path, "/") {
		return fmt.Errorf("%s ends in /: give a file name, not a directory", path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory, not a file", path)
	}
	target, inPlace := resolve(path)
	if inPlace {
		// Opening a pipe to check it would hand its reader an end of file;
		// ask for write permission instead.
		if err := syscall.Access(path, 2); err != nil { // W_OK
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return nil
	}
	return probe(filepath.Dir(target), path)
}

// CheckDir reports whether files can be written into dir, which may be
// missing (it is created for the probe and removed after it, as in
// CheckFile); a file where a directory is expected is an error.
func CheckDir(dir string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file, not a directory", dir)
	}
	return probe(dir, dir)
}

// probe creates a temporary file in dir, creating dir and its missing
// parents first, and removes the file and every directory it created.
func probe(dir, what string) error {
	var created []string // deepest first
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = append(created, d)
	}
	defer func() {
		for _, d := range created {
			os.Remove(d) // only ever empty: it held nothing but the probe
		}
	}()
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

// manifest is the file, inside a directory WriteDir wrote, that lists the
// files it wrote, so that the next WriteDir removes those it no longer
// writes and leaves every other file alone.
const manifest = ".ikklab-files"

// WriteDir writes files (by base name) into dir, creating dir as needed, so
// that dir does not hold part of a result or a mix of two. Every file is
// first written and synced under a temporary name; if any write fails, all
// of them are removed, dir is left as it was (and removed again when
// WriteDir created it) and the error is returned. Only then are they
// renamed into place, and the files a previous WriteDir into dir wrote that
// are not written now (its manifest says which) are removed; files WriteDir
// did not write are never touched. The renames are one by one: should one
// fail (the data is already on disk, so this is rare), the manifest written
// before them lists the old files and the new, so the next WriteDir still
// removes whatever it does not write. An entry of dir that is not a regular
// file (a directory, a symlink) is refused before anything is written.
func WriteDir(dir string, files map[string][]byte) (err error) {
	badName := func(name string) bool {
		return name == "" || name == manifest || strings.ContainsAny(name, `/\`) || name == "." || name == ".."
	}
	for name := range files {
		if badName(name) {
			return fmt.Errorf("write %s: %q is not a file name", dir, name)
		}
	}
	created := false
	if _, statErr := os.Stat(dir); os.IsNotExist(statErr) {
		created = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	temps := make(map[string]string, len(names))
	defer func() {
		if err == nil {
			return
		}
		for _, t := range temps {
			os.Remove(t)
		}
		if created {
			os.Remove(dir) // empty again: it held only the temporary files
		}
	}()
	for _, name := range append(names, manifest) {
		if st, err := os.Lstat(filepath.Join(dir, name)); err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("write %s: not a regular file", filepath.Join(dir, name))
		}
	}
	for _, name := range names {
		t, err := writeTemp(dir, name, files[name])
		if err != nil {
			return err
		}
		temps[name] = t
	}
	var stale []string // the previous result's files this one does not write
	old, _ := os.ReadFile(filepath.Join(dir, manifest))
	for _, name := range strings.Split(string(old), "\n") {
		if _, kept := files[name]; !kept && !badName(name) {
			stale = append(stale, name)
		}
	}
	if err := writeManifest(dir, append(slices.Clone(names), stale...)); err != nil {
		return err
	}
	created = false // from here on dir holds a manifest, whatever fails
	for _, name := range names {
		if err := os.Rename(temps[name], filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
		}
		delete(temps, name)
	}
	for _, name := range stale {
		os.Remove(filepath.Join(dir, name))
	}
	return writeManifest(dir, names)
}

// writeManifest replaces dir's manifest with names, one per line, sorted.
func writeManifest(dir string, names []string) error {
	names = slices.Sorted(slices.Values(names))
	t, err := writeTemp(dir, manifest, []byte(strings.Join(names, "\n")+"\n"))
	if err != nil {
		return err
	}
	if err := os.Rename(t, filepath.Join(dir, manifest)); err != nil {
		os.Remove(t)
		return fmt.Errorf("write %s: %w", filepath.Join(dir, manifest), err)
	}
	return nil
}

// writeTemp writes data to a synced temporary file for name in dir and
// returns its path; on error nothing remains.
func writeTemp(dir, name string, data []byte) (path string, err error) {
	target := filepath.Join(dir, name)
	wrap := func(err error) error {
		// The temporary file's name means nothing to the user.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("write %s: %w", target, err)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp*")
	if err != nil {
		return "", wrap(err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return "", wrap(err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return "", wrap(err)
	}
	if err = tmp.Sync(); err != nil {
		return "", wrap(err)
	}
	if err = tmp.Close(); err != nil {
		return "", wrap(err)
	}
	return tmp.Name(), nil
}
