package topology

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// attemptsPerEdge is the number of swap attempts per edge of the network.
const attemptsPerEdge = 10

// Stats describes one run of Rewire.
type Stats struct {
	Attempts int // swap attempts: 10 × the number of edges
	Swaps    int // attempts accepted
}

// Rewire returns a degree- and sign-preserving randomization of net
// (Maslov & Sneppen 2002): 10 × (number of edges) attempts of a double-edge
// swap, accepted or not. An attempt picks an edge s1→t1 uniformly, then an
// edge s2→t2 uniformly among those of the same sign (dual edges swap only
// among themselves), and turns them into s1→t2 and s2→t1 by renaming s1 to
// s2 in t1's rule and rates and s2 to s1 in t2's rule and rates (every
// occurrence, in those two nodes only). The swap is rejected when s1 == s2,
// t1 == t2, t1 already reads s2 or t2 already reads s1 (in its rule or
// rates), or it would make a self-loop (s2 == t1 or s1 == t2).
//
// Randomness comes from math/rand/v2's PCG seeded with (seed, 0): the same
// network and seed give the same result.
func Rewire(net *model.Network, seed uint64) (*model.Network, error) {
	out, _, err := RewireStats(net, seed)
	return out, err
}

// RewireStats is Rewire that also reports how many swaps it accepted.
func RewireStats(net *model.Network, seed uint64) (*model.Network, Stats, error) {
	if net == nil {
		return nil, Stats{}, errNilNetwork
	}
	w := newRewirer(net)
	rng := rand.New(rand.NewPCG(seed, 0))
	st := Stats{Attempts: attemptsPerEdge * len(w.edges)}
	for range st.Attempts {
		i := rng.IntN(len(w.edges))
		class := w.bySign[w.edges[i].Sign]
		if w.swap(i, class[rng.IntN(len(class))]) {
			st.Swaps++
		}
	}
	out, err := model.NewWith(net.Name, w.nodes, slices.Clone(net.Params), slices.Clone(net.Init))
	if err != nil {
		return nil, Stats{}, fmt.Errorf("rewire %s (seed %d): %w", net.Name, seed, err)
	}
	return out, st, nil
}

// rewirer is the state of a rewiring: a copy of the nodes whose expressions
// are replaced (never modified) as swaps are accepted, the current edges, and
// the names each target reads.
type rewirer struct {
	nodes  []model.Node
	index  map[string]int             // node id → position in nodes
	edges  []model.Edge               // current edges; a swap keeps each edge's sign
	bySign map[model.Sign][]int       // positions in edges, by sign
	reads  map[string]map[string]bool // target id → node names its rule and rates read
}

func newRewirer(net *model.Network) *rewirer {
	w := &rewirer{
		nodes:  append([]model.Node(nil), net.Nodes...),
		index:  make(map[string]int, len(net.Nodes)),
		edges:  net.Edges(),
		bySign: map[model.Sign][]int{},
		reads:  map[string]map[string]bool{},
	}
	for i, nd := range w.nodes {
		w.index[nd.ID] = i
		if nd.Rule == nil {
			continue
		}
		r := map[string]bool{}
		for _, e := range []*expr.Expr{nd.Rule, nd.Up, nd.Down} {
			if e != nil {
				for _, v := range e.Vars() {
					r[v] = true
				}
			}
		}
		w.reads[nd.ID] = r
	}
	for i, e := range w.edges {
		w.bySign[e.Sign] = append(w.bySign[e.Sign], i)
	}
	return w
}

// swap tries the double-edge swap of edges i and j, which have the same sign,
// and reports whether it was accepted.
func (w *rewirer) swap(i, j int) bool {
	a, b := w.edges[i], w.edges[j]
	s1, t1, s2, t2 := a.Source, a.Target, b.Source, b.Target
	switch {
	case s1 == s2, t1 == t2: // nothing to swap
		return false
	case s2 == t1, s1 == t2: // a new self-loop
		return false
	case w.reads[t1][s2], w.reads[t2][s1]: // an edge twice
		return false
	}
	w.rename(t1, s1, s2)
	w.rename(t2, s2, s1)
	w.edges[i] = model.Edge{Source: s1, Target: t2, Sign: a.Sign}
	w.edges[j] = model.Edge{Source: s2, Target: t1, Sign: b.Sign}
	return true
}

// rename replaces every occurrence of variable from by to in the rule and
// rates of target.
func (w *rewirer) rename(target, from, to string) {
	nd := &w.nodes[w.index[target]]
	sub := func(x *expr.Expr) *expr.Expr {
		if x.Op == expr.OpVar && x.Name == from {
			return expr.Var(to)
		}
		return nil
	}
	nd.Rule = replace(nd.Rule, sub)
	nd.Up = replace(nd.Up, sub)
	nd.Down = replace(nd.Down, sub)
	mods := slices.Clone(nd.Modulators)
	for i := range mods {
		if mods[i].Node == from {
			mods[i].Node = to
		}
	}
	nd.Modulators = mods
	r := w.reads[target]
	delete(r, from)
	r[to] = true
}
