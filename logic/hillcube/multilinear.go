package hillcube

import (
	"fmt"
	"slices"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// The multilinear extension of a rate, computed from its expression
// instead of its whole truth table: the extension is linear, so sums and
// constant multiples carry over term by term, and it is multiplicative
// over sub-expressions that read disjoint nodes, so a conjunction,
// disjunction or product of independent parts is the product of their
// extensions (1 − (1 − a)(1 − b) for "or"). Where a sub-expression breaks
// these conditions because a few nodes are read on both sides of a
// product, the extension is expanded on those nodes (it is linear in each:
// f̄ = b·f̄|on + (1 − b)·f̄|off), and the cofactors are compositional again.
// Otherwise (a comparison of numbers, a negation of a non-Boolean value)
// that sub-expression alone is tabulated over the nodes it reads. The result is exactly the
// multilinear interpolation of the whole truth table (tested), at the cost
// of the small tables instead of one of 2^k entries: the built-in
// network's TBK1 rates read 18 nodes.

// mlFunc evaluates an extension at Hill-transformed activities b.
type mlFunc func(b []float64) float64

// mlPart is a compiled sub-expression: its function, the nodes it reads
// (sorted indices), and whether its values on the cube are 0 or 1.
type mlPart struct {
	f       mlFunc
	reads   []int
	boolean bool
}

// compiler holds what a rate's compilation needs.
type compiler struct {
	net    *model.Network
	nd     *model.Node
	self   int
	selfOn bool
	params map[string]float64
	tables *int // entries of the fallback tables, for the scratch size
	work   *[]float64
}

func (c *compiler) compile(e *expr.Expr) (mlPart, error) {
	switch e.Op {
	case expr.OpConst:
		v := e.Value
		return mlPart{f: func([]float64) float64 { return v }, boolean: v == 0 || v == 1}, nil
	case expr.OpParam:
		v := c.params[e.Name]
		return mlPart{f: func([]float64) float64 { return v }, boolean: v == 0 || v == 1}, nil
	case expr.OpVar:
		i, ok := c.net.Index(e.Name)
		if !ok {
			return mlPart{}, fmt.Errorf("hillcube: %s reads unknown node %s", c.nd.ID, e.Name)
		}
		if i == c.self {
			v := 0.0
			if c.selfOn {
				v = 1
			}
			return mlPart{f: func([]float64) float64 { return v }, boolean: true}, nil
		}
		return mlPart{f: func(b []float64) float64 { return b[i] }, reads: []int{i}, boolean: true}, nil
	case expr.OpLogic:
		if c.nd.Rule == nil {
			return mlPart{f: func([]float64) float64 { return 0 }, boolean: true}, nil
		}
		return c.compile(c.nd.Rule)
	}
	args := make([]mlPart, len(e.Args))
	for i, a := range e.Args {
		p, err := c.compile(a)
		if err != nil {
			return mlPart{}, err
		}
		args[i] = p
	}
	switch e.Op {
	case expr.OpNeg:
		a := args[0].f
		return mlPart{f: func(b []float64) float64 { return -a(b) }, reads: args[0].reads}, nil
	case expr.OpNot:
		if args[0].boolean {
			a := args[0].f
			return mlPart{f: func(b []float64) float64 { return 1 - a(b) }, reads: args[0].reads, boolean: true}, nil
		}
	case expr.OpAdd, expr.OpSub:
		a, bb := args[0].f, args[1].f
		reads := union(args[0].reads, args[1].reads)
		if e.Op == expr.OpAdd {
			return mlPart{f: func(b []float64) float64 { return a(b) + bb(b) }, reads: reads}, nil
		}
		return mlPart{f: func(b []float64) float64 { return a(b) - bb(b) }, reads: reads}, nil
	case expr.OpMul, expr.OpAnd, expr.OpOr, expr.OpXor:
		x, y := args[0], args[1]
		logical := e.Op != expr.OpMul
		if shared := intersect(x.reads, y.reads); len(shared) > 0 && len(shared) <= maxExpanded && (!logical || x.boolean && y.boolean) {
			return c.expand(e, shared)
		}
		if disjoint(x.reads, y.reads) && (!logical || x.boolean && y.boolean) {
			a, bb := x.f, y.f
			reads := union(x.reads, y.reads)
			switch e.Op {
			case expr.OpMul:
				return mlPart{f: func(b []float64) float64 { return a(b) * bb(b) }, reads: reads, boolean: x.boolean && y.boolean}, nil
			case expr.OpAnd:
				return mlPart{f: func(b []float64) float64 { return a(b) * bb(b) }, reads: reads, boolean: true}, nil
			case expr.OpOr:
				return mlPart{f: func(b []float64) float64 { p, q := a(b), bb(b); return p + q - p*q }, reads: reads, boolean: true}, nil
			default:
				return mlPart{f: func(b []float64) float64 { p, q := a(b), bb(b); return p + q - 2*p*q }, reads: reads, boolean: true}, nil
			}
		}
	case expr.OpDiv:
		if len(args[1].reads) == 0 {
			a, d := args[0].f, args[1].f(nil)
			return mlPart{f: func(b []float64) float64 { return a(b) / d }, reads: args[0].reads}, nil
		}
	case expr.OpCond:
		cnd, x, y := args[0], args[1], args[2]
		if cnd.boolean && disjoint(cnd.reads, union(x.reads, y.reads)) {
			cf, a, bb := cnd.f, x.f, y.f
			return mlPart{f: func(b []float64) float64 { p := cf(b); return p*a(b) + (1-p)*bb(b) },
				reads: union(cnd.reads, union(x.reads, y.reads)), boolean: x.boolean && y.boolean}, nil
		}
	}
	return c.tabulate(e)
}

// maxExpanded bounds the shared nodes a product is expanded on (2^k
// cofactors); a product sharing more is tabulated.
const maxExpanded = 3

// expand writes e's extension as the sum over the on/off assignments σ of
// the shared nodes of Π b or (1 − b) times the extension of e with those
// nodes fixed at σ: exact, because the multilinear extension is affine in
// each node.
func (c *compiler) expand(e *expr.Expr, shared []int) (mlPart, error) {
	n := len(shared)
	cofactors := make([]mlFunc, 1<<n)
	reads := shared
	boolean := true
	for m := range cofactors {
		on := map[string]bool{}
		for j, i := range shared {
			on[c.net.Nodes[i].ID] = m&(1<<j) != 0
		}
		fixed := e.Replace(func(x *expr.Expr) *expr.Expr {
			switch {
			case x.Op == expr.OpLogic && c.nd.Rule != nil:
				return c.nd.Rule.Replace(func(y *expr.Expr) *expr.Expr { return constFor(y, on) })
			default:
				return constFor(x, on)
			}
		})
		p, err := c.compile(fixed)
		if err != nil {
			return mlPart{}, err
		}
		cofactors[m] = p.f
		reads = union(reads, p.reads)
		boolean = boolean && p.boolean
	}
	return mlPart{f: func(b []float64) float64 {
		sum := 0.0
		for m, f := range cofactors {
			w := 1.0
			for j, i := range shared {
				if m&(1<<j) != 0 {
					w *= b[i]
				} else {
					w *= 1 - b[i]
				}
			}
			if w != 0 {
				sum += w * f(b)
			}
		}
		return sum
	}, reads: reads, boolean: boolean}, nil
}

// constFor is the constant a node named in on takes, or nil.
func constFor(x *expr.Expr, on map[string]bool) *expr.Expr {
	if x.Op != expr.OpVar {
		return nil
	}
	v, ok := on[x.Name]
	if !ok {
		return nil
	}
	if v {
		return expr.Const(1)
	}
	return expr.Const(0)
}

// tabulate interpolates e's own truth table over the nodes it reads.
func (c *compiler) tabulate(e *expr.Expr) (mlPart, error) {
	r, err := table(c.net, c.nd, c.self, e, c.selfOn, c.params, MaxInputs)
	if err != nil {
		return mlPart{}, err
	}
	*c.tables = max(*c.tables, len(r.table))
	boolean := true
	for _, v := range r.table {
		if v != 0 && v != 1 {
			boolean = false
		}
	}
	reads := slices.Clone(r.inputs)
	slices.Sort(reads)
	work := c.work
	return mlPart{f: func(b []float64) float64 { return contract(&r, b, *work) }, reads: reads, boolean: boolean}, nil
}

// contract interpolates a table multilinearly at b, in place in w.
func contract(r *rate, b, w []float64) float64 {
	if len(r.inputs) == 0 {
		return r.table[0]
	}
	w = w[:len(r.table)]
	copy(w, r.table)
	size := len(w)
	for _, in := range r.inputs {
		x := b[in]
		size /= 2
		for m := 0; m < size; m++ {
			w[m] = w[2*m]*(1-x) + w[2*m+1]*x
		}
	}
	return w[0]
}

func disjoint(a, b []int) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return false
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return true
}

// intersect returns the indices in both sorted lists.
func intersect(a, b []int) []int {
	var out []int
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i, j = i+1, j+1
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

func union(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}
