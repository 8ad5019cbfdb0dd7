//go:build !sim

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

func runClaims(e *env, args []string) int {
	fs := newFlags("claims", "", `Check that the network reproduces the review's claims (C01–C32): each claim
runs as experiments in its contexts and every expectation is judged by the one
judge (README, "How claims are judged"): pass, fail or uninformative, with the
mechanism check of the path the review states, encoded or emergent, and sham
controls for combinations. Exit status 1 when a claim does not pass, or with
-expect when a check expected to pass no longer does.`, e,
		"ikklab claims",
		"ikklab claims -only C19,C21 -format md",
		"ikklab claims -format html -o claims.html",
		"ikklab claims -expect claims/verdicts.tsv",
		"ikklab claims -ablate -samples 500 -format json -o ablate.json",
		"ikklab claims -random 20 -samples 500")
	jf := addJudgeFlags(fs, "claim", "table", "md", "json", "html", "tsv")
	boolean := fs.Bool("boolean", false, "run on the network's Boolean abstraction (what .bnet and SBML-qual carry: graded rules become switches)")
	robust := fs.Int("robustness", 0, "rerun every claim under `K` parameter sets, every rate and graded-term weight scaled log-uniformly in ×0.5–×2, and report the fraction of sets each holds in")
	ablate := fs.Bool("ablate", false, "remove each edge in turn (the regulator held at its resting value in that rule) and report per claim the fraction of deletions it survives and the load-bearing edges")
	random := fs.Int("random", 0, "run every claim on `K` degree- and sign-preserving rewirings of the network and compare the pass counts with the real network's")
	shard := fs.String("shard", "", "with -robustness or -random: run only shard `i/N` of the networks and write it into -o DIR; 'ikklab merge DIR' combines the shards")
	kbFlag(fs)
	if slices.ContainsFunc(args, func(a string) bool { return a == "-shard" || a == "--shard" || strings.HasPrefix(a, "-shard=") }) {
		fs.outDir = true // -o names the shard's directory
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := jf.check(); err != nil {
		return fail(e, "claims", exitUsage, err)
	}
	modes := 0
	for _, on := range []bool{*robust != 0, *ablate, *random != 0} {
		if on {
			modes++
		}
	}
	switch {
	case modes > 1:
		return fail(e, "claims", exitUsage, fmt.Errorf("-robustness, -ablate and -random are separate analyses: give one"))
	case *robust < 0 || *robust > 10000:
		return fail(e, "claims", exitUsage, fmt.Errorf("-robustness %d outside 0..10000", *robust))
	case *random < 0 || *random > 10000:
		return fail(e, "claims", exitUsage, fmt.Errorf("-random %d outside 0..10000", *random))
	case *boolean && *robust != 0:
		return fail(e, "claims", exitUsage, fmt.Errorf("-robustness varies the graded weights, which the Boolean abstraction does not have: give -boolean or -robustness"))
	case modes > 0 && *jf.expect != "":
		return fail(e, "claims", exitUsage, fmt.Errorf("-expect compares the verdicts of a plain run; it does not go with -robustness, -ablate or -random"))
	}
	k, want, opt, code := jf.setup(e, "claims", (*kb.KB).ClaimIDs, "C01–C32")
	if code != exitOK {
		return code
	}
	if *boolean {
		net, err := k.Network()
		if err != nil {
			return fail(e, "claims", exitFailed, err)
		}
		if opt.Network, _, err = net.Boolean(); err != nil {
			return fail(e, "claims", exitFailed, err)
		}
	}
	if *shard != "" || e.makeJob {
		analysis, sets := claims.AnalysisRobustness, *robust
		if *random > 0 {
			analysis, sets = claims.AnalysisRandom, *random
		}
		if sets == 0 {
			return fail(e, "claims", exitUsage, errors.New("only -robustness K and -random K split, by network (shards, Slurm tasks); give one"))
		}
		job, err := cluster.NewClaimsJob(k, "ikklab "+Version, cluster.ClaimsJob{Analysis: analysis, Sets: sets, Only: opt.Only,
			Samples: opt.Samples, Time: opt.Time, Seed: opt.Seed, Margin: opt.Margin, Engine: opt.Engine, Boolean: *boolean})
		if err != nil {
			return fail(e, "claims", exitUsage, err)
		}
		return shardOrJob(e, "claims", k, job, *shard, *jf.out, *jf.workers, *jf.quiet)
	}
	bar := newProgress(e, *jf.quiet, 0, "claims", "traj")
	opt.Progress = bar
	switch {
	case *robust > 0:
		rob, err := claims.Robust(e.ctx, k, *robust, opt)
		bar.Done()
		return writeRobustness(e, rob, err, *jf.format, *jf.out)
	case *ablate:
		abl, err := claims.Ablate(e.ctx, k, opt)
		bar.Done()
		return writeAnalysis(e, abl, err, abl != nil && abl.Complete, *jf.format, *jf.out, func(b *bytes.Buffer) {
			fmt.Fprintf(b, "single-edge deletions (%d edges; the regulator held at its resting value in that rule only)\n\nfraction of deletions under which each passing claim still passes:\n", abl.Edges)
			for _, id := range abl.Baseline {
				fmt.Fprintf(b, "%s  %.3f  (%d deletions upstream of its readouts)\n", id, abl.Holds[id], abl.Tested[id])
			}
			fmt.Fprintf(b, "\nload-bearing edges (deletion breaks a claim), most claims first:\n")
			for _, l := range abl.LoadBearing {
				fmt.Fprintf(b, "%-40s %2d  %s\n", l.Edge, len(l.Claims), strings.Join(l.Claims, " "))
			}
		})
	case *random > 0:
		rw, err := claims.Randomize(e.ctx, k, *random, opt)
		bar.Done()
		return writeRewiring(e, rw, err, *jf.format, *jf.out)
	}
	rep, err := claims.Evaluate(e.ctx, k, opt)
	bar.Done()
	return report(e, "claims", rep, err, *jf.format, *jf.out, want, *jf.expect, len(opt.Only) == 0)
}

// judgeFlags are the flags that claims and validate share.
type judgeFlags struct {
	format, out, only, expect, engine *string
	what                              string // the items -only selects: claim, finding
	formats                           []string
	samples, workers                  *int
	seed                              *int64
	quiet                             *bool
}

// addJudgeFlags adds the shared flags; what names the items -only selects.
func addJudgeFlags(fs *flags, what string, formats ...string) *judgeFlags {
	return &judgeFlags{
		what:    what,
		format:  formatFlag(fs, formats[0], formats...),
		formats: formats,
		out:     outFileFlag(fs, "write the report to `FILE` (atomically) instead of standard output"),
		only:    fs.String("only", "", "comma-separated "+what+" `IDS` to check (default all)"),
		samples: fs.Int("samples", claims.DefaultSamples, "trajectories per run"),
		seed:    fs.Int64("seed", 1, "random seed"),
		workers: workersFlag(fs, "parallel workers (default: one per CPU)"),
		quiet:   fs.Bool("q", false, "no progress bar"),
		expect:  fs.String("expect", "", "compare the verdicts with the expected ones in `FILE` (written by -format tsv); exit 1 when a check expected to pass does not"),
		engine:  fs.String("engine", "stochastic", "`ENGINE` of every run: stochastic (MaBoSS semantics) or ode (the network's HillCube ODEs, deterministic)"),
	}
}

// check validates the format and the sample count.
func (jf *judgeFlags) check() error {
	if err := checkFormat(*jf.format, jf.formats...); err != nil {
		return err
	}

	if *jf.engine != "stochastic" && *jf.engine != "ode" {
		return fmt.Errorf("-engine %q: use stochastic or ode%s", *jf.engine, suggestion(*jf.engine, []string{"stochastic", "ode"}))
	}
	if *jf.samples < 10 || *jf.samples > experiment.MaxSamples {
		return fmt.Errorf("-samples %d outside 10..%d", *jf.samples, experiment.MaxSamples)
	}
	return nil
}

// setup loads the expected verdicts and the knowledge base and resolves
// -only among the ids all gives (named by idForm in the message); the exit code is
// exitOK unless something failed, in which case it has been reported.
func (jf *judgeFlags) setup(e *env, cmd string, all func(*kb.KB) []string, idForm string) (*kb.KB, claims.Verdicts, claims.Options, int) {
	want, err := readVerdicts(*jf.expect)
	if err != nil {
		return nil, nil, claims.Options{}, fail(e, cmd, exitUsage, err)
	}
	k, err := e.kb()
	if err != nil {
		return nil, nil, claims.Options{}, fail(e, cmd, exitUsage, err)
	}
	ids, err := parseOnly(*jf.only, all(k), jf.what, idForm)
	if err != nil {
		return nil, nil, claims.Options{}, fail(e, cmd, exitUsage, err)
	}
	opt := claims.Options{Only: ids, Samples: *jf.samples, Seed: *jf.seed, Engine: *jf.engine,
		Options: experiment.Options{Workers: *jf.workers, Version: "ikklab " + Version}}
	return k, want, opt, exitOK
}

// readVerdicts reads a file of expected verdicts; none for path "".
func readVerdicts(path string) (claims.Verdicts, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return claims.ReadVerdicts(path, f)
}

// report writes a claims or validation report in format to out (or
// standard output) and returns the exit status: 130 when the report is
// partial (written to OUT.partial, never over a complete one); with want,
// 1 when a check expected to pass does not; without, 1 when an item does
// not pass.
func report(e *env, cmd string, rep *claims.Report, err error, format, out string, want claims.Verdicts, expectPath string, all bool) int {
	if err != nil {
		return fail(e, cmd, exitFailed, err)
	}
	var b bytes.Buffer
	switch format {
	case "json":
		data, err := rep.JSON()
		if err != nil {
			return fail(e, cmd, exitFailed, err)
		}
		b.Write(data)
	case "md":
		rep.WriteMarkdown(&b)
	case "html":
		if err := rep.WriteHTML(&b); err != nil {
			return fail(e, cmd, exitFailed, err)
		}
	case "tsv":
		rep.WriteVerdicts(&b)
	default:
		rep.WriteTable(&b)
	}
	if !rep.Complete {
		// A partial report never replaces a complete one.
		if out != "" {
			out += ".partial"
		}
		if code := emit(e, b.Bytes(), out); code != exitOK {
			return code
		}
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted; the report is partial%s\n", cmd, map[bool]string{true: " (" + out + ")"}[out != ""])
		return exitStopped
	}
	if code := emit(e, b.Bytes(), out); code != exitOK {
		return code
	}
	switch {
	case want != nil:
		regressions, improvements := rep.Compare(want, all)
		for _, s := range improvements {
			fmt.Fprintf(e.stderr, "ikklab %s: improved: %s (update %s in a commit of its own)\n", cmd, s, expectPath)
		}
		for _, s := range regressions {
			fmt.Fprintf(e.stderr, "ikklab %s: regression: %s\n", cmd, s)
		}
		fmt.Fprintf(e.stderr, "ikklab %s: %s; against %s: %d regressions, %d improvements\n", cmd, rep.Summary(), expectPath, len(regressions), len(improvements))
		if len(regressions) > 0 {
			return exitFailed
		}
		return exitOK
	case rep.Failed > 0 || rep.Uninformative > 0:
		return exitFailed
	}
	return exitOK
}

// emit writes a report to path (atomically) or to standard output.
func emit(e *env, data []byte, path string) int {
	var err error
	if path != "" {
		err = atomicfile.Write(path, data)
	} else {
		_, err = e.stdout.Write(data)
	}
	if err != nil {
		return fail(e, "claims", exitOutput, err)
	}
	return exitOK
}

// writeRobustness writes claims -robustness (run here or merged).
func writeRobustness(e *env, rob *claims.Robustness, err error, format, out string) int {
	return writeAnalysis(e, rob, err, rob != nil && rob.Complete, format, out, func(b *bytes.Buffer) {
		fmt.Fprintf(b, "fraction of %d parameter sets (every rate and graded-term weight ×0.5–×2, log-uniform) in which each claim holds\n", rob.Sets)
		for _, id := range sortedKeys(rob.Holds) {
			fmt.Fprintf(b, "%s  %.2f\n", id, rob.Holds[id])
		}
	})
}

// writeRewiring writes claims -random (run here or merged).
func writeRewiring(e *env, rw *claims.Rewiring, err error, format, out string) int {
	return writeAnalysis(e, rw, err, rw != nil && rw.Complete, format, out, func(b *bytes.Buffer) {
		fmt.Fprintf(b, "claims passing: real network %d of %d; %d degree- and sign-preserving rewirings: mean %.2f, sd %.2f, each %v\n",
			rw.Real, rw.Claims, len(rw.Rewired), rw.Mean, rw.SD, rw.Rewired)
	})
}

// writeAnalysis writes the result of -robustness, -ablate or -random as
// JSON or as text.
func writeAnalysis(e *env, v any, err error, complete bool, format, out string, text func(*bytes.Buffer)) int {
	if err != nil {
		return fail(e, "claims", exitFailed, err)
	}
	var b bytes.Buffer
	if format == "json" {
		data, _ := json.MarshalIndent(v, "", "  ")
		b.Write(append(data, '\n'))
	} else {
		text(&b)
	}
	if !complete && out != "" {
		out += ".partial" // never in place of a complete analysis
	}
	if code := emit(e, b.Bytes(), out); code != exitOK {
		return code
	}
	if !complete {
		fmt.Fprintln(e.stderr, "ikklab claims: interrupted; the analysis is partial")
		return exitStopped
	}
	return exitOK
}
