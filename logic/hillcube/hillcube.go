package hillcube

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/ode"
)

// MaxInputs bounds the nodes one rate may read.
const MaxInputs = 16

// Options are the Hill parameters; zero means Odefy's defaults.
type Options struct {
	N float64 // Hill exponent (default 3)
	K float64 // threshold (default 0.5)
}

// rate is a rate's truth table over the nodes it reads, and its
// multilinear extension compiled from the expression (multilinear.go).
type rate struct {
	inputs []int     // node indices, table bit j = inputs[j]
	table  []float64 // indexed by the input bits
	f      mlFunc
	node   int
}

// System is a network converted to ODEs.
type System struct {
	net      *model.Network
	up, down []rate
	x0       []float64
	n, k     float64
	kn, norm float64
	b        []float64 // Hill-transformed activities (scratch)
	work     []float64 // multilinear contraction (scratch)
	// bad is the first rate found negative or not finite (nil: none):
	// the interpolation of non-negative values is non-negative, so this
	// reports a rate the model gives a bad value on the cube.
	bad *badRate
}

type badRate struct {
	node  string
	value float64
}

// Convert builds the ODE system of net with its parameter values.
func Convert(net *model.Network, params map[string]float64, o Options) (*System, error) {
	if o.N == 0 {
		o.N = 3
	}
	if o.K == 0 {
		o.K = 0.5
	}
	if !(o.N > 0) || !(o.K > 0 && o.K < 1) {
		return nil, fmt.Errorf("hillcube: Hill exponent %g and threshold %g: need n > 0 and 0 < k < 1", o.N, o.K)
	}
	nn := len(net.Nodes)
	s := &System{net: net, up: make([]rate, nn), down: make([]rate, nn), x0: make([]float64, nn),
		n: o.N, k: o.K, b: make([]float64, nn)}
	s.work = make([]float64, 1)
	s.kn = math.Pow(o.K, o.N)
	s.norm = 1 + s.kn
	maxTable := 1
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		upE, downE := nd.Rates()
		for _, x := range []struct {
			dst    *rate
			e      *expr.Expr
			selfOn bool
		}{{&s.up[i], upE, false}, {&s.down[i], downE, true}} {
			c := &compiler{net: net, nd: nd, self: i, selfOn: x.selfOn, params: params, tables: &maxTable, work: &s.work}
			p, err := c.compile(x.e)
			if err != nil {
				return nil, err
			}
			x.dst.f = p.f
			x.dst.node = i
		}
	}
	s.work = make([]float64, maxTable)
	// Initial activities: the probability of starting on.
	for i := range s.x0 {
		s.x0[i] = 0.5
	}
	for _, g := range net.Init {
		var total float64
		on := make([]float64, len(g.Nodes))
		for _, a := range g.Alts {
			w := a.Weight.Eval(expr.MapEnv{Params: params})
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("hillcube: initial-state weight %g of [%v]", w, g.Nodes)
			}
			total += w
			for j, v := range a.Values {
				if v {
					on[j] += w
				}
			}
		}
		for j, id := range g.Nodes {
			i, ok := net.Index(id)
			if !ok {
				return nil, fmt.Errorf("hillcube: initial state of unknown node %s", id)
			}
			if total > 0 {
				s.x0[i] = on[j] / total
			}
		}
	}
	return s, nil
}

// table evaluates a rate on every combination of the nodes it reads (its
// own node held at self: off for the up rate, on for the down rate); it
// refuses a rate that reads more than limit nodes.
func table(net *model.Network, nd *model.Node, self int, e *expr.Expr, selfOn bool, params map[string]float64, limit int) (rate, error) {
	reads := map[string]bool{}
	for _, v := range e.Vars() {
		reads[v] = true
	}
	usesLogic := false
	walk(e, func(x *expr.Expr) {
		if x.Op == expr.OpLogic {
			usesLogic = true
		}
	})
	if usesLogic && nd.Rule != nil {
		for _, v := range nd.Rule.Vars() {
			reads[v] = true
		}
	}
	delete(reads, nd.ID)
	names := make([]string, 0, len(reads))
	for v := range reads {
		names = append(names, v)
	}
	sort.Strings(names)
	if len(names) > limit {
		return rate{}, fmt.Errorf("hillcube: a rate of %s reads %d nodes, more than %d", nd.ID, len(names), limit)
	}
	r := rate{inputs: make([]int, len(names)), table: make([]float64, 1<<len(names))}
	for j, v := range names {
		i, ok := net.Index(v)
		if !ok {
			return rate{}, fmt.Errorf("hillcube: %s reads unknown node %s", nd.ID, v)
		}
		r.inputs[j] = i
	}
	env := expr.MapEnv{Nodes: map[string]bool{}, Params: params}
	for m := range r.table {
		for j, v := range names {
			env.Nodes[v] = m&(1<<j) != 0
		}
		env.Nodes[nd.ID] = selfOn
		env.Self = nd.Rule != nil && nd.Rule.Eval(env) != 0
		v := e.Eval(env)
		if !(v >= 0) || math.IsInf(v, 0) {
			return rate{}, fmt.Errorf("hillcube: a rate of %s is %g in a state", nd.ID, v)
		}
		r.table[m] = v
	}
	return r, nil
}

func walk(e *expr.Expr, f func(*expr.Expr)) {
	f(e)
	for _, a := range e.Args {
		walk(a, f)
	}
}

// hill is the normalised Hill function.
func (s *System) hill(x float64) float64 {
	x = math.Min(math.Max(x, 0), 1)
	xn := math.Pow(x, s.n)
	return xn / (xn + s.kn) * s.norm
}

// eval is the rate's multilinear extension at the transformed activities.
func (s *System) eval(r *rate) float64 { return r.f(s.b) }

// Problem is the ODE system. The returned functions share the System's
// scratch space: one goroutine at a time.
func (s *System) Problem() ode.Problem {
	return ode.Problem{N: len(s.x0), Autonomous: true, F: func(_ float64, x, dx []float64) {
		for i, v := range x {
			s.b[i] = s.hill(v)
		}
		for i, v := range x {
			u, d := s.eval(&s.up[i]), s.eval(&s.down[i])
			if !(u >= 0 && d >= 0) || math.IsInf(u+d, 0) {
				if s.bad == nil {
					s.bad = &badRate{node: s.net.Nodes[i].ID, value: math.Min(u, d)}
				}
				u, d = math.Max(u, 0), math.Max(d, 0)
			}
			dx[i] = u*(1-v) - d*v
		}
	}}
}

// Initial returns the initial activities.
func (s *System) Initial() []float64 { return append([]float64(nil), s.x0...) }

// Simulate integrates from 0 and returns every node's activity at the
// given times (one row per time, in node order).
func (s *System) Simulate(ctx context.Context, times []float64, o ode.Options) ([][]float64, error) {
	solver, err := ode.NewSolver(s.Problem(), o)
	if err != nil {
		return nil, err
	}
	if len(times) > 0 {
		solver.SetStop(times[len(times)-1])
	}
	if err := solver.Init(0, s.x0); err != nil {
		return nil, err
	}
	s.bad = nil
	out := make([][]float64, len(times))
	for k, t := range times {
		out[k] = make([]float64, len(s.x0))
		if _, err := solver.Advance(ctx, t, out[k]); err != nil {
			return nil, err
		}
		if s.bad != nil {
			return nil, fmt.Errorf("hillcube: a rate of %s is %g (rates must be finite and non-negative)", s.bad.node, s.bad.value)
		}
	}
	return out, nil
}
