//go:build !sim

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ikklab/ikklab/format/sbml/suite"
)

// defaultSuite is where the project keeps the SBML Test Suite beside the
// repository.
const defaultSuite = "../shared/external/sbml-test-suite"

func runSBMLTest(e *env, args []string) int {
	fs := newFlags("sbml-test", "", `Run the semantic (time-course) cases of the SBML Test Suite on the ODE
simulator, each with its own settings and tolerances, and judge them with the
suite's rule (|expected − simulated| ≤ absolute + relative·|expected| at every
point). A case passes, fails, or is unsupported with the feature the reader or
simulator refuses (algebraic rules, fast reactions, the delay csymbol, the comp
and fbc packages, constraints). Prints the totals, the core-ODE subset, the
counts per tag and per unsupported feature, and every failure. Exit status 1
when any case fails.`, e,
		"ikklab sbml-test",
		"ikklab sbml-test -only 00001,00026 -format json",
		"ikklab sbml-test -core -o results/   # NNNNN.csv per simulated case",
		"ikklab sbml-test -roundtrip written/ # and each model written back as SBML L3v2")
	dir := fs.String("cases", defaultSuite, "the test suite `DIR` (semantic/NNNNN/ inside, with cases.tsv)")
	only := fs.String("only", "", "comma-separated case `IDS` (e.g. 00001,01234)")
	core := fs.Bool("core", false, "only the core-ODE cases (cases.tsv's core_ode column)")
	format := fs.String("format", "md", "output `FORMAT`: md (tables) or json (one record per case)")
	out := outDirFlag(fs, "write each simulated case as `DIR`/NNNNN.csv in the suite's results format")
	roundtrip := fs.String("roundtrip", "", "also write each passing case's model as SBML L3v2 to `DIR`/NNNNN.xml and run the case again from that file (it must still pass)")
	quiet := fs.Bool("q", false, "no progress bar")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) > 0 {
		return fail(e, "sbml-test", exitUsage, fmt.Errorf("unexpected argument %q", fs.pos[0]))
	}
	if *format != "md" && *format != "json" {
		return fail(e, "sbml-test", exitUsage, fmt.Errorf("-format %q: use md or json", *format))
	}
	cases, err := suite.Cases(*dir)
	if err != nil {
		return fail(e, "sbml-test", exitUsage, fmt.Errorf("-cases %s: %w (the SBML Test Suite's semantic cases)", *dir, err))
	}
	if *only != "" {
		want := map[string]bool{}
		for _, id := range strings.Split(*only, ",") {
			id = strings.TrimSpace(id)
			if n := len(id); n > 0 && n < 5 {
				id = strings.Repeat("0", 5-n) + id
			}
			want[id] = true
		}
		var sel []suite.Case
		for _, c := range cases {
			if want[c.ID] {
				sel = append(sel, c)
				delete(want, c.ID)
			}
		}
		for id := range want {
			return fail(e, "sbml-test", exitUsage, fmt.Errorf("-only: no case %s in %s", id, *dir))
		}
		cases = sel
	}
	coreIDs := map[string]bool{}
	var sel []suite.Case
	for _, c := range cases {
		if c.Core {
			coreIDs[c.ID] = true
		}
		if !*core || c.Core {
			sel = append(sel, c)
		}
	}
	cases = sel
	if len(cases) == 0 {
		return fail(e, "sbml-test", exitUsage, errors.New("no cases selected"))
	}
	bar := newProgress(e, *quiet, int64(len(cases)), "sbml-test", "cases")
	results, err := suite.RunAll(e.ctx, cases, func() { bar.Add(1) })
	bar.Done()
	if err != nil {
		fmt.Fprintf(e.stderr, "ikklab sbml-test: interrupted after %d of %d cases\n", len(results), len(cases))
		return exitStopped
	}
	if *out != "" {
		for _, r := range results {
			if r.Header == nil {
				continue
			}
			if err := suite.WriteCSV(filepath.Join(*out, r.ID+".csv"), r); err != nil {
				return fail(e, "sbml-test", exitOutput, err)
			}
		}
	}
	if *roundtrip != "" {
		if err := os.MkdirAll(*roundtrip, 0o755); err != nil {
			return fail(e, "sbml-test", exitOutput, err)
		}
		byID := map[string]suite.Case{}
		for _, c := range cases {
			byID[c.ID] = c
		}
		lost := 0
		for i, r := range results {
			if r.Verdict != suite.Pass {
				continue
			}
			if rt := suite.RoundTrip(e.ctx, byID[r.ID], *roundtrip); rt.Verdict != suite.Pass {
				results[i].Verdict, results[i].Reason = suite.Fail, "after writing SBML L3v2: "+rt.Reason
				lost++
			}
		}
		fmt.Fprintf(e.stderr, "round trip through SBML L3v2: %d cases lost their pass\n", lost)
	}
	sum := suite.Summarize(results, coreIDs)
	if *format == "json" {
		type record struct {
			ID      string   `json:"id"`
			Verdict string   `json:"verdict"`
			Reason  string   `json:"reason,omitempty"`
			Tags    []string `json:"tags"`
		}
		recs := make([]record, len(results))
		for i, r := range results {
			recs[i] = record{r.ID, r.Verdict.String(), r.Reason, r.Tags}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(recs); err != nil {
			return fail(e, "sbml-test", exitOutput, err)
		}
	} else {
		sum.WriteMarkdown(e.stdout, results)
	}
	if sum.All.Fail > 0 {
		return exitFailed
	}
	return exitOK
}
