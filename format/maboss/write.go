package maboss

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Write writes net as a .bnd text and its parameters, initial states,
// internal nodes and the settings c (Defaults when nil) as a .cfg text.
// Inputs are written as nodes without logic whose rates are 0.
func Write(bnd, cfg io.Writer, net *model.Network, c *Config) error {
	if c == nil {
		d := Defaults()
		c = &d
	}
	b := bufio.NewWriter(bnd)
	fmt.Fprintf(b, "// %s: written by ikklab\n", net.Name)
	for i := range net.Nodes {
		n := &net.Nodes[i]
		if !validName(n.ID) {
			return fmt.Errorf("node id %q cannot be written in MaBoSS syntax", n.ID)
		}
		fmt.Fprintf(b, "\nnode %s {\n", n.ID)
		if n.Description != "" {
			fmt.Fprintf(b, "  description = %q;\n", strings.ReplaceAll(n.Description, `"`, "'"))
		}
		if n.Rule != nil {
			fmt.Fprintf(b, "  logic = %s;\n", n.Rule)
		}
		up, down := n.Rates()
		fmt.Fprintf(b, "  rate_up = %s;\n  rate_down = %s;\n}\n", up, down)
	}
	if err := b.Flush(); err != nil {
		return err
	}
	w := bufio.NewWriter(cfg)
	fmt.Fprintf(w, "// %s: written by ikklab\n\n", net.Name)
	settings := []struct {
		k string
		v string
	}{
		{"time_tick", num(c.TimeTick)}, {"max_time", num(c.MaxTime)}, {"sample_count", strconv.Itoa(c.SampleCount)},
		{"discrete_time", b01(c.DiscreteTime)}, {"use_physrandgen", "0"}, {"seed_pseudorandom", strconv.FormatInt(c.Seed, 10)},
		{"thread_count", strconv.Itoa(max(1, c.ThreadCount))},
	}
	for _, s := range settings {
		fmt.Fprintf(w, "%s = %s;\n", s.k, s.v)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Other)) {
		fmt.Fprintf(w, "%s = %s;\n", k, num(c.Other[k]))
	}
	if len(net.Params) > 0 {
		w.WriteString("\n")
	}
	for _, p := range net.Params {
		fmt.Fprintf(w, "$%s = %s;\n", p.Name, p.Value)
	}
	w.WriteString("\n")
	for _, g := range net.Init {
		if len(g.Nodes) == 1 && len(g.Alts) == 1 && isOne(g.Alts[0].Weight) {
			fmt.Fprintf(w, "%s.istate = %s;\n", g.Nodes[0], b01(g.Alts[0].Values[0]))
			continue
		}
		var alts []string
		for _, a := range g.Alts {
			var vs []string
			for _, v := range a.Values {
				vs = append(vs, b01(v))
			}
			alts = append(alts, fmt.Sprintf("%s [%s]", a.Weight, strings.Join(vs, ", ")))
		}
		fmt.Fprintf(w, "[%s].istate = %s;\n", strings.Join(g.Nodes, ", "), strings.Join(alts, ", "))
	}
	for _, n := range net.Nodes {
		if n.Internal {
			fmt.Fprintf(w, "%s.is_internal = 1;\n", n.ID)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.RefState)) {
		fmt.Fprintf(w, "%s.refstate = %d;\n", k, c.RefState[k])
	}
	return w.Flush()
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func isOne(e *expr.Expr) bool { return e.Op == expr.OpConst && e.Value == 1 }
