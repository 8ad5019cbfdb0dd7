package claims

import (
	"context"
	"fmt"
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

// Robust reruns the claims under sets parameter sets (ParameterSet): in
// each, every node's rate_up and rate_down and every graded term's weight
// are multiplied by independent factors drawn log-uniformly from [0.5, 2]
// (set s uses a PCG stream seeded by (seed, s)).
func Robust(ctx context.Context, k *kb.KB, sets int, opt Options) (*Robustness, error) {
	units, _ := Units(AnalysisRobustness, sets)
	outs, complete, err := EvaluateSets(ctx, k, AnalysisRobustness, units, opt)
	if err != nil {
		return nil, err
	}
	return RobustnessOf(outs, complete), nil
}

// ParameterSet returns the network of k under parameter set set: each
// graded term's weight (kb.Rule.TermWeights) multiplied by a factor drawn
// log-uniformly from [0.5, 2] (kb.KB.NetworkWeighted), then every node's
// rates multiplied by factors drawn the same way, as Rescaled does. The
// factors come from one PCG stream seeded by (seed, set): first the rate
// factors, in Rescaled's order (so the rates are exactly Rescaled's), then
// one factor per term of each graded rule, in rule and term order. The
// same (seed, set) always gives the same network.
func ParameterSet(k *kb.KB, seed, set uint64) (*model.Network, error) {
	r := stream(seed, set)
	rates := rateFactors(r, len(k.Nodes))
	weights := map[string][]float64{}
	for _, rule := range k.Rules {
		terms, _ := rule.TermWeights()
		if len(terms) == 0 {
			continue
		}
		f := make([]float64, len(terms))
		for i := range f {
			f[i] = logUniform(r)
		}
		weights[rule.Node] = f
	}
	net, err := k.NetworkWeighted(func(node string, term int) float64 {
		if f := weights[node]; term < len(f) {
			return f[term]
		}
		return 1
	})
	if err != nil {
		return nil, err
	}
	return scaleRates(net, rates)
}

// Rescaled returns net with every node's rates multiplied by factors drawn
// log-uniformly from [0.5, 2] from a PCG stream seeded by (seed, set): two
// per node in node order, rate_up's first.
func Rescaled(net *model.Network, seed, set uint64) (*model.Network, error) {
	return scaleRates(net, rateFactors(stream(seed, set), len(net.Nodes)))
}

func stream(seed, set uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, set)) }

// logUniform draws a factor log-uniformly from [0.5, 2].
func logUniform(r *rand.Rand) float64 { return math.Exp((r.Float64()*2 - 1) * math.Ln2) }

// rateFactors draws the rate_up and rate_down factors of n nodes.
func rateFactors(r *rand.Rand, n int) [][2]float64 {
	f := make([][2]float64, n)
	for i := range f {
		f[i] = [2]float64{logUniform(r), logUniform(r)}
	}
	return f
}

// scaleRates returns net with the rates of node i multiplied by f[i].
func scaleRates(net *model.Network, f [][2]float64) (*model.Network, error) {
	if len(f) != len(net.Nodes) {
		return nil, fmt.Errorf("claims: %d rate factors for %d nodes", len(f), len(net.Nodes))
	}
	nodes := append([]model.Node(nil), net.Nodes...)
	for i := range nodes {
		up, down := nodes[i].Rates()
		nodes[i].Up = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(f[i][0]), up}}
		nodes[i].Down = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(f[i][1]), down}}
	}
	return model.NewWith(net.Name, nodes, net.Params, net.Init)
}
