package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/topology"
)

// Analyses that run the claims on many networks, one evaluation each: the
// unit a cluster shards them by.
const (
	AnalysisRobustness = "robustness" // parameter sets (ParameterSet)
	AnalysisRandom     = "random"     // rewirings (topology.Rewire), and the real network as unit -1
)

// SetOutcome is the claims run on one network of an analysis.
type SetOutcome struct {
	Unit   int      // the parameter set or rewiring; -1: the real network
	Passed int      // claims passing
	IDs    []string // the claims run, in order
	Pass   []bool   // per claim: passed
}

// Units lists an analysis's networks: the sets 0…sets−1, after the real
// network (-1) for random.
func Units(analysis string, sets int) ([]int, error) {
	var out []int
	switch analysis {
	case AnalysisRandom:
		out = append(out, -1)
	case AnalysisRobustness:
	default:
		return nil, fmt.Errorf("unknown analysis %q (robustness, random)", analysis)
	}
	for s := 0; s < sets; s++ {
		out = append(out, s)
	}
	return out, nil
}

// EvaluateSets runs the claims on the given units of an analysis, in
// order; it reports false (with what finished) when interrupted.
func EvaluateSets(ctx context.Context, k *kb.KB, analysis string, units []int, opt Options) ([]SetOutcome, bool, error) {
	base, err := baseNetwork(k, opt)
	if err != nil {
		return nil, false, err
	}
	var out []SetOutcome
	for _, u := range units {
		if ctx.Err() != nil {
			return out, false, nil
		}
		o := opt
		switch {
		case analysis == AnalysisRobustness:
			o.Network, err = ParameterSet(k, uint64(opt.Seed), uint64(u))
		case analysis == AnalysisRandom && u >= 0:
			o.Network, err = rewired(base, opt.Seed, u)
		case analysis == AnalysisRandom: // the real network, as given
		default:
			err = fmt.Errorf("unknown analysis %q", analysis)
		}
		if err != nil {
			return nil, false, err
		}
		rep, err := Evaluate(ctx, k, o)
		if err != nil {
			return nil, false, err
		}
		if !rep.Complete {
			return out, false, nil
		}
		so := SetOutcome{Unit: u, Passed: rep.Passed}
		for _, c := range rep.Claims {
			so.IDs = append(so.IDs, c.ID)
			so.Pass = append(so.Pass, c.Verdict == judge.Pass)
		}
		out = append(out, so)
	}
	return out, true, nil
}

// rewired is rewiring s of net (topology.Rewire seeded by the seed and s).
func rewired(net *model.Network, seed int64, s int) (*model.Network, error) {
	return topology.Rewire(net, uint64(seed)*1_000_003+uint64(s+1))
}

// RobustnessOf sums the parameter sets' outcomes, in set order.
func RobustnessOf(outs []SetOutcome, complete bool) *Robustness {
	r := &Robustness{Holds: map[string]float64{}, Complete: complete}
	counts := map[string]int{}
	for _, o := range outs {
		r.Sets++
		for i, id := range o.IDs {
			n := counts[id] // every claim run gets an entry, passing or not
			if o.Pass[i] {
				n++
			}
			counts[id] = n
		}
	}
	for id, n := range counts {
		if r.Sets > 0 {
			r.Holds[id] = float64(n) / float64(r.Sets)
		}
	}
	return r
}

// RewiringOf compares the real network's outcome (unit -1, first) with the
// rewirings', in seed order.
func RewiringOf(outs []SetOutcome, complete bool) *Rewiring {
	if len(outs) == 0 || outs[0].Unit != -1 {
		return &Rewiring{}
	}
	r := &Rewiring{Real: outs[0].Passed, Claims: len(outs[0].IDs), Complete: complete}
	for _, o := range outs[1:] {
		r.Rewired = append(r.Rewired, o.Passed)
	}
	var sum, sq float64
	for _, n := range r.Rewired {
		sum += float64(n)
	}
	if n := float64(len(r.Rewired)); n > 0 {
		r.Mean = sum / n
		for _, x := range r.Rewired {
			sq += (float64(x) - r.Mean) * (float64(x) - r.Mean)
		}
		if n > 1 {
			r.SD = math.Sqrt(sq / (n - 1))
		}
	}
	return r
}
