//go:build !sim

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ikklab/ikklab/cluster"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/store"
)

func runRun(e *env, args []string) int {
	fs := newFlags("run", "SPEC.yaml", `Run an in-silico experiment described by a spec file (version 1; see the
README and examples/): a context, stimuli, arms with knock-outs, over-expression,
exogenous factors and drugs at doses, dose series with log-logistic fits, and
two-drug dose matrices with Bliss, HSA, Loewe and ZIP synergy scores.
Exit status 1 when an expectation of the spec does not hold.`, e,
		"ikklab run examples/quickstart.yaml",
		"ikklab run examples/tnbc-momelotinib-mek.yaml -o out/ -samples 2000",
		"ikklab run spec.yaml -format json > result.json")
	outDir := outDirFlag(fs, "write result.json, CSV tables and SVG plots into `DIR`")
	format := formatFlag(fs, "table", "table", "json", "csv")
	workers := workersFlag(fs, "parallel workers (default: one per CPU); results do not depend on it")
	seed := fs.Int64("seed", 0, "override the spec's seed")
	samples := fs.Int("samples", 0, "override the spec's samples per run")
	quiet := fs.Bool("q", false, "no progress bar")
	dbPath := fs.String("db", "", "also record the run and its result in the SQLite database `FILE` (the one 'ikklab serve -db' keeps)")
	shard := shardFlag(fs)
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return fail(e, "run", exitUsage, err)
	}
	if len(fs.pos) != 1 {
		return fail(e, "run", exitUsage, errors.New("give one SPEC.yaml, e.g. 'ikklab run examples/quickstart.yaml'"))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	k, err := e.kb()
	if err != nil {
		return fail(e, "run", exitUsage, err)
	}
	src, err := experiment.ReadSpecSource(fs.pos[0])
	if err != nil {
		return fail(e, "run", exitUsage, err)
	}
	if src.Name, err = filepath.Abs(src.Name); err != nil { // a job runs in other directories
		return fail(e, "run", exitUsage, err)
	}
	spec, err := experiment.ParseSpec(fs.pos[0], src.Text, k)
	if err != nil {
		return fail(e, "run", exitUsage, err)
	}
	if set["seed"] {
		spec.Seed = *seed
	}
	if set["samples"] {
		if *samples < 1 || *samples > experiment.MaxSamples {
			return fail(e, "run", exitUsage, fmt.Errorf("-samples %d outside 1..%d", *samples, experiment.MaxSamples))
		}
		spec.Samples = *samples
	}
	if *shard != "" || e.makeJob {
		if *dbPath != "" {
			return fail(e, "run", exitUsage, errors.New("-db records whole runs; a shard is merged first (ikklab merge), then recorded"))
		}
		job, err := cluster.NewJob(cluster.KindRun, k, "ikklab "+Version, []experiment.SpecSource{src}, []*experiment.Spec{spec})
		if err != nil {
			return fail(e, "run", exitUsage, err)
		}
		return shardOrJob(e, "run", k, job, *shard, *outDir, *workers, *quiet)
	}
	rec, err := recordRun(e, *dbPath, src, spec)
	if err != nil { // found before computing: a bad output path
		return fail(e, "run", exitUsage, err)
	}
	defer rec.close()
	bar := newProgress(e, *quiet, int64(spec.Samples*experiment.RunCount(spec)), spec.Name, "traj")
	res, err := experiment.Run(e.ctx, k, spec, experiment.Options{Workers: *workers, Progress: bar, Version: "ikklab " + Version})
	bar.Done()
	if err := rec.finish(res, err); err != nil {
		return fail(e, "run", exitOutput, err)
	}
	if err != nil {
		return fail(e, "run", exitFailed, err)
	}
	return emitRun(e, "run", res, *outDir, *format)
}

// emitRun writes a run's result: -o DIR, then the table, JSON or CSV on
// standard output; the exit code says whether it is complete and passed.
func emitRun(e *env, cmd string, res *experiment.Result, outDir, format string) int {
	if outDir != "" {
		dir, err := resultDir(outDir, res.Complete)
		if err == nil {
			err = res.WriteDir(dir)
		}
		if err != nil {
			return fail(e, cmd, exitOutput, err)
		}
		if !res.Complete {
			fmt.Fprintf(e.stderr, "ikklab %s: the partial result is in %s; %s is untouched\n", cmd, dir, outDir)
		}
	}
	switch format {
	case "json":
		data, err := res.JSON()
		if err != nil {
			return fail(e, cmd, exitOutput, err)
		}
		e.stdout.Write(data)
	case "csv":
		if err := res.WriteCSV(e.stdout); err != nil {
			return fail(e, cmd, exitOutput, err)
		}
	default:
		res.WriteTable(e.stdout)
	}
	switch {
	case !res.Complete:
		fmt.Fprintln(e.stderr, "ikklab "+cmd+": interrupted; the result is partial (\"complete\": false)")
		return exitStopped
	case !res.Passed():
		fmt.Fprintln(e.stderr, "ikklab "+cmd+": an expectation of the spec does not hold")
		return exitFailed
	}
	return exitOK
}

// recorder keeps a CLI run in the store when -db is given.
type recorder struct {
	st *store.Store
	id int64
}

func recordRun(e *env, path string, src experiment.SpecSource, spec *experiment.Spec) (*recorder, error) {
	if path == "" {
		return &recorder{}, nil
	}
	text := src.Text
	st, err := store.Open(e.ctx, path)
	if err != nil {
		return nil, err
	}
	id, err := st.Create(e.ctx, store.Run{Name: spec.Name, Spec: string(text), Source: "cli", Submitter: os.Getenv("USER"),
		Seed: spec.Seed, Engine: spec.Engine, Samples: spec.Samples, Arms: len(spec.Arms), Version: "ikklab " + Version})
	if err == nil {
		err = st.Start(e.ctx, id)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return &recorder{st: st, id: id}, nil
}

// finish stores the result (done), or why there is none.
func (r *recorder) finish(res *experiment.Result, runErr error) error {
	if r.st == nil {
		return nil
	}
	ctx := context.Background()
	switch {
	case runErr != nil:
		return r.st.End(ctx, r.id, store.Failed, runErr.Error())
	case !res.Complete:
		return r.st.End(ctx, r.id, store.Cancelled, "interrupted")
	}
	data, err := res.JSON()
	if err != nil {
		return err
	}
	files, err := res.Files()
	if err != nil {
		return err
	}
	delete(files, "result.json")
	return r.st.Finish(ctx, r.id, data, res.ModelHash, files)
}

func (r *recorder) close() {
	if r.st != nil {
		r.st.Close()
	}
}
