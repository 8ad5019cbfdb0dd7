package attractor

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Subspace fixes some nodes and leaves the others free: one entry per node,
// -1 free, else the node's value.
type Subspace []int8

// String writes the subspace as PyBoolNet does: one character per node,
// 0, 1 or - (free).
func (s Subspace) String() string {
	var b strings.Builder
	for _, v := range s {
		b.WriteByte("-01"[v+1])
	}
	return b.String()
}

// Contains reports whether t ⊆ s.
func (s Subspace) Contains(t Subspace) bool {
	for i, v := range s {
		if v >= 0 && t[i] != v {
			return false
		}
	}
	return true
}

// Free returns the number of free nodes.
func (s Subspace) Free() int {
	n := 0
	for _, v := range s {
		if v < 0 {
			n++
		}
	}
	return n
}

// maxTrapVars is the largest number of variables a rule may read for
// TrapSpaces: each rule's truth table (2^k bits) is built once.
const maxTrapVars = 20

// TrapSpaces returns every minimal trap space of net with o.Fixed held
// (Klarner, Bockmayr and Siebert 2015, Natural Computing 14:535, define
// them): inclusion-minimal subspaces that no asynchronous trajectory
// leaves, i.e. every fixed node's rule is constant and equal to its value
// on the subspace. Every attractor of every update scheme lies in a trap
// space, and each minimal trap space holds at least one.
//
// The method is exact. A subspace is read as a set of places (node i may
// take value v), as in the Petri-net encoding of Trinh, Benhamou, Hiraishi
// and Soliman (2023, Theor Comput Sci 971:114073, "Trap spaces of Boolean
// networks are conflict-free siphons of their Petri net encoding"): it is a
// trap space exactly when the set is closed under the rules — whenever
// f_i = v for some state of the subspace, (i, v) is a place. The search
// branches on the value of one uncovered node at a time (seeding a state)
// and closes the set after each choice with a sound propagation: (i, v) is
// added when some choice of the values already available makes f_i = v
// whatever the uncovered nodes take (each rule's truth table is built
// once). Along the branch of any state x of a minimal trap space M the set
// stays inside M, so its leaf is M; every leaf is a trap space; a branch is
// cut as soon as its set contains a trap space already found (none of its
// leaves can be minimal then), and leaves that contain a later one are
// dropped. Rules may read at most 20 nodes.
//
// The number of minimal trap spaces can be exponential (a network with k
// free inputs has at least 2^k): the search stops after o.MaxResults and
// returns those found, with a *BudgetError; when ctx is done it returns
// those found with ctx's error. Either way the spaces returned are trap
// spaces, but minimality is then established only against each other. The
// result is sorted by the subspace strings, except after an interruption
// (in the order found).
func TrapSpaces(ctx context.Context, net *model.Network, o Options) ([]Subspace, error) {
	s, err := prepare(net, o.Fixed)
	if err != nil {
		return nil, err
	}
	t, err := newTrapSearch(ctx, s, &o)
	if err != nil {
		return nil, err
	}
	t.propagate()
	t.solve(0)
	out := make([]Subspace, len(t.found))
	var stopBy time.Time // after an interruption, convert for 200 ms more at most
	for k, f := range t.found {
		if k%4096 == 0 && ctx.Err() != nil {
			if t.err == nil {
				t.err = ctx.Err()
			}
			if now := time.Now(); stopBy.IsZero() {
				stopBy = now.Add(200 * time.Millisecond)
			} else if now.After(stopBy) {
				return out[:k], t.err // the ones converted so far
			}
		}
		out[k] = t.subspace(f)
	}
	if err := sortSubspaces(ctx, out); err != nil && t.err == nil {
		t.err = err // interrupted while sorting: the spaces stay in the order found
	}
	return out, t.err
}

// trapSearch is the branch-and-propagate search of TrapSpaces. have[i]
// holds the values node i may take (bit v: the place (i, v)); 0 means
// uncovered. places is the same as a bit set (bit 2i+v), for containment
// tests against found trap spaces.
type trapSearch struct {
	s       *system
	vars    [][]int    // per node with a rule: the nodes it reads (truth-table bit order)
	tabs    [][]uint64 // per node with a rule: f_i over its vars, bit idx = assignment
	readers [][]int    // per node: the free nodes with a rule reading it
	order   []int      // branching order: free inputs, then most-read first
	inputs  int        // the first inputs entries of order are free inputs
	scope   int        // found[scope:] share the current values of every free input
	have    []uint8
	places  []uint64
	trail   []int // places added, as 2i+v
	queue   []int
	queued  []bool
	found   [][]uint64
	nodes   int64
	ctx     context.Context
	o       *Options
	err     error
}

