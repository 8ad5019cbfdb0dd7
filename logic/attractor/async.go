package attractor

import (
	"context"
	"sort"
)

// asyncExhaustive finds the terminal SCCs of the general asynchronous state
// transition graph.
func (s *system) asyncExhaustive(ctx context.Context, o *Options) ([]Attractor, error) {
	if err := s.limit(o, maxAsyncFree); err != nil {
		return nil, err
	}
	n := uint32(1) << len(s.free)
	// diff[c]: the free nodes whose rule disagrees with their value in c,
	// i.e. the nodes that may flip (the edges out of c).
	diff := make([]uint32, n)
	if err := s.successors(ctx, diff, o); err != nil {
		return nil, err
	}
	for c := range diff {
		diff[c] ^= uint32(c)
	}
	t := newTarjan(diff)
	err := t.run(ctx, o) // on error, the terminal SCCs found so far are attractors
	atts := make([]Attractor, 0, len(t.terminal))
	for _, scc := range t.terminal {
		a := Attractor{Kind: Complex, Basin: -1}
		if len(scc) == 1 {
			a.Kind = FixedPoint
		}
		for _, c := range scc {
			a.States = append(a.States, s.state(uint64(c)))
		}
		sort.Slice(a.States, func(i, j int) bool { return a.States[i].less(a.States[j]) })
		atts = append(atts, a)
	}
	sortAttractors(atts)
	return atts, err
}

// tarjan is an iterative Tarjan SCC search (Tarjan 1972, SIAM J Comput
// 1:146) over the implicit asynchronous graph: the edges out of c go to
// c ^ (1<<k) for every bit k of diff[c].
type tarjan struct {
	diff     []uint32
	index    []uint32 // discovery order + 1; 0 = unvisited
	low      []uint32
	onStack  []uint64 // bit set
	exit     []uint64 // bit set: an edge leaves to an already finished SCC
	stack    []uint32 // the SCC stack
	call     []frame  // the DFS stack
	counter  uint32
	terminal [][]uint32
}

type frame struct {
	v    uint32
	rest uint32 // the neighbours (bits of diff[v]) not yet explored
}

func newTarjan(diff []uint32) *tarjan {
	n := len(diff)
	return &tarjan{
		diff:    diff,
		index:   make([]uint32, n),
		low:     make([]uint32, n),
		onStack: make([]uint64, (n+63)/64),
		exit:    make([]uint64, (n+63)/64),
		// Full capacity up front: the search never grows a stack, so its
		// memory is bounded by asyncBytes per state (pages never touched are
		// never resident).
		stack: make([]uint32, 0, n),
		call:  make([]frame, 0, n),
	}
}

func getBit(b []uint64, i uint32) bool { return b[i>>6]>>(i&63)&1 == 1 }
func setBit(b []uint64, i uint32)      { b[i>>6] |= 1 << (i & 63) }
func clearBit(b []uint64, i uint32)    { b[i>>6] &^= 1 << (i & 63) }

func (t *tarjan) run(ctx context.Context, o *Options) error {
	total := len(t.diff)
	for r := range total {
		if r&(1<<18-1) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			o.report("scc", int64(t.counter), int64(total))
		}
		if t.index[r] == 0 {
			if err := t.search(ctx, uint32(r)); err != nil {
				return err
			}
		}
	}
	o.report("scc", int64(total), int64(total))
	return nil
}

func (t *tarjan) visit(v uint32) {
	t.counter++
	t.index[v] = t.counter
	t.low[v] = t.counter
	t.stack = append(t.stack, v)
	setBit(t.onStack, v)
	t.call = append(t.call, frame{v: v, rest: t.diff[v]})
}

// search runs the DFS from root, checking ctx every 2^16 steps (one DFS
// may cover the whole space). Its stacks are allocated once.
func (t *tarjan) search(ctx context.Context, root uint32) error {
	t.visit(root)
	for steps := 1; len(t.call) > 0; steps++ {
		if steps&(1<<16-1) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f := &t.call[len(t.call)-1]
		v := f.v
		if f.rest != 0 {
			bit := f.rest & -f.rest
			f.rest &^= bit
			w := v ^ bit
			switch {
			case t.index[w] == 0:
				t.visit(w)
			case getBit(t.onStack, w):
				t.low[v] = min(t.low[v], t.index[w])
			default:
				setBit(t.exit, v)
			}
			continue
		}
		// v is finished.
		t.call = t.call[:len(t.call)-1]
		if len(t.call) > 0 {
			p := t.call[len(t.call)-1].v
			t.low[p] = min(t.low[p], t.low[v])
		}
		if t.low[v] != t.index[v] {
			continue // v's SCC is closed at its root, an ancestor
		}
		// v is the root of an SCC: pop it.
		k := len(t.stack) - 1
		for t.stack[k] != v {
			k--
		}
		scc := t.stack[k:]
		terminal := true
		for _, u := range scc {
			clearBit(t.onStack, u)
			if getBit(t.exit, u) {
				terminal = false
			}
		}
		if terminal {
			t.terminal = append(t.terminal, append([]uint32(nil), scc...))
		}
		t.stack = t.stack[:k]
		if len(t.call) > 0 {
			// The parent reaches this finished SCC.
			setBit(t.exit, t.call[len(t.call)-1].v)
		}
	}
	return nil
}
