//go:build !sim

package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
)

func runScreen(e *env, args []string) int {
	fs := newFlags("screen", "", `Screen every drug of the knowledge base at eight half-log doses (1 nM–3 µM;
1–3,000 IU/mL for interferon) in every context, on one readout, and fit each
dose series; or, with -pairs, every pair of drugs on a dose matrix (0 and
three doses a decade apart by default) with its synergy scores. Prints a
table (or JSON); -o writes screen.json and screen.csv.`, e,
		"ikklab screen -samples 10000 -o screen/",
		"ikklab screen -readout Apoptosis -samples 2000",
		"ikklab screen -pairs -contexts tnbc,atl,kras-lung,ovarian -samples 500",
		"ikklab screen -pairs -shard 3/16 -o shards/   # one of 16 shards; ikklab merge shards/")
	samples := fs.Int("samples", 10000, "trajectories per run")
	readout := fs.String("readout", "Proliferation", "node to read")
	seed := fs.Int64("seed", 1, "random seed")
	contexts := fs.String("contexts", "", "comma-separated context ids or aliases (default: every context)")
	pairs := fs.Bool("pairs", false, "every pair of drugs on a dose matrix instead of every drug on a dose series")
	pairDoses := fs.Int("pair-doses", 4, "side of a pair's dose matrix, 0 included (2..9)")
	workers := workersFlag(fs, "parallel workers (default: one per CPU); results do not depend on it")
	format := formatFlag(fs, "table", "table", "json")
	outDir := outDirFlag(fs, "write screen.json and screen.csv into `DIR` (with -shard: the shard file)")
	quiet := fs.Bool("q", false, "no progress bar")
	shard := shardFlag(fs)
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	if len(fs.pos) > 0 {
		return fail(e, "screen", exitUsage, fmt.Errorf("unexpected argument %q", fs.pos[0]))
	}
	if *samples < 1 || *samples > experiment.MaxSamples {
		return fail(e, "screen", exitUsage, fmt.Errorf("-samples %d outside 1..%d", *samples, experiment.MaxSamples))
	}
	k, err := e.kb()
	if err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	net, _ := k.Network()
	id, err := net.Resolve(*readout)
	if err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	opt := experiment.ScreenOptions{Samples: *samples, Readout: id, Seed: *seed, Pairs: *pairs, PairDoses: *pairDoses}
	if *contexts != "" {
		err := eachItem(*contexts, func(c string) error {
			cid, err := k.ResolveContext(c)
			opt.Contexts = append(opt.Contexts, cid)
			return err
		})
		if err != nil {
			return fail(e, "screen", exitUsage, fmt.Errorf("-contexts: %v", err))
		}
	}
	srcs, err := experiment.ScreenSpecs(k, opt)
	if err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	specs, err := experiment.ParseSpecs(k, srcs)
	if err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	kind := cluster.KindScreen
	if *pairs {
		kind = cluster.KindPairs
	}
	job, err := cluster.NewJob(kind, k, "ikklab "+Version, srcs, specs)
	if err != nil {
		return fail(e, "screen", exitUsage, err)
	}
	job.Readout, job.Seed, job.Samples = id, *seed, *samples
	if *shard != "" || e.makeJob {
		return shardOrJob(e, "screen", k, job, *shard, *outDir, *workers, *quiet)
	}
	runs := 0
	for _, s := range specs {
		runs += experiment.RunCount(s)
	}
	bar := newProgress(e, *quiet, int64(runs**samples), "screen", "traj")
	results, complete, err := experiment.Screen(e.ctx, k, specs, experiment.Options{Workers: *workers, Progress: bar, Version: "ikklab " + Version})
	bar.Done()
	if err != nil {
		return fail(e, "screen", exitFailed, err)
	}
	return emitScreen(e, "screen", job, results, complete, *outDir, *format)
}

// emitScreen writes a screen's results: -o DIR (screen.json, screen.csv),
// then the table or JSON on standard output.
func emitScreen(e *env, cmd string, job *cluster.Job, results []*experiment.Result, complete bool, outDir, format string) int {
	var rows any
	var csv strings.Builder
	if job.Kind == cluster.KindPairs {
		rs := experiment.PairTable(results, job.Readout)
		rows = rs
		csv.WriteString("context,drug_a,drug_b,dose_a,dose_b,value\n")
		for _, r := range rs {
			c := r.Combination
			for i, row := range c.Matrix {
				for j, v := range row {
					fmt.Fprintf(&csv, "%s,%s,%s,%s,%s,%g\n", r.Context, c.Drugs[0], c.Drugs[1], c.Doses[0][i], c.Doses[1][j], v)
				}
			}
		}
	} else {
		rs := experiment.ScreenTable(results, job.Readout)
		rows = rs
		csv.WriteString("context,drug,dose,value\n")
		for _, r := range rs {
			for i, d := range r.Dose.Doses {
				if i < len(r.Dose.Values) {
					fmt.Fprintf(&csv, "%s,%s,%s,%g\n", r.Context, r.Drug, d, r.Dose.Values[i])
				}
			}
		}
	}
	data, err := json.MarshalIndent(struct {
		Readout  string `json:"readout"`
		Samples  int    `json:"samples"`
		Seed     int64  `json:"seed"`
		Complete bool   `json:"complete"`
		Results  any    `json:"results"`
	}{job.Readout, job.Samples, job.Seed, complete, rows}, "", "  ")
	if err != nil {
		return fail(e, cmd, exitOutput, err)
	}
	if outDir != "" {
		dir, err := resultDir(outDir, complete)
		if err != nil {
			return fail(e, cmd, exitOutput, err)
		}
		if !complete {
			fmt.Fprintf(e.stderr, "ikklab %s: the partial result is in %s; %s is untouched\n", cmd, dir, outDir)
		}
		if err := atomicfile.WriteDir(dir, map[string][]byte{"screen.csv": []byte(csv.String()), "screen.json": append(data, '\n')}); err != nil {
			return fail(e, cmd, exitOutput, err)
		}
	}
	switch {
	case format == "json":
		e.stdout.Write(append(data, '\n'))
	case job.Kind == cluster.KindPairs:
		experiment.WritePairTable(e.stdout, rows.([]experiment.PairResult), job.Readout)
	default:
		experiment.WriteScreenTable(e.stdout, rows.([]experiment.ScreenResult), job.Readout)
	}
	if !complete {
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted; the result is partial (\"complete\": false)\n", cmd)
		return exitStopped
	}
	return exitOK
}
