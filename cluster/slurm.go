package cluster

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// SlurmOptions describe a job array: its tasks and what each asks of the
// scheduler.
type SlurmOptions struct {
	Name      string // job name
	Dir       string // the job directory (absolute): job.json, shards/, logs/, result/
	Exe       string // the ikklab binary the tasks run (absolute)
	Tasks     int    // N: shards of the job
	Indices   []int  // the shards to run (nil: 0..N-1)
	Partition string // "": the default partition
	Time      string // per task, Slurm syntax (e.g. 30:00); "": the partition's limit
	Mem       string // per task (e.g. 2G); "": the partition's default
	CPUs      int    // per task (default 1); also the task's -workers
	Claims    bool   // a claims job: its merge is one analysis, printed to result.txt
	KBDir     string // the knowledge-base directory the job was made with ("": the built-in one)
}

// kbArg is the -kb flag the tasks and the merge need.
func (o SlurmOptions) kbArg() string {
	if o.KBDir == "" {
		return ""
	}
	return "-kb " + shellWord(o.KBDir) + " "
}

// ArrayScript is the sbatch script of the job array: task i runs shard i
// of the job file into shards/ (atomically, so a killed task leaves no
// shard), logging to logs/task-i.out.
func ArrayScript(o SlurmOptions) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	header(&b, o, o.Name)
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", arraySpec(o.Indices, o.Tasks))
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", shellWord(slurmPattern(o.Dir)+"/logs/task-%a.out"))
	fmt.Fprintf(&b, "exec %s shard -q %s-workers %d -shard \"$SLURM_ARRAY_TASK_ID/%d\" -o %s %s\n",
		shellWord(o.Exe), o.kbArg(), max(o.CPUs, 1), o.Tasks, shellWord(o.Dir+"/shards"), shellWord(o.Dir+"/job.json"))
	return b.String()
}

// MergeScript is the sbatch script of the merge job: it runs after every
// task has ended (afterany), so that it fails, naming the missing shards,
// when a task failed.
func MergeScript(o SlurmOptions) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	m := o
	m.Mem = "" // a merge holds one number series per run, far less than a task
	header(&b, m, o.Name+"-merge")
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", shellWord(slurmPattern(o.Dir)+"/logs/merge.out"))
	out := "-o " + shellWord(o.Dir+"/result") + " "
	if o.Claims {
		out = ""
	}
	txt, code := shellWord(o.Dir+"/result.txt"), shellWord(o.Dir+"/merge.code")
	fmt.Fprintf(&b, "%s merge %s-workers %d %s%s > %s.tmp\n", shellWord(o.Exe), o.kbArg(), max(o.CPUs, 1), out, shellWord(o.Dir+"/shards"), txt)
	b.WriteString("code=$?\n")
	fmt.Fprintf(&b, "[ $code -le 1 ] && mv -f %s.tmp %s\n", txt, txt)
	fmt.Fprintf(&b, "echo $code > %s.tmp && mv -f %s.tmp %s\n", code, code, code)
	b.WriteString("# 1: merged, and an expectation of the spec does not hold (result.txt says which;\n# ikklab slurm wait exits 1 and says so): the merge itself succeeded\n[ $code -eq 1 ] && exit 0\nexit $code\n")
	return b.String()
}

func header(b *strings.Builder, o SlurmOptions, name string) {
	fmt.Fprintf(b, "#SBATCH --job-name=%s\n", shellWord(name))
	fmt.Fprintf(b, "#SBATCH --chdir=%s\n", shellWord(o.Dir))
	fmt.Fprintf(b, "#SBATCH --cpus-per-task=%d\n", max(o.CPUs, 1))
	if o.Partition != "" {
		fmt.Fprintf(b, "#SBATCH --partition=%s\n", shellWord(o.Partition))
	}
	if o.Time != "" {
		fmt.Fprintf(b, "#SBATCH --time=%s\n", shellWord(o.Time))
	}
	if o.Mem != "" {
		fmt.Fprintf(b, "#SBATCH --mem=%s\n", shellWord(o.Mem))
	}
}

// slurmPattern escapes the % of a path for sbatch's filename patterns.
func slurmPattern(path string) string { return strings.ReplaceAll(path, "%", "%%") }

