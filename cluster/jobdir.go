package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/internal/limitread"
)

// A job directory holds everything of one Slurm job: job.json (the job),
// ikklab (the binary that made it, which every task runs, so a rebuild
// meanwhile changes nothing), array.sh and merge.sh, slurm.json (what was
// submitted), shards/, logs/, and once merged result/ and result.txt.
const (
	jobFile        = "job.json"
	submissionFile = "slurm.json"
	exeFile        = "ikklab"
)

// Submission is what was submitted from a job directory.
type Submission struct {
	Tasks     int          `json:"tasks"`
	Options   SlurmOptions `json:"options"`
	ArrayJobs []ArrayJob   `json:"array_jobs"` // the first, then each retry
	MergeJobs []string     `json:"merge_jobs"` // one after each array job
}

// ArrayJob is one submission of tasks.
type ArrayJob struct {
	ID      string `json:"id"`
	Indices []int  `json:"indices"`
}

// ReadJob reads a job file.
func ReadJob(path string) (*Job, error) {
	data, err := limitread.File(path, 1<<30)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var j Job
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s: not a job file: %v", path, err)
	}
	if j.Kind == "" || len(j.Specs) == 0 && j.Claims == nil {
		return nil, fmt.Errorf("%s: not a job file (no kind or no specs)", path)
	}
	return &j, nil
}

// Submit prepares dir (which must not hold a job already) and submits the
// job as an array of o.Tasks tasks and a merge job after it. exe is the
// running ikklab binary, copied into dir.
func Submit(ctx context.Context, dir, exe string, job *Job, o SlurmOptions) (*Submission, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, submissionFile)); err == nil {
		return nil, fmt.Errorf("%s already holds a submitted job (ikklab slurm status %s); use another -o, or -retry-failed", dir, dir)
	}
	for _, d := range []string{dir, filepath.Join(dir, "shards"), filepath.Join(dir, "logs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	data, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.Write(filepath.Join(dir, jobFile), append(data, '\n')); err != nil {
		return nil, err
	}
	if err := copyExe(exe, filepath.Join(dir, exeFile)); err != nil {
		return nil, err
	}
	o.Dir, o.Exe, o.Indices = dir, filepath.Join(dir, exeFile), nil
	sub := &Submission{Tasks: o.Tasks, Options: o}
	if err := sub.submit(ctx, nil); err != nil {
		return nil, err
	}
	return sub, nil
}

// submit submits the given tasks (nil: all) and a merge job after them,
// and records both in slurm.json.
func (sub *Submission) submit(ctx context.Context, indices []int) error {
	o := sub.Options
	o.Indices = indices
	array := filepath.Join(o.Dir, "array.sh")
	merge := filepath.Join(o.Dir, "merge.sh")
	if err := atomicfile.Write(array, []byte(ArrayScript(o))); err != nil {
		return err
	}
	if err := atomicfile.Write(merge, []byte(MergeScript(o))); err != nil {
		return err
	}
	id, err := Sbatch(ctx, array)
	if err != nil {
		return err
	}
	if indices == nil {
		indices = make([]int, o.Tasks)
		for i := range indices {
			indices[i] = i
		}
	}
	sub.ArrayJobs = append(sub.ArrayJobs, ArrayJob{ID: id, Indices: indices})
	return sub.submitMerge(ctx, []string{"--dependency=afterany:" + id})
}

// submitMerge submits merge.sh (after the given sbatch arguments, e.g. a
// dependency), forgetting the previous merge's exit code, and records it.
func (sub *Submission) submitMerge(ctx context.Context, args []string) error {
	os.Remove(filepath.Join(sub.Options.Dir, "merge.code"))
	mid, err := Sbatch(ctx, filepath.Join(sub.Options.Dir, "merge.sh"), args...)
	if err != nil {
		sub.save() // the tasks run: keep their record
		return err
	}
	sub.MergeJobs = append(sub.MergeJobs, mid)
	return sub.save()
}

func (sub *Submission) save() error {
	data, err := json.MarshalIndent(sub, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(sub.Options.Dir, submissionFile), append(data, '\n'))
}

func copyExe(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("copying ikklab into the job directory: %v", err)
	}
	tmp := to + ".tmp"
	if err := os.WriteFile(tmp, data, 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}

// OpenSubmission reads dir's slurm.json.
func OpenSubmission(dir string) (*Submission, error) {
	data, err := os.ReadFile(filepath.Join(dir, submissionFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no submitted job here (no %s)", dir, submissionFile)
	} else if err != nil {
		return nil, err
	}
	var sub Submission
	if err := json.Unmarshal(data, &sub); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, submissionFile), err)
	}
	if sub.Tasks < 1 || len(sub.ArrayJobs) == 0 {
		return nil, fmt.Errorf("%s: no tasks recorded", filepath.Join(dir, submissionFile))
	}
	return &sub, nil
}

