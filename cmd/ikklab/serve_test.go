package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
