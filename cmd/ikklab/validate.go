package main

import (
	"fmt"
	"strings"

	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

func runValidate(e *env, args []string) int {
	fs := newFlags("validate", "", `Check the network against the validation findings of kb/data/validation.yaml:
results of primary papers that are not claims of the review (knock-out
genetics, drug responses, findings that qualify or contradict the review),
written before the rules they test were changed. Each runs as experiments and
is judged by the claims' judge: pass, fail or uninformative; a finding that
needs a node the network lacks fails as not modelled. Exit status 1 when a
finding does not pass, or with -expect when a check expected to pass no
longer does.`, e,
		"ikklab validate",
		"ikklab validate -only V101,V102 -format md",
		"ikklab validate -expect claims/validation.tsv",
		"ikklab validate -format json -o validation.json")
	format := formatFlag(fs, "table", "table", "md", "json", "tsv")
	out := fs.String("o", "", "write the report to `FILE` (atomically) instead of standard output")
	only := fs.String("only", "", "comma-separated finding `IDS` to check (default all)")
	samples := fs.Int("samples", 2000, "trajectories per run")
	seed := fs.Int64("seed", 1, "random seed")
	workers := fs.Int("workers", 0, "parallel workers (default: all cores)")
	quiet := fs.Bool("q", false, "no progress bar")
	expect := fs.String("expect", "", "compare the verdicts with the expected ones in `FILE` (written by -format tsv); exit 1 when a check expected to pass does not")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "md", "json", "tsv"); err != nil {
		return fail(e, "validate", exitUsage, err)
	}
	if *samples < 10 || *samples > experiment.MaxSamples {
		return fail(e, "validate", exitUsage, fmt.Errorf("-samples %d outside 10..%d", *samples, experiment.MaxSamples))
	}
	want, err := readVerdicts(*expect)
	if err != nil {
		return fail(e, "validate", exitUsage, err)
	}
	k, err := kb.Default()
	if err != nil {
		return fail(e, "validate", exitFailed, err)
	}
	var ids []string
	if *only != "" {
		for _, id := range strings.Split(*only, ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if _, ok := k.Finding(id); !ok {
				return fail(e, "validate", exitUsage, fmt.Errorf("unknown finding %q (V… ids: ikklab kb validation)", id))
			}
			ids = append(ids, id)
		}
	}
	opt := claims.Options{Only: ids, Samples: *samples, Seed: *seed,
		Options: experiment.Options{Workers: *workers, Version: "ikklab " + Version}}
	bar := newProgress(e, *quiet, 0, "validate", "traj")
	opt.Progress = bar
	rep, err := claims.EvaluateFindings(e.ctx, k, opt)
	bar.Done()
	return report(e, "validate", rep, err, *format, *out, want, *expect, len(ids) == 0)
}