// TaskStatus is the state of one task: DONE when its shard is written,
// else the state of its latest submission (Slurm's, or GONE).
type TaskStatus struct {
	Index    int
	State    string
	Reason   string
	ExitCode string
	JobID    string
}

// Status is the state of a submitted job.
type Status struct {
	Tasks      []TaskStatus
	MergeJob   string
	MergeState string // Slurm's state of the latest merge job, or GONE
	Merged     bool   // the merge finished: merge.code says 0, or 1 (merged; an expectation does not hold)
}

// Failed lists the tasks that ended without a shard.
func (s *Status) Failed() []int {
	var out []int
	for _, t := range s.Tasks {
		if t.State != "DONE" && Finished(t.State) {
			out = append(out, t.Index)
		}
	}
	return out
}

// Active says whether any task or the merge job is still queued or running.
func (s *Status) Active() bool {
	for _, t := range s.Tasks {
		if !Finished(t.State) {
			return true
		}
	}
	return !Finished(s.MergeState)
}

// Counts are the tasks by state.
func (s *Status) Counts() map[string]int {
	m := map[string]int{}
	for _, t := range s.Tasks {
		m[t.State]++
	}
	return m
}

// State reads the state of every task and of the merge job.
func (sub *Submission) State(ctx context.Context) (*Status, error) {
	st := &Status{}
	latest := map[int]string{} // task → array job id
	for _, a := range sub.ArrayJobs {
		for _, i := range a.Indices {
			latest[i] = a.ID
		}
	}
	records := map[string]map[int]Record{} // array job → task → record
	for _, a := range sub.ArrayJobs {
		recs, err := Scontrol(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		m := map[int]Record{}
		for _, r := range recs {
			for _, t := range r.Tasks {
				m[t] = r
			}
		}
		records[a.ID] = m
	}
	for i := 0; i < sub.Tasks; i++ {
		ts := TaskStatus{Index: i, JobID: latest[i], State: StateGone}
		if r, ok := records[latest[i]][i]; ok {
			ts.State, ts.Reason, ts.ExitCode = r.State, r.Reason, r.ExitCode
		}
		if _, err := os.Stat(filepath.Join(sub.Options.Dir, "shards", ShardFileName(i, sub.Tasks))); err == nil {
			ts.State = "DONE"
		}
		st.Tasks = append(st.Tasks, ts)
	}
	st.MergeState = StateGone
	if n := len(sub.MergeJobs); n > 0 {
		st.MergeJob = sub.MergeJobs[n-1]
		recs, err := Scontrol(ctx, st.MergeJob)
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			st.MergeState = recs[0].State
		}
	}
	if code, ok := sub.MergeCode(); ok {
		st.Merged = code == 0 || code == 1
	}
	return st, nil
}

// ErrNothingFailed is RetryFailed's answer when every task wrote its shard.
var ErrNothingFailed = errors.New("no task failed: every shard is written")

// MergeCode is the exit code of the latest merge (merge.code), when it
// ran to the end.
func (sub *Submission) MergeCode() (int, bool) {
	data, err := os.ReadFile(filepath.Join(sub.Options.Dir, "merge.code"))
	if err != nil {
		return 0, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(data)))
	return code, err == nil
}

// RetryFailed resubmits the tasks that ended without a shard, alone, and
// a merge job after them. It refuses while anything is still queued or
// running, and when no task failed.
func (sub *Submission) RetryFailed(ctx context.Context) ([]int, error) {
	st, err := sub.State(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range st.Tasks {
		if !Finished(t.State) {
			return nil, fmt.Errorf("task %d is still %s; wait for the job first (ikklab slurm wait %s)", t.Index, t.State, sub.Options.Dir)
		}
	}
	failed := st.Failed()
	if len(failed) == 0 {
		if st.Merged {
			return nil, ErrNothingFailed
		}
		if !Finished(st.MergeState) {
			return nil, fmt.Errorf("the merge job %s is still %s; wait for it first", st.MergeJob, st.MergeState)
		}
		// Every shard is there but the merge did not finish (killed,
		// out of time or memory): run the merge alone.
		return nil, sub.submitMerge(ctx, nil)
	}
	if !Finished(st.MergeState) {
		// The old merge job waits for nothing that will come right: it
		// would run now and fail; the new one replaces it.
		if err := cancel(ctx, st.MergeJob); err != nil {
			return nil, err
		}
	}
	return slices.Clone(failed), sub.submit(ctx, failed)
}
