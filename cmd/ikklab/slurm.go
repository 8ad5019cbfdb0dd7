//go:build !sim

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
)

func runSlurm(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(e.stdout, `Usage: ikklab slurm submit|status|wait [flags] ...

Run a run or a screen on a Slurm cluster as a job array: each task runs a
shard of the runs (balanced by cost) and a merge job after them combines
the shards into what one local run gives.

  submit [flags] SPEC.yaml              a run (the spec's own samples)
  submit [flags] -- screen [flags]      a screen (or: -- run SPEC.yaml -samples N,
                                        -- claims -robustness K | -random K)
  submit -retry-failed DIR|JOBID        resubmit the tasks that ended without a shard
  status DIR|JOBID                      every task's state, the merge job's
  wait [-timeout D] DIR|JOBID           until the tasks and the merge end

Run 'ikklab slurm submit -h' for the flags.
`)
		return exitOK
	}
	switch args[0] {
	case "submit":
		return runSlurmSubmit(e, args[1:])
	case "status", "wait":
		return runSlurmWatch(e, args[0], args[1:])
	}
	return fail(e, "slurm", exitUsage, fmt.Errorf("unknown subcommand %q%s; want submit, status or wait", args[0], suggestion(args[0], []string{"submit", "status", "wait"})))
}

