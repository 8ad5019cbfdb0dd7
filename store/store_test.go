package store_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ikklab/ikklab/store"
)

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A run's life: queued, running, done with its result; transitions the
// state forbids are refused; listing filters and hides specs.
func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ikklab.db"))
	defer s.Close()
	id, err := s.Create(ctx, store.Run{Name: "tnbc-momelotinib", Spec: "version: 1\n", Seed: 7, Engine: "stochastic", Samples: 1000, Arms: 2, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, id, []byte(`{}`), "sha256:x", nil); !errors.Is(err, store.ErrState) {
		t.Errorf("finishing a queued run: %v, want ErrState", err)
	}
	if err := s.Start(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx, id); !errors.Is(err, store.ErrState) {
		t.Errorf("starting a running run: %v", err)
	}
	if err := s.Finish(ctx, id, []byte(`{"arms":[]}`), "sha256:abc", map[string][]byte{"a.csv": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(ctx, id)
	if err != nil || r.Status != store.Done || r.ModelHash != "sha256:abc" || r.Started == nil || r.Finished == nil || r.Spec != "version: 1\n" {
		t.Fatalf("after finishing: %+v, %v", r, err)
	}
	if err := s.End(ctx, id, store.Cancelled, "late"); !errors.Is(err, store.ErrState) {
		t.Errorf("cancelling a done run: %v", err)
	}
	b, err := s.Result(ctx, id)
	if err != nil || string(b) != `{"arms":[]}` {
		t.Errorf("result %q, %v", b, err)
	}
	names, err := s.Files(ctx, id)
	if f, ferr := s.File(ctx, id, "a.csv"); err != nil || ferr != nil || len(names) != 1 || string(f) != "x" {
		t.Errorf("files %v %q, %v %v", names, f, err, ferr)
	}
	if _, err := s.File(ctx, id, "b.csv"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown file: %v", err)
	}
	id2, _ := s.Create(ctx, store.Run{Name: "other"})
	if err := s.End(ctx, id2, store.Cancelled, "by the user"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Result(ctx, id2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a cancelled run has a result: %v", err)
	}
	runs, err := s.List(ctx, store.Filter{Search: "TNBC"})
	if err != nil || len(runs) != 1 || runs[0].ID != id || runs[0].Spec != "" {
		t.Errorf("search: %+v, %v", runs, err)
	}
	runs, _ = s.List(ctx, store.Filter{Status: store.Cancelled})
	if len(runs) != 1 || runs[0].ID != id2 || runs[0].Error != "by the user" {
		t.Errorf("status filter: %+v", runs)
	}
	if _, err := s.Get(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

// The helper process for TestKill9: finishes one run, starts another and
// waits to be killed.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv("IKKLAB_STORE_HELPER")
	if path == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	s := open(t, path)
	done, _ := s.Create(ctx, store.Run{Name: "finished"})
	s.Start(ctx, done)
	s.Finish(ctx, done, []byte(`{"complete":true}`), "sha256:1", nil)
	running, _ := s.Create(ctx, store.Run{Name: "interrupted"})
	s.Start(ctx, running)
	s.Create(ctx, store.Run{Name: "waiting"})
	os.WriteFile(path+".ready", nil, 0o644)
	time.Sleep(time.Minute)
}

// kill -9 during runs: the database opens, the interrupted and queued runs
// are failed with the reason, and the finished result is intact.
func TestKill9(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ikklab.db")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "IKKLAB_STORE_HELPER="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path + ".ready"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the helper never got ready")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	s := open(t, path)
	defer s.Close()
	ctx := context.Background()
	runs, err := s.List(ctx, store.Filter{})
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs after kill -9: %+v, %v", runs, err)
	}
	for _, r := range runs {
		switch r.Name {
		case "finished":
			b, err := s.Result(ctx, r.ID)
			if r.Status != store.Done || err != nil || string(b) != `{"complete":true}` {
				t.Errorf("the finished run: %+v, result %q, %v", r, b, err)
			}
		default:
			if r.Status != store.Failed || !strings.Contains(r.Error, "interrupted") {
				t.Errorf("%s after kill -9: %+v", r.Name, r)
			}
		}
	}
}

// A database from a newer schema is refused, not misread.
func TestNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ikklab.db")
	s := open(t, path)
	s.Close()
	db := open(t, path)
	db.Close()
	// Raise user_version beyond what this build knows through a raw
	// connection of the same driver.
	if err := store.SetUserVersionForTest(path, 99); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer than this ikklab") {
		t.Errorf("schema 99: %v", err)
	}
}
