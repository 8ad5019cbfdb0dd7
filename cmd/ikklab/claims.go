package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

func runClaims(e *env, args []string) int {
	fs := newFlags("claims", "", `Check that the network reproduces the review's claims (C01–C32): each claim
runs as experiments in its contexts and every expected change is judged with
a margin and its 95% confidence interval. Exit status 1 when a claim fails.`, e,
		"ikklab claims",
		"ikklab claims -only C19,C21 -format md",
		"ikklab claims -format html -o claims.html")
	format := formatFlag(fs, "table", "table", "md", "json", "html")
	out := fs.String("o", "", "write the report to `FILE` (atomically) instead of standard output")
	only := fs.String("only", "", "comma-separated claim `IDS` to check (default all)")
	samples := fs.Int("samples", 2000, "trajectories per run")
	seed := fs.Int64("seed", 1, "random seed")
	workers := fs.Int("workers", 0, "parallel workers (default: all cores)")
	quiet := fs.Bool("q", false, "no progress bar")
	robust := fs.Int("robustness", 0, "rerun every claim under `K` parameter sets with all rates scaled log-uniformly in ×0.5–×2 and report the fraction of sets each holds in")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "md", "json", "html"); err != nil {
		return fail(e, "claims", exitUsage, err)
	}
	if *samples < 10 || *samples > experiment.MaxSamples {
		return fail(e, "claims", exitUsage, fmt.Errorf("-samples %d outside 10..%d", *samples, experiment.MaxSamples))
	}
	k, err := kb.Default()
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	var ids []string
	if *only != "" {
		for _, id := range strings.Split(*only, ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if _, ok := k.Claim(id); !ok {
				return fail(e, "claims", exitUsage, fmt.Errorf("unknown claim %q (C01–C32)", id))
			}
			ids = append(ids, id)
		}
	}
	if *robust < 0 || *robust > 10000 {
		return fail(e, "claims", exitUsage, fmt.Errorf("-robustness %d outside 0..10000", *robust))
	}
	if *robust > 0 {
		return claimsRobustness(e, k, *robust, ids, *samples, *seed, *workers, *format, *out)
	}
	bar := newProgress(e, *quiet, 0, "claims", "traj")
	rep, err := claims.Evaluate(e.ctx, k, claims.Options{Only: ids, Samples: *samples, Seed: *seed,
		Options: experiment.Options{Workers: *workers, Progress: bar, Version: "ikklab " + Version}})
	bar.Done()
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	var b bytes.Buffer
	switch *format {
	case "json":
		data, err := rep.JSON()
		if err != nil {
			return fail(e, "claims", exitFailed, err)
		}
		b.Write(data)
	case "md":
		rep.WriteMarkdown(&b)
	case "html":
		if err := rep.WriteHTML(&b); err != nil {
			return fail(e, "claims", exitFailed, err)
		}
	default:
		rep.WriteTable(&b)
	}
	if *out != "" {
		err = atomicfile.Write(*out, b.Bytes())
	} else {
		_, err = e.stdout.Write(b.Bytes())
	}
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	switch {
	case !rep.Complete:
		fmt.Fprintln(e.stderr, "ikklab claims: interrupted; the report is partial")
		return exitStopped
	case rep.Failed > 0:
		return exitFailed
	}
	return exitOK
}

// claimsRobustness prints, per claim, the fraction of rate-parameter sets
// under which it holds.
func claimsRobustness(e *env, k *kb.KB, sets int, ids []string, samples int, seed int64, workers int, format, out string) int {
	rob, err := claims.Robust(e.ctx, k, sets, claims.Options{Only: ids, Samples: samples, Seed: seed,
		Options: experiment.Options{Workers: workers, Version: "ikklab " + Version}})
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	var b bytes.Buffer
	if format == "json" {
		data, _ := json.MarshalIndent(rob, "", "  ")
		b.Write(append(data, '\n'))
	} else {
		fmt.Fprintf(&b, "fraction of %d parameter sets (every rate ×0.5–×2, log-uniform) in which each claim holds\n", rob.Sets)
		for _, id := range sortedKeys(rob.Holds) {
			fmt.Fprintf(&b, "%s  %.2f\n", id, rob.Holds[id])
		}
	}
	if out != "" {
		err = atomicfile.Write(out, b.Bytes())
	} else {
		_, err = e.stdout.Write(b.Bytes())
	}
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	if !rob.Complete {
		return exitStopped
	}
	return exitOK
}