// slurmTime and slurmMem are what sbatch accepts for --time and --mem.
var (
	slurmTime = regexp.MustCompile(`^(\d+-)?\d+(:\d+){0,2}$|^\d+-\d+$|^(UNLIMITED|INFINITE)$`)
	slurmMem  = regexp.MustCompile(`^\d+[KMGT]?$`)
	slurmName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

func runSlurmSubmit(e *env, args []string) int {
	fs := newFlags("slurm submit", "SPEC.yaml | -- run|screen|claims ARGS...", `Submit a run or a screen to Slurm: a job array of -tasks tasks, each running
one shard (ikklab shard), and a merge job after them (ikklab merge) that
writes DIR/result and DIR/result.txt. DIR holds the job (job.json), the
ikklab binary the tasks run, the sbatch scripts, shards/ and logs/.`, e,
		"ikklab slurm submit -tasks 16 -o jobs/quick examples/quickstart.yaml",
		"ikklab slurm submit -tasks 16 -time 30:00 -mem 2G -o jobs/pairs -- screen -pairs -contexts tnbc,atl -samples 500",
		"ikklab slurm wait jobs/pairs && cat jobs/pairs/result.txt",
		"ikklab slurm submit -retry-failed jobs/pairs")
	tasks := fs.Int("tasks", 16, "array tasks (shards); at most the number of runs")
	partition := fs.String("partition", "", "Slurm `PARTITION` (default: the cluster's default)")
	limit := fs.String("time", "", "time limit per task, Slurm syntax (`T`: 30:00, 2:00:00, 1-0)")
	mem := fs.String("mem", "", "memory per task (`M`: 2G, 500M)")
	cpus := fs.Int("cpus", 1, "CPUs per task (each task's -workers)")
	fs.outLater = true // a directory, made by Submit
	outDir := fs.String("o", "", "the job `DIR` (default ikklab-slurm/NAME-TIME)")
	retry := fs.Bool("retry-failed", false, "resubmit, alone, the tasks of the job DIR (or JOBID) that ended without a shard")
	dry := fs.Bool("dry-run", false, "print the plan and the sbatch scripts; submit nothing")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *retry {
		if len(fs.pos) != 1 {
			return fail(e, "slurm submit", exitUsage, errors.New("-retry-failed takes the job's DIR or JOBID"))
		}
		dir, code, err := jobDir(e.ctx, fs.pos[0])
		if err != nil {
			return fail(e, "slurm submit", code, err)
		}
		sub, err := cluster.OpenSubmission(dir)
		if err != nil {
			return fail(e, "slurm submit", exitUsage, err)
		}
		failed, err := sub.RetryFailed(e.ctx)
		if errors.Is(err, cluster.ErrNothingFailed) {
			fmt.Fprintf(e.stdout, "nothing to retry: every task wrote its shard and the merge finished (%s)\n", dir)
			return exitOK
		}
		if err != nil {
			return fail(e, "slurm submit", exitUsage, err)
		}
		if len(failed) == 0 {
			fmt.Fprintf(e.stdout, "every shard is written; resubmitted the merge alone as job %s\n", sub.MergeJobs[len(sub.MergeJobs)-1])
			return exitOK
		}
		a := sub.ArrayJobs[len(sub.ArrayJobs)-1]
		fmt.Fprintf(e.stdout, "resubmitted %d tasks (%s) as job %s; merge job %s\n", len(failed), joinInts(failed), a.ID, sub.MergeJobs[len(sub.MergeJobs)-1])
		return exitOK
	}
	switch {
	case *tasks < 1 || *tasks > cluster.MaxShards:
		return fail(e, "slurm submit", exitUsage, fmt.Errorf("-tasks %d outside 1..%d", *tasks, cluster.MaxShards))
	case *cpus < 1 || *cpus > maxWorkers:
		return fail(e, "slurm submit", exitUsage, fmt.Errorf("-cpus %d outside 1..%d", *cpus, maxWorkers))
	case *limit != "" && !slurmTime.MatchString(*limit):
		return fail(e, "slurm submit", exitUsage, fmt.Errorf("-time %q is not a Slurm time (30, 30:00, 2:00:00, 1-0, 1-12:00)", *limit))
	case *mem != "" && !slurmMem.MatchString(*mem):
		return fail(e, "slurm submit", exitUsage, fmt.Errorf("-mem %q is not a Slurm size (500M, 2G)", *mem))
	case *partition != "" && !slurmName.MatchString(*partition):
		return fail(e, "slurm submit", exitUsage, fmt.Errorf("-partition %q is not a partition name", *partition))
	case len(fs.pos) == 0:
		return fail(e, "slurm submit", exitUsage, errors.New("give a SPEC.yaml, or -- run|screen|claims ARGS..."))
	}
	inner := fs.pos
	if inner[0] != "run" && inner[0] != "screen" && inner[0] != "claims" {
		if len(inner) != 1 {
			return fail(e, "slurm submit", exitUsage, fmt.Errorf("give one SPEC.yaml, or -- run|screen|claims ARGS... (got %q)", strings.Join(inner, " ")))
		}
		inner = []string{"run", inner[0]}
	}
	// The command's own flags and checks describe the job; it hands the
	// job back instead of running it.
	sub := &env{ctx: e.ctx, stdin: e.stdin, stdout: e.stdout, stderr: e.stderr, makeJob: true}
	command := map[string]func(*env, []string) int{"run": runRun, "screen": runScreen, "claims": runClaims}[inner[0]]
	if code := command(sub, inner[1:]); code != exitOK || sub.job == nil {
		if code == exitOK {
			code = exitUsage
		}
		return code
	}
	job := sub.job
	k, err := sub.kb()
	if err != nil {
		return fail(e, "slurm submit", exitUsage, err)
	}
	runs, split, err := cluster.Split(e.ctx, k, job, *tasks)
	if err != nil {
		return fail(e, "slurm submit", exitUsage, err)
	}
	if err := cluster.CheckIC50(e.ctx, k, job, experiment.Options{Version: job.Version}); err != nil {
		if e.ctx.Err() != nil {
			return fail(e, "slurm submit", exitStopped, e.ctx.Err())
		}
		return fail(e, "slurm submit", exitUsage, err)
	}
	n := len(split)
	name := job.Kind
	switch {
	case job.Kind == cluster.KindRun:
		name = strings.TrimSuffix(filepath.Base(job.Specs[0].Name), filepath.Ext(job.Specs[0].Name))
	case job.Claims != nil:
		name = "claims-" + job.Claims.Analysis
	}
	dir := *outDir
	if dir == "" {
		dir = filepath.Join("ikklab-slurm", name+"-"+time.Now().Format("20060102-150405"))
	}
	o := cluster.SlurmOptions{Name: "ikklab-" + name, Tasks: n, Partition: *partition, Time: *limit, Mem: *mem, CPUs: *cpus, Claims: job.Claims != nil}
	if sub.kbDir != "" {
		if o.KBDir, err = filepath.Abs(sub.kbDir); err != nil {
			return fail(e, "slurm submit", exitUsage, err)
		}
	}
	lo, hi := runs, 0
	for _, c := range split {
		lo, hi = min(lo, c), max(hi, c)
	}
	units := fmt.Sprintf("%d runs of %d specs", runs, len(job.Specs))
	if job.Claims != nil {
		units = fmt.Sprintf("%d networks (each: every claim)", runs)
	}
	fmt.Fprintf(e.stdout, "%s: %s in %d tasks (%d–%d each)\n", job.Kind, units, n, lo, hi)
	if *dry {
		abs, _ := filepath.Abs(dir)
		o.Dir, o.Exe = abs, filepath.Join(abs, "ikklab")
		fmt.Fprintf(e.stdout, "\n# %s/array.sh\n%s\n# %s/merge.sh (after every task: --dependency=afterany)\n%s", abs, cluster.ArrayScript(o), abs, cluster.MergeScript(o))
		return exitOK
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(e, "slurm submit", exitOutput, err)
	}
	s, err := cluster.Submit(e.ctx, dir, exe, job, o)
	if err != nil {
		return fail(e, "slurm submit", exitOutput, err)
	}
	fmt.Fprintf(e.stdout, "submitted job array %s (%d tasks) and merge job %s; job directory %s\n", s.ArrayJobs[0].ID, n, s.MergeJobs[0], s.Options.Dir)
	fmt.Fprintf(e.stdout, "ikklab slurm wait %s\n", s.Options.Dir)
	return exitOK
}

// jobDir is the job directory a DIR or JOBID names.
func jobDir(ctx context.Context, arg string) (string, int, error) {
	if _, err := strconv.Atoi(arg); err != nil {
		return arg, 0, nil
	}
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		return arg, 0, nil
	}
	recs, err := cluster.Scontrol(ctx, arg)
	if err != nil {
		return "", exitOutput, err
	}
	if len(recs) == 0 || recs[0].WorkDir == "" {
		return "", exitUsage, fmt.Errorf("Slurm does not know job %s (never submitted, or finished longer ago than its MinJobAge); give the job directory", arg)
	}
	return recs[0].WorkDir, 0, nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func runSlurmWatch(e *env, what string, args []string) int {
	fs := newFlags("slurm "+what, "DIR|JOBID", map[string]string{
		"status": "Print the state of every task of a submitted job and of its merge job.",
		"wait": `Wait until every task and the merge job have ended. Exit 0 when the job is
merged, 1 when a task or the merge failed (the failed tasks are listed:
ikklab slurm submit -retry-failed DIR resubmits them).`}[what], e,
		"ikklab slurm "+what+" jobs/pairs")
	timeout, quiet := new(time.Duration), new(bool)
	if what == "wait" {
		timeout = fs.Duration("timeout", 0, "give up after `D` (e.g. 2h; default: never)")
		quiet = fs.Bool("q", false, "no progress lines")
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) != 1 {
		return fail(e, "slurm "+what, exitUsage, errors.New("give the job's DIR or JOBID"))
	}
	dir, code, err := jobDir(e.ctx, fs.pos[0])
	if err != nil {
		return fail(e, "slurm "+what, code, err)
	}
	sub, err := cluster.OpenSubmission(dir)
	if err != nil {
		return fail(e, "slurm "+what, exitUsage, err)
	}
	ctx := e.ctx
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	last := ""
	for {
		st, err := sub.State(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return fail(e, "slurm "+what, exitOutput, err)
		}
		line := summary(st)
		if what == "status" {
			fmt.Fprintln(e.stdout, "task\tstate\treason\texit code:signal")
			for _, t := range st.Tasks {
				fmt.Fprintf(e.stdout, "task %d\t%s\t%s\t%s\n", t.Index, t.State, t.Reason, t.ExitCode)
			}
			fmt.Fprintln(e.stdout, line)
			return exitOK
		}
		if line != last && !*quiet {
			fmt.Fprintf(e.stderr, "%s %s\n", time.Now().Format("15:04:05"), line)
			last = line
		}
		if !st.Active() {
			if failed := st.Failed(); len(failed) > 0 || !st.Merged {
				if len(failed) > 0 {
					fmt.Fprintf(e.stderr, "ikklab slurm wait: tasks %s ended without a shard; ikklab slurm submit -retry-failed %s\n", joinInts(failed), sub.Options.Dir)
				} else {
					fmt.Fprintf(e.stderr, "ikklab slurm wait: the merge job %s ended %s; see %s\n", st.MergeJob, st.MergeState, filepath.Join(sub.Options.Dir, "logs", "merge.out"))
				}
				return exitFailed
			}
			return merged(e, sub)
		}
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
			continue
		}
		break
	}
	if e.ctx.Err() != nil {
		return exitStopped
	}
	return fail(e, "slurm wait", exitFailed, fmt.Errorf("still running after %v", *timeout))
}

