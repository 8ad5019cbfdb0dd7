package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
)

// Perturbation is a typed change to a network, applied by Perturb: nodes
// held on or off (Fix), deterministic initial states (SetInitial), and
// nodes clamped at an activity (Clamp). Drugs act through rate scalings,
// applied by package pharm on the same network.
type Perturbation struct {
	Initial map[string]bool    // node → starts on or off
	Fixed   map[string]bool    // node → held on or off
	Clamped map[string]float64 // node → held at this activity in [0, 1]
}

// Perturb applies p: initial states first, then the held nodes (which set
// their own initial state), then the clamps.
func (n *Network) Perturb(p Perturbation) (*Network, error) {
	net, err := n.SetInitial(p.Initial)
	if err != nil {
		return nil, err
	}
	if net, err = net.Fix(p.Fixed); err != nil {
		return nil, err
	}
	return net.Clamp(p.Clamped)
}

// SetInitial returns a copy of the network in which each node of states
// starts on or off. A node inside a joint initial-state group of other
// nodes is refused (the group's distribution would no longer be what it
// says), as MaBoSS refuses it.
func (n *Network) SetInitial(states map[string]bool) (*Network, error) {
	if len(states) == 0 {
		return n, nil
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		if _, ok := n.index[id]; !ok {
			return nil, n.unknown(id)
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, g := range n.Init {
		if len(g.Nodes) < 2 {
			continue
		}
		for _, id := range g.Nodes {
			if _, set := states[id]; set {
				return nil, fmt.Errorf("initial state of %s: %s is in the joint initial-state group [%s]", id, id, strings.Join(g.Nodes, ", "))
			}
		}
	}
	var groups []InitGroup
	for _, id := range ids {
		groups = append(groups, InitGroup{Nodes: []string{id}, Alts: []InitAlt{{Weight: expr.Const(1), Values: []bool{states[id]}}}})
	}
	return NewWith(n.Name, append([]Node(nil), n.Nodes...), n.Params, replaceInit(n.Init, groups))
}

// Hash identifies a network by its content — nodes, kinds, rules, rates,
// parameters, initial states, internal flags and scan order — as
// "sha256:" and 16 hex digits, computed from the structure itself rather
// than from a file format.
func (n *Network) Hash() string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(strconv.Quote(p)))
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
	}
	str := func(e *expr.Expr) string {
		if e == nil {
			return "-"
		}
		return e.String()
	}
	w("network", n.Name)
	for _, nd := range n.Nodes {
		w("node", nd.ID, strconv.Itoa(int(nd.Kind)), str(nd.Rule), str(nd.Up), str(nd.Down), strconv.FormatBool(nd.Internal))
	}
	for _, p := range n.Params {
		w("param", p.Name, str(p.Value))
	}
	for _, g := range n.Init {
		parts := append([]string{"init"}, g.Nodes...)
		for _, a := range g.Alts {
			vals := make([]string, len(a.Values))
			for i, v := range a.Values {
				vals[i] = strconv.FormatBool(v)
			}
			parts = append(parts, str(a.Weight), strings.Join(vals, ","))
		}
		w(parts...)
	}
	w(append([]string{"scan"}, n.ScanOrder...)...)
	sum := h.Sum(nil)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// ParamValues evaluates the parameters in order: each may read the ones
// before it, none may read a node.
func (n *Network) ParamValues() (map[string]float64, error) {
	vals := map[string]float64{}
	for _, p := range n.Params {
		if len(p.Value.Vars()) > 0 {
			return nil, fmt.Errorf("$%s reads a node", p.Name)
		}
		for _, q := range p.Value.Params() {
			if _, ok := vals[q]; !ok {
				return nil, fmt.Errorf("$%s reads $%s, which is not defined before it", p.Name, q)
			}
		}
		vals[p.Name] = p.Value.Eval(expr.MapEnv{Params: vals})
	}
	return vals, nil
}
