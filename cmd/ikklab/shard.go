//go:build !sim

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

// shardFlag adds -shard i/N.
func shardFlag(fs *flags) *string {
	return fs.String("shard", "", "run only shard `i/N` of the runs (0 ≤ i < N, balanced by cost) and write it into -o DIR; 'ikklab merge DIR' combines the shards")
}

// parseShard reads "i/N".
func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > cluster.MaxShards || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("-shard %q: want i/N with 0 ≤ i < N ≤ %d (e.g. 3/16)", s, cluster.MaxShards)
	}
	return i, n, nil
}

// shardOrJob hands the job to ikklab slurm submit (e.makeJob), or runs
// shard i/N of it into outDir.
func shardOrJob(e *env, cmd string, k *kb.KB, job *cluster.Job, shard, outDir string, workers int, quiet bool) int {
	if e.makeJob {
		e.job = job
		return exitOK
	}
	i, n, err := parseShard(shard)
	if err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if outDir == "" {
		return fail(e, cmd, exitUsage, errors.New("-shard writes a shard file: give -o DIR"))
	}
	return runShard(e, cmd, k, job, i, n, outDir, workers, quiet)
}

func runShard(e *env, cmd string, k *kb.KB, job *cluster.Job, i, n int, outDir string, workers int, quiet bool) int {
	plan, err := cluster.PlanShard(e.ctx, k, job, i, n, experiment.Options{Workers: workers, Version: job.Version})
	if err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if plan == nil {
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted; shard %d/%d not written\n", cmd, i, n)
		return exitStopped
	}
	bar := newProgress(e, quiet, plan.Trajectories(), fmt.Sprintf("shard %d/%d", i, n), "traj")
	sh, err := plan.Run(e.ctx, bar)
	bar.Done()
	if err != nil {
		return fail(e, cmd, exitFailed, err)
	}
	if sh == nil {
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted; shard %d/%d not written\n", cmd, i, n)
		return exitStopped
	}
	path, err := sh.Write(outDir)
	if err != nil {
		return fail(e, cmd, exitOutput, err)
	}
	if !quiet {
		what := "runs"
		if sh.Job.Claims != nil {
			what = "networks"
		}
		fmt.Fprintf(e.stderr, "ikklab %s: shard %d/%d: %d of %d %s → %s\n", cmd, i, n, len(sh.Runs)+len(sh.Sets), sh.Tasks, what, path)
	}
	return exitOK
}

func runShardCmd(e *env, args []string) int {
	fs := newFlags("shard", "JOB.json", `Run shard i/N of a job file (written by 'ikklab slurm submit' into its job
directory) and write it into -o DIR. This is what each Slurm task runs.`, e,
		"ikklab shard -shard 3/16 -o jobs/screen/shards jobs/screen/job.json")
	shard := shardFlag(fs)
	outDir := outDirFlag(fs, "write the shard file into `DIR`")
	workers := workersFlag(fs, "parallel workers (default: one per CPU); results do not depend on it")
	quiet := fs.Bool("q", false, "no progress bar")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) != 1 {
		return fail(e, "shard", exitUsage, errors.New("give one JOB.json"))
	}
	job, err := cluster.ReadJob(fs.pos[0])
	if err != nil {
		return fail(e, "shard", exitUsage, err)
	}
	k, err := e.kb()
	if err != nil {
		return fail(e, "shard", exitUsage, err)
	}
	if *shard == "" {
		return fail(e, "shard", exitUsage, errors.New("give -shard i/N"))
	}
	return shardOrJob(e, "shard", k, job, *shard, *outDir, *workers, *quiet)
}
