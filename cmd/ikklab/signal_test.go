package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStopSignals: SIGINT and SIGTERM each stop a long simulation within a
// second, with exit 130 and a partial result that says so (SIGTERM, which
// Slurm sends on scancel, killed the process with 143 and no output). The
// test binary re-runs itself as ikklab (IKKLAB_TEST_MAIN).
func TestStopSignals(t *testing.T) {
	if os.Getenv("IKKLAB_TEST_MAIN") == "1" {
		os.Args = append([]string{"ikklab"}, strings.Fields(os.Getenv("IKKLAB_TEST_ARGS"))...)
		main()
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sim")
			cmd := exec.Command(os.Args[0], "-test.run=^TestStopSignals$")
			cmd.Env = append(os.Environ(), "IKKLAB_TEST_MAIN=1",
				"IKKLAB_TEST_ARGS=simulate ikklab -context tnbc -samples 5000000 -q -o "+out)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // past start-up, into the trajectories
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			took := time.Since(sent)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitStopped {
				t.Fatalf("%v after %s: %v, want exit %d; stderr:\n%s", sig, took, err, exitStopped, stderr.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%v: the partial result took the complete result's place %s", sig, out)
			}
			if _, err := os.Stat(out + ".partial"); err != nil {
				t.Errorf("%v: no partial result: %v; stderr:\n%s", sig, err, stderr.String())
			}
		})
	}
}
