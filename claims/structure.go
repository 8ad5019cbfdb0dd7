package claims

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/topology"
)

// Ablation is how the claims depend on single edges of the network.
type Ablation struct {
	Edges int `json:"edges"` // edges of the network, each removed in turn
	// Holds is, per claim that passes on the intact network, the fraction
	// of single-edge deletions under which it still passes (deletions
	// outside the claim's upstream network cannot change it and count as
	// holding; Tested counts the others).
	Holds  map[string]float64 `json:"holds"`
	Tested map[string]int     `json:"tested"`
	// LoadBearing lists the edges whose deletion breaks at least one claim,
	// most claims first.
	LoadBearing []EdgeLoad `json:"load_bearing"`
	Baseline    []string   `json:"baseline_passing"`
	Complete    bool       `json:"complete"`
}

// EdgeLoad is an edge and the claims that stop passing without it.
type EdgeLoad struct {
	Edge   string   `json:"edge"` // "SOURCE -> TARGET (+)"
	Rest   bool     `json:"rest"` // the constant the source became
	Claims []string `json:"claims"`
}

// Ablate removes each edge of the network in turn (the regulator replaced
// by a constant at its resting value in that rule, topology.Ablate) and
// reruns the claims that pass on the intact network and whose readouts lie
// downstream of the edge's target, with the same seeds.
func Ablate(ctx context.Context, k *kb.KB, opt Options) (*Ablation, error) {
	net, err := baseNetwork(k, opt)
	if err != nil {
		return nil, err
	}
	base, err := Evaluate(ctx, k, opt)
	if err != nil || !base.Complete {
		return &Ablation{}, err
	}
	rest := map[string]bool{}
	for _, n := range k.Nodes {
		rest[n.ID] = n.Rest == "on"
	}
	out := &Ablation{Holds: map[string]float64{}, Tested: map[string]int{}, Complete: true}
	passing := map[string]*kb.Claim{}
	for i := range k.Claims {
		c := &k.Claims[i]
		if slices.ContainsFunc(base.Claims, func(r Result) bool { return r.ID == c.ID && r.Verdict == judge.Pass }) {
			passing[c.ID] = c
			out.Baseline = append(out.Baseline, c.ID)
		}
	}
	upstream := ancestors(net)
	held := map[string]int{}
	edges := net.Edges()
	out.Edges = len(edges)
	complete, err := over(ctx, k, opt, len(edges), func(i int) (*model.Network, []string, error) {
		e := edges[i]
		ids := []string{}
		for _, id := range out.Baseline {
			if dependsOn(passing[id], upstream, e.Target) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, ids, nil
		}
		cut, err := topology.Ablate(net, e, rest[e.Source])
		return cut, ids, err
	}, func(i int, rep *Report) {
		e := edges[i]
		load := EdgeLoad{Edge: fmt.Sprintf("%s -> %s (%s)", e.Source, e.Target, e.Sign), Rest: rest[e.Source]}
		for _, r := range rep.Claims {
			out.Tested[r.ID]++
			if r.Verdict == judge.Pass {
				held[r.ID]++
			} else {
				load.Claims = append(load.Claims, r.ID)
			}
		}
		if len(load.Claims) > 0 {
			out.LoadBearing = append(out.LoadBearing, load)
		}
	})
	if err != nil {
		return nil, err
	}
	out.Complete = complete
	for _, id := range out.Baseline {
		// Deletions outside the claim's upstream network hold by construction.
		out.Holds[id] = float64(out.Edges-out.Tested[id]+held[id]) / float64(out.Edges)
	}
	sort.SliceStable(out.LoadBearing, func(i, j int) bool { return len(out.LoadBearing[i].Claims) > len(out.LoadBearing[j].Claims) })
	return out, nil
}

// ancestors returns, per node, the nodes upstream of it (itself included).
func ancestors(net *model.Network) map[string]map[string]bool {
	prev := map[string][]string{}
	for _, e := range net.Edges() {
		prev[e.Target] = append(prev[e.Target], e.Source)
	}
	out := map[string]map[string]bool{}
	for _, n := range net.Nodes {
		seen := map[string]bool{n.ID: true}
		stack := []string{n.ID}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range prev[x] {
				if !seen[p] {
					seen[p] = true
					stack = append(stack, p)
				}
			}
		}
		out[n.ID] = seen
	}
	return out
}

// dependsOn reports whether node lies upstream of a readout of the claim
// (an edge into node can change it).
func dependsOn(c *kb.Claim, upstream map[string]map[string]bool, node string) bool {
	for _, x := range c.Expect {
		if upstream[x.Readout][node] {
			return true
		}
	}
	return false
}

// Rewiring compares the pass count of the real network with that of
// degree- and sign-preserving rewirings of it.
type Rewiring struct {
	Real     int     `json:"real_passed"`
	Claims   int     `json:"claims"`
	Rewired  []int   `json:"rewired_passed"` // per rewiring, in seed order
	Mean     float64 `json:"mean"`
	SD       float64 `json:"sd"`
	Complete bool    `json:"complete"`
}

// Randomize runs every claim on sets rewirings of the network
// (topology.Rewire with seeds 1…sets mixed with opt.Seed) and on the real
// one.
func Randomize(ctx context.Context, k *kb.KB, sets int, opt Options) (*Rewiring, error) {
	units, _ := Units(AnalysisRandom, sets)
	outs, complete, err := EvaluateSets(ctx, k, AnalysisRandom, units, opt)
	if err != nil {
		return nil, err
	}
	return RewiringOf(outs, complete), nil
}

// over evaluates the claims on n networks in turn: build gives network i
// and the claims to run on it (nil: opt.Only; empty: skip it), visit gets
// each report. It reports false when interrupted.
func over(ctx context.Context, k *kb.KB, opt Options, n int, build func(i int) (*model.Network, []string, error), visit func(i int, rep *Report)) (bool, error) {
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			return false, nil
		}
		net, only, err := build(i)
		if err != nil {
			return false, err
		}
		if only != nil && len(only) == 0 {
			continue
		}
		o := opt
		o.Network = net
		if only != nil {
			o.Only = only
		}
		rep, err := Evaluate(ctx, k, o)
		if err != nil {
			return false, err
		}
		if !rep.Complete {
			return false, nil
		}
		visit(i, rep)
	}
	return true, nil
}

// baseNetwork is the network claims run on: opt.Network or the knowledge
// base's.
func baseNetwork(k *kb.KB, opt Options) (*model.Network, error) {
	if opt.Network != nil {
		return opt.Network, nil
	}
	return k.Network()
}
