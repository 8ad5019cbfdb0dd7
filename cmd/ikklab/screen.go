package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/experiment"
)

func runScreen(e *env, args []string) int {
	fs := newFlags("screen", "", `Screen every drug of the knowledge base at eight half-log doses (1 nM–3 µM;
1–3,000 IU/mL for interferon) in every context, on one readout, and fit each
dose series. Prints a table (or JSON); -o writes screen.json and screen.csv.`, e,
		"ikklab screen -samples 10000 -o screen/",
		"ikklab screen -readout Apoptosis -samples 2000")
	samples := fs.Int("samples", 10000, "trajectories per run")
	readout := fs.String("readout", "Proliferation", "node to read")
	seed := fs.Int64("seed", 1, "random seed")
	workers := workersFlag(fs, "parallel workers (default: one per CPU); results do not depend on it")
	format := formatFlag(fs, "table", "table", "json")
	outDir := outDirFlag(fs, "write screen.json and screen.csv into `DIR`")
	quiet := fs.Bool("q", false, "no progress bar")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return fail(e, "screen", exitUsage, err)
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
	runs := len(k.Contexts) * (1 + 8*len(k.Drugs))
	bar := newProgress(e, *quiet, int64(runs**samples), "screen", "traj")
	rs, complete, err := experiment.Screen(e.ctx, k, experiment.ScreenOptions{Samples: *samples, Readout: id, Seed: *seed,
		Options: experiment.Options{Workers: *workers, Progress: bar, Version: "ikklab " + Version}})
	bar.Done()
	if err != nil {
		return fail(e, "screen", exitFailed, err)
	}
	data, err := json.MarshalIndent(struct {
		Readout  string                    `json:"readout"`
		Samples  int                       `json:"samples"`
		Seed     int64                     `json:"seed"`
		Complete bool                      `json:"complete"`
		Results  []experiment.ScreenResult `json:"results"`
	}{id, *samples, *seed, complete, rs}, "", "  ")
	if err != nil {
		return fail(e, "screen", exitFailed, err)
	}
	if *outDir != "" {
		dir, err := resultDir(*outDir, complete)
		if err != nil {
			return fail(e, "screen", exitOutput, err)
		}
		if !complete {
			fmt.Fprintf(e.stderr, "ikklab screen: the partial result is in %s; %s is untouched\n", dir, *outDir)
		}
		*outDir = dir
		var b strings.Builder
		b.WriteString("context,drug,dose,value\n")
		for _, r := range rs {
			for i, d := range r.Dose.Doses {
				if i < len(r.Dose.Values) {
					fmt.Fprintf(&b, "%s,%s,%s,%g\n", r.Context, r.Drug, d, r.Dose.Values[i])
				}
			}
		}
		if err := atomicfile.Write(filepath.Join(*outDir, "screen.csv"), []byte(b.String())); err != nil {
			return fail(e, "screen", exitFailed, err)
		}
		if err := atomicfile.Write(filepath.Join(*outDir, "screen.json"), append(data, '\n')); err != nil {
			return fail(e, "screen", exitFailed, err)
		}
	}
	if *format == "json" {
		e.stdout.Write(append(data, '\n'))
	} else {
		experiment.WriteScreenTable(e.stdout, rs, id)
	}
	if !complete {
		fmt.Fprintln(e.stderr, "ikklab screen: interrupted; the result is partial (\"complete\": false)")
		return exitStopped
	}
	return exitOK
}
