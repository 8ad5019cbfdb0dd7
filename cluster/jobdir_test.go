package cluster

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fakeSlurm puts sbatch, scontrol and scancel on PATH: sbatch records its
// arguments and script and prints the next job id; scontrol prints the
// file states/<job id> (nothing, and "Invalid job id", when absent).
func fakeSlurm(t *testing.T) (dir string) {
	dir = t.TempDir()
	os.MkdirAll(filepath.Join(dir, "states"), 0o755)
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("sbatch", `d=$(dirname "$0")
n=$(cat "$d/next" 2>/dev/null || echo 100); echo $((n+1)) > "$d/next"
echo "$@" >> "$d/sbatch.log"
for a; do s="$a"; done; cp "$s" "$d/script-$n"
echo "$n;local"
`)
	write("scontrol", `d=$(dirname "$0")
f="$d/states/$4"
[ -f "$f" ] || { echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1; }
cat "$f"
`)
	write("scancel", `echo "$@" >> "$(dirname "$0")/scancel.log"`)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

// TestSubmitStatusRetry: a job directory is made and submitted (array,
// then merge after it); tasks count as done by their shard files; a
// failed task and one Slurm has forgotten are resubmitted alone.
func TestSubmitStatusRetry(t *testing.T) {
	fake := fakeSlurm(t)
	k := defaultKB(t)
	job := runJob(t, k, "version: 1\nname: small\ncontext: tnbc\ntime: 5\nsamples: 20\nreadouts: [Proliferation]\narms:\n  - name: control\n  - name: ko\n    knockout: [TBK1]\n")
	exe := filepath.Join(t.TempDir(), "ikklab")
	os.WriteFile(exe, []byte("binary"), 0o755)
	dir := filepath.Join(t.TempDir(), "job dir")
	sub, err := Submit(context.Background(), dir, exe, job, SlurmOptions{Name: "ikklab-small", Tasks: 4, CPUs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sub.ArrayJobs[0].ID != "100" || sub.MergeJobs[0] != "101" {
		t.Fatalf("job ids %+v %v", sub.ArrayJobs, sub.MergeJobs)
	}
	log, _ := os.ReadFile(filepath.Join(fake, "sbatch.log"))
	if lines := strings.Split(strings.TrimSpace(string(log)), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "--dependency=afterany:100") {
		t.Errorf("sbatch calls:\n%s", log)
	}
	for _, f := range []string{"job.json", "ikklab", "array.sh", "merge.sh", "slurm.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not in the job directory: %v", f, err)
		}
	}
	if _, err := Submit(context.Background(), dir, exe, job, SlurmOptions{Tasks: 4}); err == nil {
		t.Error("a second submit into the same directory was accepted")
	}
	// Tasks 0 and 2 wrote their shards; 1 failed; 3 is forgotten.
	for _, i := range []int{0, 2} {
		os.WriteFile(filepath.Join(dir, "shards", ShardFileName(i, 4)), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(fake, "states", "100"), []byte(
		"JobId=102 ArrayJobId=100 ArrayTaskId=0 JobState=COMPLETED Reason=None ExitCode=0:0 WorkDir=/x\n"+
			"JobId=103 ArrayJobId=100 ArrayTaskId=1 JobState=FAILED Reason=NonZeroExitCode ExitCode=0:9 WorkDir=/x\n"+
			"JobId=104 ArrayJobId=100 ArrayTaskId=2 JobState=COMPLETED Reason=None ExitCode=0:0 WorkDir=/x\n"), 0o644)
	os.WriteFile(filepath.Join(fake, "states", "101"), []byte("JobId=101 JobState=FAILED Reason=NonZeroExitCode ExitCode=2:0 WorkDir=/x\n"), 0o644)
	sub, err = OpenSubmission(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sub.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, ts := range st.Tasks {
		states = append(states, ts.State)
	}
	if want := []string{"DONE", "FAILED", "DONE", StateGone}; !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
	if st.Active() || st.Merged || !slices.Equal(st.Failed(), []int{1, 3}) {
		t.Errorf("active %v merged %v failed %v", st.Active(), st.Merged, st.Failed())
	}
	failed, err := sub.RetryFailed(context.Background())
	if err != nil || !slices.Equal(failed, []int{1, 3}) {
		t.Fatalf("retry: %v %v", failed, err)
	}
	script, _ := os.ReadFile(filepath.Join(fake, "script-102"))
	if !strings.Contains(string(script), "#SBATCH --array=1,3\n") {
		t.Errorf("retry array script:\n%s", script)
	}
	sub, _ = OpenSubmission(dir)
	if len(sub.ArrayJobs) != 2 || !slices.Equal(sub.ArrayJobs[1].Indices, []int{1, 3}) || sub.MergeJobs[1] != "103" {
		t.Errorf("recorded %+v %v", sub.ArrayJobs, sub.MergeJobs)
	}
	// The retried tasks wrote their shards, but the merge died (no
	// merge.code): a retry runs the merge alone.
	for _, i := range []int{1, 3} {
		os.WriteFile(filepath.Join(dir, "shards", ShardFileName(i, 4)), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(fake, "states", "102"), []byte("JobId=105 ArrayJobId=102 ArrayTaskId=1 JobState=COMPLETED Reason=None ExitCode=0:0 WorkDir=/x\n"), 0o644)
	os.WriteFile(filepath.Join(fake, "states", "103"), []byte("JobId=103 JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:9 WorkDir=/x\n"), 0o644)
	if failed, err := sub.RetryFailed(context.Background()); err != nil || len(failed) != 0 {
		t.Fatalf("merge-only retry: %v %v", failed, err)
	}
	if sub.MergeJobs[len(sub.MergeJobs)-1] != "104" {
		t.Errorf("merge jobs %v", sub.MergeJobs)
	}
	os.WriteFile(filepath.Join(dir, "merge.code"), []byte("0\n"), 0o644)
	if _, err := sub.RetryFailed(context.Background()); err != ErrNothingFailed {
		t.Errorf("after a merge that finished: %v, want ErrNothingFailed", err)
	}
	os.Remove(filepath.Join(dir, "merge.code"))
	for _, i := range []int{1, 3} {
		os.Remove(filepath.Join(dir, "shards", ShardFileName(i, 4)))
	}
	// The retried tasks are pending: a second retry is refused.
	os.WriteFile(filepath.Join(fake, "states", "102"), []byte("JobId=102 ArrayJobId=102 ArrayTaskId=1,3 JobState=PENDING Reason=Priority ExitCode=0:0 WorkDir=/x\n"), 0o644)
	if _, err := sub.RetryFailed(context.Background()); err == nil || !strings.Contains(err.Error(), "still PENDING") {
		t.Errorf("retry while pending: %v", err)
	}
}
