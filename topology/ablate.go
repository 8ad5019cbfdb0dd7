package topology

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// ErrNoEdge is returned (wrapped, with the edge and the target's rule) by
// Ablate when the edge is not in the network.
var ErrNoEdge = errors.New("topology: no such edge")

// errNilNetwork is returned for a nil network.
var errNilNetwork = errors.New("topology: nil network")

// Ablate returns a copy of net in which edge e is removed: in the target's
// rule, and in its rate expressions (Up, Down) where they read the source,
// every occurrence of the source variable becomes the constant value (1 for
// true, 0 for false): the regulator replaced by a constant at its resting
// value in that rule only. Other rules keep reading the source. The edge is
// identified by its Source and Target node ids; its Sign is not checked. It
// is an error (wrapping ErrNoEdge) when the target's rule does not read the
// source.
func Ablate(net *model.Network, e model.Edge, value bool) (*model.Network, error) {
	if net == nil {
		return nil, errNilNetwork
	}
	i, err := edgeTarget(net, e)
	if err != nil {
		return nil, err
	}
	c := 0.0
	if value {
		c = 1
	}
	nodes := append([]model.Node(nil), net.Nodes...)
	nd := &nodes[i]
	sub := func(x *expr.Expr) *expr.Expr {
		if x.Op == expr.OpVar && x.Name == e.Source {
			return expr.Const(c)
		}
		return nil
	}
	nd.Rule = replace(nd.Rule, sub)
	nd.Up = replace(nd.Up, sub)
	nd.Down = replace(nd.Down, sub)
	nd.Modulators = slices.DeleteFunc(slices.Clone(nd.Modulators), func(m model.Modulator) bool { return m.Node == e.Source })
	return model.NewWith(net.Name, nodes, slices.Clone(net.Params), slices.Clone(net.Init))
}

// edgeTarget returns the index of e's target after checking that its rule
// reads e's source.
func edgeTarget(net *model.Network, e model.Edge) (int, error) {
	i, ok := net.Index(e.Target)
	if !ok {
		id, err := net.Resolve(e.Target)
		if err != nil {
			return 0, fmt.Errorf("%w %s → %s: target: %w", ErrNoEdge, e.Source, e.Target, err)
		}
		return 0, fmt.Errorf("%w %s → %s: target %q is a name of %s; edges use node ids", ErrNoEdge, e.Source, e.Target, e.Target, id)
	}
	nd := &net.Nodes[i]
	if nd.Rule == nil {
		return 0, fmt.Errorf("%w %s → %s: %s is an input and has no regulators", ErrNoEdge, e.Source, e.Target, e.Target)
	}
	vars := nd.Rule.Vars()
	for _, m := range nd.Modulators {
		vars = append(vars, m.Node)
	}
	if !slices.Contains(vars, e.Source) {
		regs := "none"
		if len(vars) > 0 {
			regs = strings.Join(vars, ", ")
		}
		return 0, fmt.Errorf("%w %s → %s: the rule of %s, %q, does not read %s (its regulators: %s)", ErrNoEdge, e.Source, e.Target, e.Target, nd.Rule, e.Source, regs)
	}
	return i, nil
}

// replace is Expr.Replace for a possibly nil expression (default rates).
func replace(e *expr.Expr, f func(*expr.Expr) *expr.Expr) *expr.Expr {
	if e == nil {
		return nil
	}
	return e.Replace(f)
}