// arraySpec writes indices as Slurm's --array list (ranges joined).
func arraySpec(indices []int, n int) string {
	if indices == nil {
		return fmt.Sprintf("0-%d", n-1)
	}
	idx := append([]int(nil), indices...)
	sort.Ints(idx)
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(idx[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[i], idx[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

var safeWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellWord quotes s for sh (and for #SBATCH lines, which sbatch splits
// like a shell).
func shellWord(s string) string {
	if safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Sbatch submits a script with sbatch --parsable (and the extra arguments,
// e.g. a dependency) and returns the job id.
func Sbatch(ctx context.Context, script string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "sbatch", append(append([]string{"--parsable"}, args...), script)...)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("sbatch: %v%s", err, stderrOf(err))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";") // "id" or "id;cluster"
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("sbatch printed %q, not a job id", strings.TrimSpace(string(out)))
	}
	return id, nil
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return ": " + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}

// Task states beyond Slurm's own (which are upper case: PENDING, RUNNING,
// COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, ...).
const (
	StateGone = "GONE" // no longer known to the controller (after MinJobAge) or never seen
)

// Record is one line of scontrol -o show job: a job, an array task, or a
// range of pending array tasks.
type Record struct {
	JobID    string
	Tasks    []int // array task ids (nil: not an array)
	State    string
	Reason   string
	ExitCode string
	WorkDir  string
}

// ParseScontrol reads the output of scontrol -o show job (one record a
// line, KEY=VALUE fields), as Slurm 22.05 and later print it.
func ParseScontrol(out string) ([]Record, error) {
	var recs []Record
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := fields(line)
		r := Record{JobID: f["JobId"], State: f["JobState"], Reason: f["Reason"], ExitCode: f["ExitCode"], WorkDir: f["WorkDir"]}
		if r.JobID == "" || r.State == "" {
			return nil, fmt.Errorf("scontrol: no JobId or JobState in %q", truncate(line, 80))
		}
		if t, ok := f["ArrayTaskId"]; ok && t != "N/A" {
			tasks, err := parseTaskList(t)
			if err != nil {
				return nil, fmt.Errorf("scontrol: ArrayTaskId=%s: %v", t, err)
			}
			r.Tasks = tasks
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// fields splits "K=V K=V" (values without spaces, as -o prints the fields
// read here; a value with spaces only joins the next token, which is
// harmless for them).
func fields(line string) map[string]string {
	m := map[string]string{}
	for _, tok := range strings.Fields(line) {
		k, v, ok := strings.Cut(tok, "=")
		if ok {
			if _, seen := m[k]; !seen {
				m[k] = v
			}
		}
	}
	return m
}

// parseTaskList reads an array task list: "3", "2-15", "1,4-6", with an
// optional ":step" per range and "%limit" at the end.
func parseTaskList(s string) ([]int, error) {
	s, _, _ = strings.Cut(s, "%")
	var out []int
	for _, part := range strings.Split(s, ",") {
		rng, stepText, hasStep := strings.Cut(part, ":")
		step := 1
		if hasStep {
			var err error
			if step, err = strconv.Atoi(stepText); err != nil || step < 1 {
				return nil, fmt.Errorf("bad step %q", stepText)
			}
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, fmt.Errorf("bad task id %q", lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("bad range %q", rng)
			}
		}
		if b-a > MaxShards {
			return nil, fmt.Errorf("range %q too long", rng)
		}
		for x := a; x <= b; x += step {
			out = append(out, x)
		}
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Scontrol returns the records of a job (every task of an array job);
// none when the controller no longer knows it.
func Scontrol(ctx context.Context, jobID string) ([]Record, error) {
	out, err := exec.CommandContext(ctx, "scontrol", "-o", "show", "job", jobID).Output()
	if err != nil {
		if msg := stderrOf(err); strings.Contains(msg, "Invalid job id") {
			return nil, nil
		}
		return nil, fmt.Errorf("scontrol show job %s: %v%s", jobID, err, stderrOf(err))
	}
	return ParseScontrol(string(out))
}

// Finished says whether a Slurm state is final.
func Finished(state string) bool {
	switch state {
	case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT", "REQUEUE_HOLD", "REQUEUE_FED":
		return false
	}
	return true
}

// cancel cancels a job with scancel.
func cancel(ctx context.Context, jobID string) error {
	if out, err := exec.CommandContext(ctx, "scancel", jobID).CombinedOutput(); err != nil {
		return fmt.Errorf("scancel %s: %v: %s", jobID, err, strings.TrimSpace(string(out)))
	}
	return nil
}
