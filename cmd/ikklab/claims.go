package main

import (
	"bytes"
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
