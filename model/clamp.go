package model

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/ikklab/ikklab/logic/expr"
)

// Clamp returns a copy of the network in which each node of held keeps the
// activity given (a probability in [0, 1]) whatever its regulators do: it
// switches on at rate s·p and off at s·(1 − p), with s its top speed (1 for
// an input), and starts on with probability p. A two-state chain with these
// rates is on with probability p at every time, so the node passes on to
// its targets the activity it had in a reference condition and nothing of
// what changes upstream of it: the cut of a mechanism check. The rule is
// kept as the node's Boolean abstraction.
func (n *Network) Clamp(held map[string]float64) (*Network, error) {
	if len(held) == 0 {
		return n, nil
	}
	nodes := append([]Node(nil), n.Nodes...)
	ids := make([]string, 0, len(held))
	for id := range held {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var init []InitGroup
	for _, id := range ids {
		p := held[id]
		if !(p >= 0 && p <= 1) || math.IsNaN(p) {
			return nil, fmt.Errorf("clamp %s: activity %g outside [0, 1]", id, p)
		}
		i, ok := n.index[id]
		if !ok {
			return nil, n.unknown(id)
		}
		nd := &nodes[i]
		up, down := nd.Rates()
		s := math.Max(n.maxRate(up), n.maxRate(down))
		if s == 0 {
			s = 1
		}
		nd.Up, nd.Down = expr.Const(s*p), expr.Const(s*(1-p))
		init = append(init, InitGroup{Nodes: []string{id}, Alts: []InitAlt{
			{Weight: expr.Const(p), Values: []bool{true}}, {Weight: expr.Const(1 - p), Values: []bool{false}}}})
	}
	return NewWith(n.Name, nodes, n.Params, replaceInit(n.Init, init))
}

// replaceInit keeps the initial-state groups of init that name none of the
// nodes of groups, and adds groups.
func replaceInit(init, groups []InitGroup) []InitGroup {
	set := map[string]bool{}
	for _, g := range groups {
		for _, id := range g.Nodes {
			set[id] = true
		}
	}
	var kept []InitGroup
	for _, g := range init {
		if !slices.ContainsFunc(g.Nodes, func(id string) bool { return set[id] }) {
			kept = append(kept, g)
		}
	}
	return append(kept, groups...)
}
