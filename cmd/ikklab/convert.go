package main

import (
	"errors"
	"fmt"
	"github.com/ikklab/ikklab/atomicfile"
	"strings"

	"github.com/ikklab/ikklab/format"
)

func runConvert(e *env, args []string) int {
	fs := newFlags("convert", "IN OUT", `Convert a model between formats, chosen by extension: .bnd (+ .cfg beside it),
.bnet, .sbml/.xml. IN may also be "ikklab" (the built-in network). Writing a .bnd
also writes its .cfg. Files are written atomically.`, e,
		"ikklab convert model.bnet model.sbml",
		"ikklab convert cell_fate.bnd cell_fate.bnet",
		"ikklab convert ikklab ikklab.bnd        # the built-in network for MaBoSS")
	var cfgs listFlag
	fs.Var(&cfgs, "cfg", "cfg `FILE` to apply to IN (repeatable; default: the .cfg beside a .bnd)")
	boolean := fs.Bool("boolean", false, "write nodes with rates as their Boolean rules, dropping the rates (.bnet and .sbml hold logic only; always done for the built-in network, whose graded nodes have rates)")
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
	net, cfg, err := loadModelCfg(fs.pos[0], cfgs)
	if err != nil {
		return fail(e, "convert", exitUsage, err)
	}
	if kind, _ := format.Detect(fs.pos[1]); kind != format.MaBoSS && (*boolean || fs.pos[0] == "ikklab") {
		var changed []string
		if net, changed, err = net.Boolean(); err != nil {
			return fail(e, "convert", exitFailed, err)
		}
		if len(changed) > 0 {
			fmt.Fprintf(e.stderr, "note: %d nodes with rates written as their Boolean rules (%s); their rates are dropped\n", len(changed), strings.Join(changed, ", "))
		}
	}
	if err := format.Save(fs.pos[1], net, cfg); err != nil {
		if _, changed, _ := net.Boolean(); len(changed) > 0 {
			err = fmt.Errorf("%w (give -boolean to write such nodes as their Boolean rules)", err)
		}
		return fail(e, "convert", exitFailed, err)
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d nodes)\n", fs.pos[1], len(net.Nodes))
	return exitOK
}