func newTrapSearch(ctx context.Context, s *system, o *Options) (*trapSearch, error) {
	t := &trapSearch{
		s: s, vars: make([][]int, s.n), tabs: make([][]uint64, s.n), readers: make([][]int, s.n),
		have: make([]uint8, s.n), places: make([]uint64, (2*s.n+63)/64), queued: make([]bool, s.n), ctx: ctx, o: o,
	}
	vals := make([]uint64, s.n)
	for _, i := range s.free {
		p := s.progs[i]
		if p == nil {
			continue // an input keeps its value: covered only by branching
		}
		vs := p.Vars()
		if len(vs) == 1 && vs[0] == i && !p.Eval(make(State, s.words)) && identity(p, i, s.words) {
			continue // "X, X": an input too
		}
		if len(vs) > maxTrapVars {
			return nil, fmt.Errorf("trap spaces: the rule of %s reads %d nodes; at most %d are supported", s.net.Nodes[i].ID, len(vs), maxTrapVars)
		}
		t.vars[i] = vs
		for _, v := range vs {
			t.readers[v] = append(t.readers[v], i)
		}
		lanes := 1 << len(vs)
		tab := make([]uint64, (lanes+63)/64)
		for w := range tab {
			for j, v := range vs {
				if j < 6 {
					vals[v] = lanePattern[j]
				} else {
					vals[v] = -uint64(w >> (j - 6) & 1)
				}
			}
			tab[w] = p.EvalWords(vals)
			if lanes < 64 {
				tab[w] &= 1<<lanes - 1
			}
		}
		t.tabs[i] = tab
	}
	for i, f := range s.fixed {
		if f >= 0 {
			t.add(i, uint8(f))
		}
	}
	t.trail = t.trail[:0] // fixed places are never undone
	// Free inputs first: they are covered only by branching and every
	// minimal trap space fixes them, so spaces found under other input
	// values can never be contained in the current places (containsFound
	// and record look at found[scope:] only).
	t.order = append(t.order, s.free...)
	sort.SliceStable(t.order, func(a, b int) bool {
		ia, ib := t.tabs[t.order[a]] == nil, t.tabs[t.order[b]] == nil
		if ia != ib {
			return ia
		}
		return len(t.readers[t.order[a]]) > len(t.readers[t.order[b]])
	})
	for _, i := range t.order {
		if t.tabs[i] == nil {
			t.inputs++
		}
	}
	for _, i := range s.free {
		if t.tabs[i] != nil {
			t.enqueue(i)
		}
	}
	return t, nil
}

// identity reports whether rule p of node i (which reads only i) is f_i = x_i.
func identity(p *expr.Program, i, words int) bool {
	x := make(State, words)
	x.set(i, true)
	return p.Eval(x)
}

func (t *trapSearch) enqueue(i int) {
	if !t.queued[i] {
		t.queued[i] = true
		t.queue = append(t.queue, i)
	}
}

// add makes (i, v) a place and queues the rules that read i.
func (t *trapSearch) add(i int, v uint8) {
	t.have[i] |= 1 << v
	p := 2*i + int(v)
	t.places[p>>6] |= 1 << (p & 63)
	t.trail = append(t.trail, p)
	for _, r := range t.readers[i] {
		t.enqueue(r)
	}
}

func (t *trapSearch) undo(mark int) {
	for _, p := range t.trail[mark:] {
		t.have[p>>1] &^= 1 << (p & 1)
		t.places[p>>6] &^= 1 << (p & 63)
	}
	t.trail = t.trail[:mark]
}

// propagate adds every place the rules force, to a fixpoint.
func (t *trapSearch) propagate() {
	for len(t.queue) > 0 {
		i := t.queue[len(t.queue)-1]
		t.queue = t.queue[:len(t.queue)-1]
		t.queued[i] = false
		for v := range uint8(2) {
			if t.have[i]&(1<<v) == 0 && t.forces(i, v) {
				t.add(i, v)
			}
		}
	}
}

