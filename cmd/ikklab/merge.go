//go:build !sim

package main

import (
	"errors"
	"fmt"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
)

func runMerge(e *env, args []string) int {
	fs := newFlags("merge", "SHARD|DIR...", `Combine the shards of a run or screen (ikklab run|screen -shard i/N, or the
tasks of ikklab slurm submit) into exactly what one local run gives: the same
result.json, CSV and SVG files (or screen.json and screen.csv), byte for byte,
and the same table. Refuses shards of different specs, seeds, samples,
versions or shard counts, and a job with a shard missing (it names them).`, e,
		"ikklab merge shards/ -o result/",
		"ikklab merge shards/ -format json > result.json")
	fs.outLater = true
	outDir := fs.String("o", "", "write the merged result where the command that made the shards would: a `DIR` for run and screen, a file for claims")
	format := formatFlag(fs, "table", "table", "json", "csv")
	workers := workersFlag(fs, "results assembled side by side (default: one per CPU); the result does not depend on it")
	fs.Bool("q", false, "no progress bar (there is none: merging has no long loop to show)")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return fail(e, "merge", exitUsage, err)
	}
	if len(fs.pos) == 0 {
		return fail(e, "merge", exitUsage, errors.New("give the shard files or directories holding them"))
	}
	shards, err := cluster.ReadShards(fs.pos...)
	if err != nil {
		return fail(e, "merge", exitUsage, err)
	}
	k, err := e.kb()
	if err != nil {
		return fail(e, "merge", exitUsage, err)
	}
	m, err := cluster.Merge(e.ctx, k, shards, "ikklab "+Version, experiment.Options{Workers: *workers})
	if e.ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "ikklab merge: interrupted; nothing written")
		return exitStopped
	}
	if err != nil {
		return fail(e, "merge", exitUsage, err)
	}
	check := atomicfile.CheckDir
	if m.Job.Kind == cluster.KindClaims {
		check = atomicfile.CheckFile
	}
	if *outDir != "" {
		if err := check(*outDir); err != nil {
			return fail(e, "merge", exitUsage, fmt.Errorf("-o: %v", err))
		}
	}
	if *format == "csv" && m.Job.Kind != cluster.KindRun {
		return fail(e, "merge", exitUsage, fmt.Errorf("-format csv is for runs (a screen's CSV is in -o DIR)"))
	}
	switch {
	case m.Job.Kind == cluster.KindRun:
		return emitRun(e, "merge", m.Results[0], *outDir, *format)
	case m.Job.Kind == cluster.KindScreen || m.Job.Kind == cluster.KindPairs:
		return emitScreen(e, "merge", m.Job, m.Results, true, *outDir, *format)
	case m.Robustness != nil:
		return writeRobustness(e, m.Robustness, nil, *format, *outDir)
	case m.Rewiring != nil:
		return writeRewiring(e, m.Rewiring, nil, *format, *outDir)
	}
	return fail(e, "merge", exitUsage, fmt.Errorf("shards of a %q job, which this ikklab cannot merge", m.Job.Kind))
}
