package attractor

import (
	"context"
	"sort"
)

// Bits of a successor word during the trajectory pass (codes use at most 30
// bits): onPath marks a state on the trajectory being followed, whose low
// bits still hold its successor; labelled (both bits) marks a state whose
// attractor is known, whose low bits then hold the attractor's label.
const (
	onPath   = 1 << 31
	labelled = 1<<31 | 1<<30
	lowBits  = 1<<30 - 1
)

// syncExhaustive finds every synchronous attractor and its basin.
func (s *system) syncExhaustive(ctx context.Context, o *Options) ([]Attractor, error) {
	if err := s.limit(o, maxSyncFree); err != nil {
		return nil, err
	}
	succ := make([]uint32, 1<<len(s.free))
	if err := s.successors(ctx, succ, o); err != nil {
		return nil, err
	}
	var w walker
	if err := w.walk(ctx, succ, o); err != nil {
		// The cycles found so far are attractors; their basins are not known.
		return s.syncAttractors(w.cycles, nil), err
	}
	return s.syncAttractors(w.cycles, w.basins), nil
}

// walker is the trajectory pass over a successor array.
type walker struct {
	cycles [][]uint32 // per label, the cycle in successor order
	basins []int64    // per label
}

// walk follows the trajectory of every code, labelling each state with the
// attractor it reaches; it overwrites succ.
func (w *walker) walk(ctx context.Context, succ []uint32, o *Options) error {
	total := len(succ)
	for start := range total {
		if start&(1<<20-1) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			o.report("trajectories", int64(start), int64(total))
		}
		if succ[start]&onPath != 0 {
			continue // labelled already
		}
		w.follow(succ, uint32(start))
	}
	o.report("trajectories", int64(total), int64(total))
	return nil
}

// follow labels the trajectory from start, which is not labelled yet.
func (w *walker) follow(succ []uint32, start uint32) {
	x := start
	var label uint32
	var length int64
	for {
		v := succ[x]
		if v&onPath != 0 {
			if v&labelled == labelled {
				label = v & lowBits
			} else {
				label = w.newCycle(succ, x)
			}
			break
		}
		succ[x] = v | onPath
		x = v
		length++
	}
	for x = start; succ[x]&labelled != labelled; {
		nx := succ[x] & lowBits
		succ[x] = labelled | label
		x = nx
	}
	w.basins[label] += length
}

// newCycle records the cycle through x (whose states are on the current
// path) and returns its label.
func (w *walker) newCycle(succ []uint32, x uint32) uint32 {
	n := 1
	for c := succ[x] & lowBits; c != x; c = succ[c] & lowBits {
		n++
	}
	cyc := make([]uint32, n) // the one allocation per attractor
	c := x
	for k := range cyc {
		cyc[k] = c
		c = succ[c] & lowBits
	}
	w.cycles = append(w.cycles, cyc)
	w.basins = append(w.basins, 0)
	return uint32(len(w.cycles) - 1)
}

// syncAttractors converts cycles of codes to attractors sorted by
// canonical state.
func (s *system) syncAttractors(cycles [][]uint32, basins []int64) []Attractor {
	atts := make([]Attractor, 0, len(cycles))
	for l := range cycles {
		a := Attractor{Kind: Cycle, Basin: -1}
		if basins != nil {
			a.Basin = basins[l]
		}
		if len(cycles[l]) == 1 {
			a.Kind = FixedPoint
		}
		for _, c := range cycles[l] {
			a.States = append(a.States, s.state(uint64(c)))
		}
		rotateToCanonical(a.States)
		atts = append(atts, a)
	}
	sortAttractors(atts)
	return atts
}

// rotateToCanonical rotates a cycle to start at its smallest state.
func rotateToCanonical(states []State) {
	m := 0
	for k := range states {
		if states[k].less(states[m]) {
			m = k
		}
	}
	rot := append(append([]State(nil), states[m:]...), states[:m]...)
	copy(states, rot)
}

// sortAttractors orders attractors by their first (canonical) state.
func sortAttractors(atts []Attractor) {
	sort.Slice(atts, func(a, b int) bool { return atts[a].States[0].less(atts[b].States[0]) })
}
