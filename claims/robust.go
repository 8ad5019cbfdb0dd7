package claims

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Robustness is, per claim, the fraction of rate-parameter sets under which
// it holds.
type Robustness struct {
	Sets     int                `json:"parameter_sets"`
	Holds    map[string]float64 `json:"holds"` // claim id → fraction of sets
	Complete bool               `json:"complete"`
}

// Robust reruns the claims under sets parameter sets: in each, every node's
// rate_up and rate_down are multiplied by independent factors drawn
// log-uniformly from [0.5, 2] (set s uses a PCG stream seeded by (seed, s)).
func Robust(ctx context.Context, k *kb.KB, sets int, opt Options) (*Robustness, error) {
	base, err := k.Network()
	if err != nil {
		return nil, err
	}
	out := &Robustness{Holds: map[string]float64{}, Complete: true}
	counts := map[string]int{}
	for s := 0; s < sets; s++ {
		if ctx.Err() != nil {
			out.Complete = false
			break
		}
		net, err := Rescaled(base, uint64(opt.Seed), uint64(s))
		if err != nil {
			return nil, err
		}
		o := opt
		o.Network = net
		rep, err := Evaluate(ctx, k, o)
		if err != nil {
			return nil, err
		}
		if !rep.Complete {
			out.Complete = false
			break
		}
		out.Sets++
		for _, c := range rep.Claims {
			if _, ok := counts[c.ID]; !ok {
				counts[c.ID] = 0
			}
			if c.Verdict == "pass" {
				counts[c.ID]++
			}
		}
	}
	for id, n := range counts {
		if out.Sets > 0 {
			out.Holds[id] = float64(n) / float64(out.Sets)
		}
	}
	return out, nil
}

// Rescaled returns net with every node's rates multiplied by factors drawn
// log-uniformly from [0.5, 2].
func Rescaled(net *model.Network, seed, set uint64) (*model.Network, error) {
	r := rand.New(rand.NewPCG(seed, set))
	factor := func() float64 { return math.Exp((r.Float64()*2 - 1) * math.Ln2) }
	nodes := append([]model.Node(nil), net.Nodes...)
	for i := range nodes {
		up, down := nodes[i].Rates()
		fu, fd := factor(), factor()
		nodes[i].Up = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(fu), up}}
		nodes[i].Down = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(fd), down}}
	}
	return model.NewWith(net.Name, nodes, net.Params, net.Init)
}