// summary counts the tasks by state, e.g. "16 tasks: 14 DONE, 2 RUNNING;
// merge job 31 PENDING".
func summary(st *cluster.Status) string {
	c := st.Counts()
	var parts []string
	for _, k := range sortedKeys(c) {
		parts = append(parts, fmt.Sprintf("%d %s", c[k], k))
	}
	return fmt.Sprintf("%d tasks: %s; merge job %s %s", len(st.Tasks), strings.Join(parts, ", "), st.MergeJob, st.MergeState)
}

// merged reports a merged job: where its result is, and whether the
// spec's expectations held (the merge job records its exit code).
func merged(e *env, sub *cluster.Submission) int {
	if sub.Options.Claims {
		fmt.Fprintf(e.stdout, "merged: %s\n", filepath.Join(sub.Options.Dir, "result.txt"))
	} else {
		fmt.Fprintf(e.stdout, "merged: %s (table: %s)\n", filepath.Join(sub.Options.Dir, "result"), filepath.Join(sub.Options.Dir, "result.txt"))
	}
	if code, _ := sub.MergeCode(); code == 1 {
		fmt.Fprintln(e.stderr, "ikklab slurm wait: an expectation of the spec does not hold (see result.txt)")
		return exitFailed
	}
	return exitOK
}
