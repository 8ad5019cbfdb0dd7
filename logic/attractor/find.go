package attractor

import (
	"context"

	"github.com/ikklab/ikklab/model"
)

// Find returns every attractor of net under o.Update by an exhaustive
// search of the 2^free states of the free nodes: with basins for Sync,
// terminal SCCs for Async. A state space above o.MaxStates or o.MaxMemory
// is refused before anything is allocated with a *BudgetError (use
// FixedPoints or TrapSpaces for large networks). When ctx is done during
// the search, Find returns the attractors found so far (Result.Stopped,
// without basins) together with ctx's error.
func Find(ctx context.Context, net *model.Network, o Options) (*Result, error) {
	s, err := prepare(net, o.Fixed)
	if err != nil {
		return nil, err
	}
	var atts []Attractor
	if o.Update == Async {
		atts, err = s.asyncExhaustive(ctx, &o)
	} else {
		atts, err = s.syncExhaustive(ctx, &o)
	}
	if err != nil && atts == nil {
		return nil, err
	}
	r := s.result(o.Update, atts)
	r.Stopped = err != nil
	return r, err
}

// FixedPoints returns every fixed point of net (states with F(x) = x, which
// are attractors of both update schemes) for a network of any size, found
// by backtracking with constraint propagation. Basins are not computed;
// o.Update is copied into the result; o.MaxResults bounds the number found.
// When the search stops early (ctx done, or more than o.MaxResults fixed
// points), the ones found so far are returned (Result.Stopped) with the
// error: ctx's, or a *BudgetError.
func FixedPoints(ctx context.Context, net *model.Network, o Options) (*Result, error) {
	s, err := prepare(net, o.Fixed)
	if err != nil {
		return nil, err
	}
	states, err := s.fixedPoints(ctx, &o)
	atts := make([]Attractor, len(states))
	for i, st := range states {
		atts[i] = Attractor{Kind: FixedPoint, States: []State{st}, Basin: -1}
	}
	r := s.result(o.Update, atts)
	r.FixedPointsOnly = true
	r.Stopped = err != nil
	return r, err
}

func (s *system) result(u Update, atts []Attractor) *Result {
	return &Result{Update: u, Nodes: s.nodeIDs(), Fixed: s.fixedMap(), Free: len(s.free), Attractors: atts}
}
