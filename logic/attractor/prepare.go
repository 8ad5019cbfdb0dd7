package attractor

import (
	"fmt"
	"math"
	"sort"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// system is a network compiled for the searches: read-only, shared by
// workers.
type system struct {
	net   *model.Network
	n     int
	words int             // uint64 words per State
	progs []*expr.Program // nil: identity (an input keeps its value)
	fixed []int8          // -1 free, else the fixed value
	free  []int           // node indices of the free nodes, ascending
	base  State           // fixed nodes at their values, free nodes 0
}

// prepare compiles the rules and resolves the fixed nodes.
func prepare(net *model.Network, fixed map[string]bool) (*system, error) {
	n := len(net.Nodes)
	s := &system{net: net, n: n, words: (n + 63) / 64, progs: make([]*expr.Program, n), fixed: make([]int8, n)}
	index := func(name string) (int, bool) { return net.Index(name) }
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		s.fixed[i] = -1
		switch {
		case nd.Rule == nil && nd.Kind == model.Input:
			// keeps its value
		case nd.Rule == nil:
			return nil, fmt.Errorf("node %s has no logic rule (rates only); attractors need a Boolean rule", nd.ID)
		default:
			if nd.Rule.Op == expr.OpConst {
				// BoolNet fixes genes with constant rules on load.
				s.fixed[i] = int8(min(1, int(nd.Rule.Value)))
				if nd.Rule.Value != 0 && nd.Rule.Value != 1 {
					return nil, fmt.Errorf("rule of %s: constant %g is not Boolean", nd.ID, nd.Rule.Value)
				}
			}
			p, err := expr.Compile(nd.Rule, index)
			if err != nil {
				return nil, fmt.Errorf("rule of %s: %w", nd.ID, err)
			}
			s.progs[i] = p
		}
	}
	names := make([]string, 0, len(fixed))
	for name := range fixed {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		i, ok := net.Index(name)
		if !ok {
			id, err := net.Resolve(name)
			if err != nil {
				return nil, fmt.Errorf("fixed node: %w", err)
			}
			i, _ = net.Index(id)
		}
		s.fixed[i] = 0
		if fixed[name] {
			s.fixed[i] = 1
		}
	}
	s.base = make(State, s.words)
	for i, f := range s.fixed {
		if f < 0 {
			s.free = append(s.free, i)
		} else {
			s.base.set(i, f == 1)
		}
	}
	return s, nil
}

// fixedMap returns the fixed nodes in effect.
func (s *system) fixedMap() map[string]bool {
	m := map[string]bool{}
	for i, f := range s.fixed {
		if f >= 0 {
			m[s.net.Nodes[i].ID] = f == 1
		}
	}
	return m
}

func (s *system) nodeIDs() []string {
	ids := make([]string, s.n)
	for i := range s.net.Nodes {
		ids[i] = s.net.Nodes[i].ID
	}
	return ids
}

// state expands a code over the free nodes to a full state.
func (s *system) state(code uint64) State {
	st := make(State, s.words)
	copy(st, s.base)
	for k, i := range s.free {
		if code>>k&1 == 1 {
			st.set(i, true)
		}
	}
	return st
}

// next returns F(x) for one full state (fixed nodes keep their values).
func (s *system) next(x State) State {
	y := make(State, s.words)
	for i := range s.n {
		switch {
		case s.fixed[i] >= 0:
			y.set(i, s.fixed[i] == 1)
		case s.progs[i] == nil:
			y.set(i, x.Get(i))
		default:
			y.set(i, s.progs[i].Eval(x))
		}
	}
	return y
}

// limit refuses an exhaustive search whose state space exceeds the hard
// bound (bits of a successor word), o.MaxStates or o.MaxMemory, before
// anything is allocated.
func (s *system) limit(o *Options, hard int) error {
	free := len(s.free)
	per := float64(syncBytes)
	search := "sync attractors"
	if o.Update == Async {
		per, search = asyncBytes, "async attractors"
	}
	states := math.Ldexp(1, free)
	need := fmt.Sprintf("2^%d states (%s)", free, bytesString(per*states))
	e := &BudgetError{Search: search, Need: need, Refused: true, Free: free}
	switch {
	case free > hard:
		e.Budget, e.Limit, e.Hard = BudgetStates, fmt.Sprintf("2^%d states (the most this search represents)", hard), true
	case o.MaxStates > 0 && states > float64(o.MaxStates):
		e.Budget, e.Limit = BudgetStates, fmt.Sprintf("%d states", o.MaxStates)
	case per*states > float64(o.maxMemory()):
		e.Budget, e.Limit = BudgetMemory, bytesString(float64(o.maxMemory()))
	default:
		return nil
	}
	return e
}
