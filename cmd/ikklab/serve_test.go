package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ikklab/ikklab/store"
)

// serve refuses to listen beyond loopback without a token, and bad flags.
func TestServeRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "-addr", "0.0.0.0:8080"},
		{"serve", "-addr", "nonsense"},
		{"serve", "-queue", "0"},
	} {
		if code, _, errs := ikklab(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
}

// run -db records a CLI run with its result.
func TestRunRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	// Exit 1 (an expectation fails at 200 samples) still records the run.
	if code, _, errs := ikklab(t, "run", "../../examples/quickstart.yaml", "-q", "-samples", "200", "-db", db); code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.List(context.Background(), store.Filter{})
	if err != nil || len(runs) != 1 || runs[0].Status != store.Done || runs[0].Source != "cli" {
		t.Fatalf("runs: %+v, %v", runs, err)
	}
	if b, err := st.Result(context.Background(), runs[0].ID); err != nil || !strings.Contains(string(b), `"arms"`) {
		t.Errorf("result: %v", err)
	}
}

// A -db that cannot be opened is found before anything is computed: exit 2
// with one line, as for a bad -o.
func TestBadDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "no-such-dir", "runs.db")
	for _, args := range [][]string{
		{"run", "../../examples/quickstart.yaml", "-q", "-db", db},
		{"serve", "-addr", "127.0.0.1:0", "-db", db},
	} {
		if code, _, errs := ikklab(t, args...); code != exitUsage || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "runs.db") {
			t.Errorf("%v: exit %d, %q", args[0], code, errs)
		}
	}
}

// serve stopped by Ctrl-C (its context cancelled) exits 130, interrupted.
func TestServeInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out bytes.Buffer
	var errb lockedBuffer // read here while serve writes to it
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "runs.db")}, strings.NewReader(""), &out, &errb)
	}()
	for !strings.Contains(errb.String(), "listening") { // the log line once it listens
		select {
		case code := <-done:
			t.Fatalf("serve ended early: exit %d, %s", code, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if code := <-done; code != exitStopped {
		t.Errorf("serve after Ctrl-C: exit %d, want %d", code, exitStopped)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
