//go:build !sim

package main

import (
	"fmt"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/format/graph"
	"github.com/ikklab/ikklab/internal/limitread"
)

func runExport(e *env, args []string) int {
	fs := newFlags("export", "", "Write the built-in network with its evidence as Graphviz DOT, Cytoscape SIF,\nor JSON (nodes and signed edges).", e,
		"ikklab export -format dot -o ikklab.dot && dot -Tsvg ikklab.dot -o ikklab.svg",
		"ikklab export -format sif -o ikklab.sif    # File > Import > Network in Cytoscape",
		"ikklab export -format json",
		"ikklab export -format svg -o map.svg     # the layered map ikklab draws itself",
		"ikklab export -format svg -result out/result.json -arm momelotinib -o map.svg   # coloured by a run")
	format := formatFlag(fs, "dot", "dot", "sif", "json", "svg")
	out := outFileFlag(fs, "write to `FILE` (atomically) instead of standard output")
	dir := fs.String("dir", "", "the same as -kb `DIR`")
	result := fs.String("result", "", "colour the svg map by the result.json in `FILE` (ikklab run -o; a spec with activities: true colours every node)")
	arm := fs.String("arm", "", "the result's arm to colour by (`NAME`; default the first)")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "dot", "sif", "json", "svg"); err != nil {
		return fail(e, "export", exitUsage, err)
	}
	if len(fs.pos) > 0 {
		return fail(e, "export", exitUsage, fmt.Errorf("unexpected argument %q", fs.pos[0]))
	}
	if (*result != "" || *arm != "") && *format != "svg" {
		return fail(e, "export", exitUsage, fmt.Errorf("-result and -arm colour the svg map; they need -format svg"))
	}
	if *arm != "" && *result == "" {
		return fail(e, "export", exitUsage, fmt.Errorf("-arm names an arm of -result; give -result FILE"))
	}
	var activity map[string]float64
	if *result != "" {
		data, err := limitread.File(*result, maxResultBytes)
		if err == nil {
			activity, err = experiment.ArmActivity(data, *arm)
		}
		if err != nil {
			return fail(e, "export", exitUsage, fmt.Errorf("%s: %v", *result, err))
		}
	}
	if *dir != "" {
		e.kbDir = *dir
	}
	k, err := e.kb()
	if err != nil {
		return fail(e, "export", exitUsage, err)
	}
	net, err := k.Network()
	if err != nil {
		return fail(e, "export", exitFailed, err)
	}
	g := graph.New(net, func(target, source string) []string {
		r, _ := k.Rule(target)
		return r.EdgeEvidence(source)
	})
	svg := func() ([]byte, error) { return g.SVG(activity), nil }
	write := map[string]func() ([]byte, error){"dot": g.DOT, "sif": g.SIF, "json": g.JSON, "svg": svg}[*format]
	data, err := write()
	if err != nil {
		return fail(e, "export", exitFailed, err)
	}
	if *out == "" {
		_, err = e.stdout.Write(data)
	} else {
		err = atomicfile.Write(*out, data)
	}
	if err != nil {
		return fail(e, "export", exitFailed, err)
	}
	return exitOK
}

// maxResultBytes bounds a result file read back (a 100,000-run spec's
// result is far smaller).
const maxResultBytes = 1 << 30
