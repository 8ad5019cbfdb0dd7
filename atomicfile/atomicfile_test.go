package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first", "second, longer content"} {
		if err := Write(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("read back %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteUnderAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(file, "dir", "out"), []byte("x")); err == nil {
		t.Fatal("want an error for a directory that cannot be created")
	}
}

func TestCheckPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		check func(string) error
		path  string
		ok    bool
	}{
		{"file in a new directory", CheckFile, filepath.Join(dir, "a", "b", "out.json"), true},
		{"file that is a directory", CheckFile, dir, false},
		{"file under a file", CheckFile, filepath.Join(file, "out.json"), false},
		{"new directory", CheckDir, filepath.Join(dir, "c", "d"), true},
		{"directory that is a file", CheckDir, file, false},
	}
	for _, tt := range tests {
		if err := tt.check(tt.path); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 1 || left[0] != file {
		t.Errorf("the checks left %v behind, want only %s", left, file)
	}
}

// A result written into a directory the check did not keep creates it.
func TestWriteCreatesParents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "out.json")
	if err := CheckFile(path); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "{}" {
		t.Errorf("read back %q, %v", b, err)
	}
}

// A device is written in place, never replaced by a file: "-o /dev/null"
// once turned the machine's /dev/null into a regular file.
func TestWriteDevice(t *testing.T) {
	for _, dev := range []string{os.DevNull} {
		if err := CheckFile(dev); err != nil {
			t.Fatalf("CheckFile(%s): %v", dev, err)
		}
		if err := Write(dev, []byte("discarded")); err != nil {
			t.Fatalf("Write(%s): %v", dev, err)
		}
		st, err := os.Stat(dev)
		if err != nil || st.Mode().IsRegular() || st.Mode()&os.ModeDevice == 0 {
			t.Fatalf("%s is no longer a device: %v, %v", dev, st.Mode(), err)
		}
	}
}

// A named pipe gets the data through the pipe.
func TestWriteFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := CheckFile(p); err != nil { // must not open the pipe
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		b, _ := os.ReadFile(p)
		got <- string(b)
	}()
	if err := Write(p, []byte("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("read %q from the pipe", s)
	}
	if st, err := os.Lstat(p); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v, %v", st.Mode(), err)
	}
}

// A symlink to a regular file keeps its link; the file it names is
// replaced.
func TestWriteSymlink(t *testing.T) {
	dir := t.TempDir()
	file, link := filepath.Join(dir, "real.txt"), filepath.Join(dir, "link.txt")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "new" {
		t.Errorf("the linked file holds %q", b)
	}
}

// /dev/stdout, redirected by the shell to a regular file, is written
// through the descriptor (appending), not renamed over.
func TestWriteStdoutToFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("before\n")
	fd := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if _, err := os.Stat(fd); err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if err := CheckFile(fd); err != nil {
		t.Fatal(err)
	}
	if err := Write(fd, []byte("data\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "before\ndata\n" {
		t.Errorf("file holds %q", b)
	}
	if st, err := os.Lstat(fd); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the descriptor link was replaced: %v", err)
	}
}

// TestWriteDir: a second result replaces the first's files and removes those
// it no longer writes, leaves files it never wrote alone, and a failed write
// leaves the directory as it was (or absent, when it did not exist).
func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteDir(dir, map[string][]byte{"result.json": []byte("1"), "old.svg": []byte("a")}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, map[string][]byte{"result.json": []byte("2"), "new.csv": []byte("b")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"result.json": "2", "new.csv": "b", "notes.txt": "mine", manifest: "new.csv\nresult.json\n"}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("dir holds %v, want the files of %v", names, want)
	}
	for name, content := range want {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != content {
			t.Errorf("%s = %q, %v; want %q", name, got, err, content)
		}
	}

	// A name that cannot be written (a directory is in the way) fails the
	// whole write: nothing changes, no temporary file remains.
	if err := os.Mkdir(filepath.Join(dir, "blocked.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, map[string][]byte{"result.json": []byte("3"), "blocked.csv": []byte("c")}); err == nil {
		t.Error("write over a directory succeeded")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "result.json")); string(got) != "2" {
		t.Errorf("result.json = %q after a failed write, want the complete old %q", got, "2")
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".csv" && filepath.Ext(e.Name()) != ".json" && filepath.Ext(e.Name()) != ".txt" && e.Name() != manifest {
			t.Errorf("left behind %s", e.Name())
		}
	}

	// A write that fails after another file's temporary exists (a name too
	// long for its temporary) removes that temporary, and the directory
	// itself when it created it.
	long := strings.Repeat("x", 250)
	if err := WriteDir(dir, map[string][]byte{"a.json": []byte("x"), long: []byte("y")}); err == nil {
		t.Error("a name too long for its temporary file was written")
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".a.json.tmp") || e.Name() == "a.json" {
			t.Errorf("a failed write left %s", e.Name())
		}
	}
	made := filepath.Join(t.TempDir(), "made")
	if err := WriteDir(made, map[string][]byte{"a.json": []byte("x"), long: []byte("y")}); err == nil {
		t.Error("a name too long for its temporary file was written")
	}
	if _, err := os.Stat(made); !os.IsNotExist(err) {
		t.Errorf("a failed write left the directory it created (%v)", err)
	}

	fresh := filepath.Join(t.TempDir(), "fresh")
	if err := WriteDir(fresh, map[string][]byte{"a/b": nil}); err == nil {
		t.Error("a name with a slash was accepted")
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed write left %s behind (%v)", fresh, err)
	}
}
