package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/format"
	"github.com/ikklab/ikklab/format/sbml"
)

func runConvert(e *env, args []string) int {
	fs := newFlags("convert", "IN OUT", `Convert a model between formats, chosen by extension: .bnd (+ the cfgs beside it: NAME.cfg, NAME.bnd.cfg),
.bnet, .sbml/.xml. IN may also be "ikklab" (the built-in network). Writing a .bnd
also writes its .cfg. An SBML core (kinetic) model converts to SBML Level 3
Version 2 core. Files are written atomically.`, e,
		"ikklab convert model.bnet model.sbml",
		"ikklab convert cell_fate.bnd cell_fate.bnet",
		"ikklab convert ikklab ikklab.bnd        # the built-in network for MaBoSS",
		"ikklab convert BIOMD0000000140.xml hoffmann-l3v2.xml   # SBML L2v1 to L3v2",
		"ikklab convert hoffmann2002-ikke-tbk1 extended.xml     # the extended model, with MIRIAM annotations")
	var cfgs listFlag
	fs.Var(&cfgs, "cfg", "cfg `FILE` to apply to IN (repeatable; default: NAME.cfg and NAME.bnd.cfg beside a .bnd)")
	boolean := fs.Bool("boolean", false, "write nodes with rates as their Boolean rules, dropping the rates (.bnet and .sbml hold logic only; always done for the built-in network, whose graded nodes have rates)")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) != 2 {
		return fail(e, "convert", exitUsage, errors.New("give IN and OUT, e.g. 'ikklab convert model.bnet model.sbml'"))
	}
	if _, err := format.Detect(fs.pos[1]); err != nil {
		return fail(e, "convert", exitUsage, err)
	}
	if err := atomicfile.CheckFile(fs.pos[1]); err != nil {
		return fail(e, "convert", exitUsage, err)
	}
	if err := overwritesInput(fs.pos[0], cfgs, fs.pos[1]); err != nil {
		return fail(e, "convert", exitUsage, err)
	}
	if kinetic, err := isKineticName(fs.pos[0]); err != nil {
		return fail(e, "convert", exitUsage, err)
	} else if kinetic {
		// An SBML core (kinetic) model: read and write SBML, L3v2.
		if ext := strings.ToLower(filepath.Ext(fs.pos[1])); ext != ".xml" && ext != ".sbml" {
			return fail(e, "convert", exitUsage, fmt.Errorf("%s is an SBML kinetic model; it converts to SBML (.xml or .sbml), not %s", fs.pos[0], ext))
		}
		m, err := readKinetic(fs.pos[0])
		if err != nil {
			return fail(e, "convert", exitUsage, err)
		}
		if err := sbml.WriteFile(fs.pos[1], m); err != nil {
			return fail(e, "convert", exitUsage, err)
		}
		return exitOK
	}
	net, cfg, err := loadModelCfg(e, fs.pos[0], cfgs)
	if err != nil {
		return fail(e, "convert", exitUsage, err)
	}
	if kind, _ := format.Detect(fs.pos[1]); kind != format.MaBoSS {
		var rated []string
		for i := range net.Nodes {
			if nd := &net.Nodes[i]; nd.Rule != nil && !net.NodeLogical(nd) {
				rated = append(rated, nd.ID)
			}
		}
		switch {
		case len(rated) == 0:
		case *boolean || fs.pos[0] == builtin:
			if net, _, err = net.Boolean(); err != nil {
				return fail(e, "convert", exitUsage, err)
			}
			fmt.Fprintf(e.stderr, "note: %d nodes with rates written as their Boolean rules (%s); their rates are dropped\n", len(rated), clip(strings.Join(rated, ", "), 200))
		default:
			return fail(e, "convert", exitUsage, fmt.Errorf("%s: %d nodes have rates that %s cannot hold (%s); give -boolean to write them as their Boolean rules, dropping the rates",
				fs.pos[0], len(rated), filepath.Ext(fs.pos[1]), clip(strings.Join(rated, ", "), 200)))
		}
	}
	if err := format.Save(fs.pos[1], net, cfg); err != nil {
		return fail(e, "convert", exitOutput, err)
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d nodes)\n", fs.pos[1], len(net.Nodes))
	return exitOK
}

// overwritesInput refuses an OUT whose files (a .bnd's .cfg too) would
// replace a file IN is read from: converting a model onto itself would lose
// what the format cannot hold (comments, rates) for good.
func overwritesInput(in string, cfgs []string, out string) error {
	if in == builtin {
		return nil
	}
	for _, w := range format.Written(out) {
		ws, err := os.Stat(w)
		if err != nil {
			continue // not there yet: nothing to overwrite
		}
		for _, r := range format.Read(in, cfgs) {
			if rs, err := os.Stat(r); err == nil && os.SameFile(ws, rs) {
				switch {
				case r == in:
					return fmt.Errorf("%s would overwrite the input %s; give another OUT", out, in)
				case w == out:
					return fmt.Errorf("%s would overwrite %s, which the input %s is read with; give another OUT", out, r, in)
				}
				return fmt.Errorf("%s also writes %s, which the input %s is read with; give another OUT", out, w, in)
			}
		}
	}
	return nil
}
