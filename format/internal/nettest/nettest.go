package nettest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// MaxVars is the largest number of variables two rules may read together for
// an exhaustive comparison (2^24 rows, 2^18 words).
const MaxVars = 24

// SameFunction reports whether a and b are the same Boolean function, by
// evaluating both on every assignment of the variables either reads. It fails
// on non-Boolean operators and on more than MaxVars variables.
func SameFunction(a, b *expr.Expr) (bool, error) {
	vars := map[string]int{}
	for _, e := range []*expr.Expr{a, b} {
		for _, v := range e.Vars() {
			if _, ok := vars[v]; !ok {
				vars[v] = len(vars)
			}
		}
	}
	if len(vars) > MaxVars {
		return false, fmt.Errorf("%d variables, more than the %d an exhaustive comparison allows", len(vars), MaxVars)
	}
	ca, err := compile(a, vars)
	if err != nil {
		return false, err
	}
	cb, err := compile(b, vars)
	if err != nil {
		return false, err
	}
	rows := 1 << len(vars)
	vals := make([]uint64, len(vars))
	for base := 0; base < rows; base += 64 {
		for j := range vals {
			var w uint64
			for k := 0; k < 64 && base+k < rows; k++ {
				w |= uint64((base+k)>>j&1) << k
			}
			vals[j] = w
		}
		mask := ^uint64(0)
		if rows-base < 64 {
			mask = 1<<(rows-base) - 1
		}
		if (ca.eval(vals)^cb.eval(vals))&mask != 0 {
			return false, nil
		}
	}
	return true, nil
}

// node is a rule compiled for bit-sliced evaluation.
type node struct {
	op   expr.Op
	v    int    // variable index (OpVar)
	c    uint64 // value (OpConst)
	args []*node
}

func compile(e *expr.Expr, vars map[string]int) (*node, error) {
	n := &node{op: e.Op}
	switch e.Op {
	case expr.OpVar:
		n.v = vars[e.Name]
		return n, nil
	case expr.OpConst:
		switch e.Value {
		case 0:
		case 1:
			n.c = ^uint64(0)
		default:
			return nil, fmt.Errorf("constant %g in a Boolean rule", e.Value)
		}
		return n, nil
	case expr.OpNot, expr.OpAnd, expr.OpOr, expr.OpXor:
	default:
		return nil, fmt.Errorf("operator of %s is not Boolean", e)
	}
	for _, a := range e.Args {
		c, err := compile(a, vars)
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, c)
	}
	return n, nil
}

func (n *node) eval(vals []uint64) uint64 {
	switch n.op {
	case expr.OpVar:
		return vals[n.v]
	case expr.OpConst:
		return n.c
	case expr.OpNot:
		return ^n.args[0].eval(vals)
	}
	x := n.args[0].eval(vals)
	for _, a := range n.args[1:] {
		y := a.eval(vals)
		switch n.op {
		case expr.OpAnd:
			x &= y
		case expr.OpOr:
			x |= y
		case expr.OpXor:
			x ^= y
		}
	}
	return x
}

// Compare returns nil when a and b are the same network: the same node ids
// (in the same order if ordered), the same inputs, and each rule the same
// Boolean function. Otherwise the error lists the differences.
func Compare(a, b *model.Network, ordered bool) error {
	var diffs []string
	ids := func(n *model.Network) []string {
		var s []string
		for _, nd := range n.Nodes {
			s = append(s, nd.ID)
		}
		return s
	}
	ia, ib := ids(a), ids(b)
	if !ordered {
		sort.Strings(ia)
		sort.Strings(ib)
	}
	if strings.Join(ia, " ") != strings.Join(ib, " ") {
		diffs = append(diffs, fmt.Sprintf("node ids differ:\n  %v\n  %v", ia, ib))
	}
	for _, na := range a.Nodes {
		nb, ok := b.Node(na.ID)
		if !ok {
			continue
		}
		if (na.Kind == model.Input) != (nb.Kind == model.Input) {
			diffs = append(diffs, fmt.Sprintf("%s: kind %s, other %s", na.ID, na.Kind, nb.Kind))
			continue
		}
		if na.Rule == nil || nb.Rule == nil {
			if (na.Rule == nil) != (nb.Rule == nil) {
				diffs = append(diffs, fmt.Sprintf("%s: one rule missing", na.ID))
			}
			continue
		}
		same, err := SameFunction(na.Rule, nb.Rule)
		switch {
		case err != nil:
			diffs = append(diffs, fmt.Sprintf("%s: %v", na.ID, err))
		case !same:
			diffs = append(diffs, fmt.Sprintf("%s: rules differ: %s  vs  %s", na.ID, na.Rule, nb.Rule))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("... and %d more", len(diffs)-10))
	}
	return fmt.Errorf("networks differ:\n%s", strings.Join(diffs, "\n"))
}
