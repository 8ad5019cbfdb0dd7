package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sameTree reports the first file that differs between two directories.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	ea, _ := os.ReadDir(a)
	eb, _ := os.ReadDir(b)
	if len(ea) != len(eb) || len(ea) == 0 {
		t.Fatalf("%s has %d files, %s %d", a, len(ea), b, len(eb))
	}
	for _, e := range ea {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs (%v)", e.Name(), err)
		}
	}
}

// TestShardMerge: ikklab run and ikklab screen -pairs, cut into shards on
// the command line and merged, print and write what the local command
// does, byte for byte.
func TestShardMerge(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"run", []string{"run", "../../examples/quickstart.yaml", "-samples", "300"}},
		{"pairs", []string{"screen", "-pairs", "-contexts", "tnbc", "-samples", "30", "-pair-doses", "2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			local, shards, merged := t.TempDir(), t.TempDir(), t.TempDir()
			// Exit 1 (an expectation fails at these few samples) still
			// writes a complete result; the merge must say the same.
			localCode, want, errs := ikklab(t, append(c.args, "-q", "-o", local)...)
			if localCode != 0 && localCode != 1 {
				t.Fatalf("local: exit %d: %s", localCode, errs)
			}
			for i := 0; i < 3; i++ {
				if code, _, errs := ikklab(t, append(c.args, "-q", "-shard", []string{"0/3", "1/3", "2/3"}[i], "-o", shards, "-workers", "1")...); code != 0 {
					t.Fatalf("shard %d: exit %d: %s", i, code, errs)
				}
			}
			code, got, errs := ikklab(t, "merge", shards, "-o", merged)
			if code != localCode {
				t.Fatalf("merge: exit %d, local %d: %s", code, localCode, errs)
			}
			if got != want {
				t.Errorf("merged table differs:\n%s\nlocal:\n%s", got, want)
			}
			sameTree(t, local, merged)
		})
	}
}

// TestShardMergeClaims: claims -robustness and -random, sharded by
// network and merged, print what the local analysis prints.
func TestShardMergeClaims(t *testing.T) {
	for _, args := range [][]string{
		{"claims", "-robustness", "3", "-only", "C19,C21", "-samples", "100"},
		{"claims", "-random", "2", "-only", "C19", "-samples", "100", "-format", "json"},
	} {
		code, want, errs := ikklab(t, append(args, "-q")...)
		if code != 0 && code != 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		shards := t.TempDir()
		for _, sh := range []string{"0/2", "1/2"} {
			code, _, errs := ikklab(t, append(args, "-shard", sh, "-o", shards)...)
			if code != 0 {
				t.Fatalf("%v shard %s: exit %d: %s", args, sh, code, errs)
			}
			if !strings.Contains(errs, " of 3 networks") || strings.Contains(errs, ": 0 of ") { // each shard has networks to run
				t.Errorf("%v: shard %s ran nothing: %s", args, sh, errs)
			}
		}
		format := "table"
		if slices.Contains(args, "json") {
			format = "json"
		}
		code, got, errs := ikklab(t, "merge", "-format", format, shards)
		if code != 0 {
			t.Fatalf("merge: exit %d: %s", code, errs)
		}
		if got != want {
			t.Errorf("%v: merged\n%s\nlocal\n%s", args, got, want)
		}
	}
	if code, _, errs := ikklab(t, "claims", "-shard", "0/2", "-o", t.TempDir()); code != 2 || !strings.Contains(errs, "only -robustness K and -random K split") {
		t.Errorf("claims -shard without an analysis: exit %d, %s", code, errs)
	}
}

func TestShardMergeErrors(t *testing.T) {
	shards := t.TempDir()
	spec := "../../examples/quickstart.yaml"
	if code, _, errs := ikklab(t, "run", spec, "-samples", "50", "-q", "-shard", "0/2", "-o", shards); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"merge", shards}, 2, "shards missing: 1 of 2"},
		{[]string{"merge"}, 2, "give the shard files"},
		{[]string{"merge", t.TempDir()}, 2, "no shard files"},
		{[]string{"run", spec, "-shard", "2/2", "-o", shards}, 2, "want i/N with 0 ≤ i < N"},
		{[]string{"run", spec, "-shard", "x", "-o", shards}, 2, "want i/N"},
		{[]string{"run", spec, "-shard", "0/2"}, 2, "give -o DIR"},
		{[]string{"run", spec, "-shard", "0/2", "-o", shards, "-db", filepath.Join(shards, "x.db")}, 2, "-db records whole runs"},
		{[]string{"slurm", "submt"}, 2, "did you mean submit"},
		{[]string{"slurm", "submit", "-tasks", "0", spec}, 2, "-tasks 0 outside"},
		{[]string{"slurm", "submit", "-time", "soon", spec}, 2, "not a Slurm time"},
		{[]string{"slurm", "submit", "--", "screen", "-contexts", "nowhere"}, 2, "-contexts"},
		{[]string{"slurm", "status", t.TempDir()}, 2, "no submitted job here"},
		{[]string{"screen", "-pairs", "-pair-doses", "12"}, 2, "2..9 doses a side, not 12"},
		{[]string{"screen", "-pairs", "-contexts", "tnbcc"}, 2, "did you mean tnbc"},
		{[]string{"export", "-format", "svg", "-arm", "x"}, 2, "give -result FILE"},
		{[]string{"export", "-format", "dot", "-result", "x.json"}, 2, "need -format svg"},
		{[]string{"export", "-format", "svg", "-result", filepath.Join(shards, "none.json")}, 2, "no such file"},
	} {
		code, _, errs := ikklab(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	// A second run of the same shard with another seed is another job.
	if code, _, errs := ikklab(t, "run", spec, "-samples", "50", "-q", "-seed", "9", "-shard", "1/2", "-o", shards); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, _, errs := ikklab(t, "merge", shards); code != 2 || !strings.Contains(errs, "another job") {
		t.Errorf("mixed seeds: exit %d, %s", code, errs)
	}
}

// TestSlurmDryRun: the plan and the scripts, without a cluster.
func TestSlurmDryRun(t *testing.T) {
	code, out, errs := ikklab(t, "slurm", "submit", "-dry-run", "-tasks", "16", "-o", filepath.Join(t.TempDir(), "job"), "--", "screen", "-pairs", "-contexts", "tnbc,atl", "-samples", "10")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"pairs: 3570 runs of 210 specs in 16 tasks", "#SBATCH --array=0-15", "shard -q -workers 1", "--dependency=afterany"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
}
