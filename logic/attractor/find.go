package attractor

import (
	"context"

	"github.com/ikklab/ikklab/model"
)

// Find returns every attractor of net under o.Update by an exhaustive
// search of the 2^free states of the free nodes: with basins for Sync,
// terminal SCCs for Async. State spaces above o.Limit fail with an error
// wrapping ErrTooLarge (use FixedPoints for large networks).
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
	if err != nil {
		return nil, err
	}
	return s.result(o.Update, atts), nil
}

// FixedPoints returns every fixed point of net (states with F(x) = x, which
// are attractors of both update schemes) for a network of any size, found
// by backtracking with constraint propagation. Basins are not computed;
// o.Update is copied into the result, o.Limit and o.Workers are not used.
func FixedPoints(ctx context.Context, net *model.Network, o Options) (*Result, error) {
	s, err := prepare(net, o.Fixed)
	if err != nil {
		return nil, err
	}
	states, err := s.fixedPoints(ctx, &o)
	if err != nil {
		return nil, err
	}
	atts := make([]Attractor, len(states))
	for i, st := range states {
		atts[i] = Attractor{Kind: FixedPoint, States: []State{st}, Basin: -1}
	}
	r := s.result(o.Update, atts)
	r.FixedPointsOnly = true
	return r, nil
}

func (s *system) result(u Update, atts []Attractor) *Result {
	return &Result{Update: u, Nodes: s.nodeIDs(), Fixed: s.fixedMap(), Free: len(s.free), Attractors: atts}
}