// forces reports whether some assignment of the values available to node
// i's covered inputs makes f_i = v for every value of its uncovered ones
// (then every trap space containing the current places has (i, v)).
func (t *trapSearch) forces(i int, v uint8) bool {
	var fixedMask, fixedVal, both, unc uint32
	for b, x := range t.vars[i] {
		switch t.have[x] {
		case 0:
			unc |= 1 << b
		case 1:
			fixedMask |= 1 << b
		case 2:
			fixedMask |= 1 << b
			fixedVal |= 1 << b
		default:
			both |= 1 << b
		}
	}
	tab := t.tabs[i]
	want := uint64(v)
	for a := both; ; a = (a - 1) & both {
		ok := true
		for u := unc; ; u = (u - 1) & unc {
			idx := fixedVal | a | u
			if tab[idx>>6]>>(idx&63)&1 != want {
				ok = false
				break
			}
			if u == 0 {
				break
			}
		}
		if ok {
			return true
		}
		if a == 0 {
			return false
		}
	}
}

// containsFound reports whether the current places contain a trap space
// already found.
func (t *trapSearch) containsFound() bool {
	for _, f := range t.found[t.scope:] {
		inside := true
		for w, x := range f {
			if x&^t.places[w] != 0 {
				inside = false
				break
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// record adds the current places (a trap space) and drops found ones that
// contain it.
func (t *trapSearch) record() {
	leaf := append([]uint64(nil), t.places...)
	kept := t.found[:t.scope]
	for _, f := range t.found[t.scope:] {
		contains := true
		for w, x := range leaf {
			if x&^f[w] != 0 {
				contains = false
				break
			}
		}
		if !contains {
			kept = append(kept, f)
		}
	}
	t.found = append(kept, leaf)
}

func (t *trapSearch) solve(from int) {
	if t.err != nil {
		return
	}
	if t.nodes++; t.nodes&63 == 0 {
		if err := t.ctx.Err(); err != nil {
			t.err = err
			return
		}
		t.o.report("trap spaces", int64(len(t.found)), 0)
	}
	if from == t.inputs {
		// Every free input was just given a value (inputs are never
		// covered by propagation, so this is the node that did it).
		t.scope = len(t.found)
	}
	t.propagate()
	if t.containsFound() {
		return
	}
	for from < len(t.order) && t.have[t.order[from]] != 0 {
		from++
	}
	if from == len(t.order) {
		t.record()
		if len(t.found) > t.o.maxResults() {
			t.found = t.found[:len(t.found)-1]
			e := &BudgetError{Search: "trap spaces", Budget: BudgetResults, Limit: fmt.Sprint(t.o.maxResults()), Free: len(t.s.free)}
			if t.inputs >= 63 || 1<<t.inputs > t.o.maxResults() {
				// Each value of the free inputs percolates to a trap space
				// of its own, holding at least one minimal one.
				e.Need = fmt.Sprintf("at least 2^%d exist, one or more per value of the %d free inputs", t.inputs, t.inputs)
			}
			t.err = e
		}
		return
	}
	i := t.order[from]
	for v := range uint8(2) {
		mark := len(t.trail)
		t.add(i, v)
		t.solve(from + 1)
		t.undo(mark)
		if t.err != nil {
			return
		}
	}
}

// sortSubspaces sorts by String (- < 0 < 1, node 0 first) through packed
// keys, checking ctx while packing them and while sorting (sortCtx): half
// a million spaces of a 321-node model take 0.4 s. Interrupted, subs is
// left unsorted and ctx's error returned.
func sortSubspaces(ctx context.Context, subs []Subspace) error {
	if len(subs) < 2 {
		return nil
	}
	n := len(subs[0])
	words := (n + 31) / 32
	keys := make([]uint64, len(subs)*words)
	for k, sub := range subs {
		if k%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		key := keys[k*words : (k+1)*words]
		for i, v := range sub {
			key[i/32] |= uint64(v+1) << (62 - 2*(i%32))
		}
	}
	idx := make([]int, len(subs))
	for k := range idx {
		idx[k] = k
	}
	if err := sortCtx(ctx, idx, func(a, b int) int {
		return slices.Compare(keys[a*words:(a+1)*words], keys[b*words:(b+1)*words])
	}); err != nil {
		return err
	}
	sorted := make([]Subspace, len(subs))
	for k, j := range idx {
		sorted[k] = subs[j]
	}
	copy(subs, sorted)
	return nil
}

// subspace converts a place set to a Subspace: node i's places are bits
// 2i and 2i+1, in one word.
func (t *trapSearch) subspace(places []uint64) Subspace {
	sub := make(Subspace, t.s.n)
	for i := range sub {
		sub[i] = [4]int8{-1, 0, 1, -1}[places[i>>5]>>(2*(i&31))&3]
	}
	return sub
}
