package attractor

import (
	"context"
	"fmt"
	"sort"
	"strings"

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

// maxTrapInputs bounds the free inputs TrapSpaces branches over (2^k
// input combinations).
const maxTrapInputs = 20

// maxCheck is the largest number of free variables a rule is checked for
// constancy over (2^16 completions); beyond it a rule counts as not
// constant, which may hide a trap space but never reports a false one.
const maxCheck = 16

// TrapSpaces returns trap spaces of net (with o.Fixed held) that are
// minimal as far as the following search can tell (Klarner, Bockmayr and
// Siebert 2015 define minimal trap spaces; their prime-implicant and ASP
// method is not implemented here). What is computed:
//
//  1. Every fixed point (FixedPoints; exact): each is a minimal trap space.
//  2. Every free input (a node without a rule that keeps its value) is fixed
//     both ways, since a minimal trap space fixes every such input: 2^k
//     combinations (k ≤ 20, else an error wrapping ErrTooLarge).
//  3. Under each combination, percolation: a free node whose rule is
//     constant on the subspace is fixed to that constant (valid: a minimal
//     trap space inside must agree). The result is a trap space.
//  4. Descent: from a trap space T, each free node i and value v gives the
//     percolation Q of T ∧ x_i=v; if i's rule is constant v on Q, Q is a
//     smaller trap space and the search continues there. A trap space
//     without such a child is a candidate.
//  5. Candidates and fixed points that strictly contain another are
//     dropped.
//
// Guarantees: every result is a verified trap space; every fixed point is a
// result; no result contains another. Limit: a trap space is reported when
// no single fix plus percolation leads below it, so a smaller trap space
// that needs several nodes fixed at once (and contains no fixed point)
// may be missed and its container reported instead; rules with more than 16
// free variables on a subspace count as not constant. The result is sorted
// by the subspace strings.
func TrapSpaces(ctx context.Context, net *model.Network, o Options) ([]Subspace, error) {
	s, err := prepare(net, o.Fixed)
	if err != nil {
		return nil, err
	}
	fps, err := s.fixedPoints(ctx, &o)
	if err != nil {
		return nil, err
	}
	ts := &trapSearch{s: s, vals: make([]uint64, s.n), ctx: ctx, seen: map[string]bool{}}
	var inputs []int
	for _, i := range s.free {
		if s.progs[i] == nil {
			inputs = append(inputs, i)
		}
	}
	if len(inputs) > maxTrapInputs {
		return nil, fmt.Errorf("trap spaces: %d free inputs (2^%d combinations): %w; fix some with Options.Fixed", len(inputs), len(inputs), ErrTooLarge)
	}
	root := make(Subspace, s.n)
	copy(root, s.fixed)
	for combo := range 1 << len(inputs) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o.report("trap spaces", int64(combo), int64(1)<<len(inputs))
		sub := append(Subspace(nil), root...)
		for k, i := range inputs {
			sub[i] = int8(combo >> k & 1)
		}
		ts.percolate(sub)
		ts.descend(sub)
	}
	if ts.err != nil {
		return nil, ts.err
	}
	cands := ts.found
	for _, x := range fps {
		sub := make(Subspace, s.n)
		for i := range sub {
			sub[i] = 0
			if x.Get(i) {
				sub[i] = 1
			}
		}
		cands = append(cands, sub)
	}
	// Drop duplicates and strict containers.
	sort.Slice(cands, func(a, b int) bool { return cands[a].Free() < cands[b].Free() })
	var out []Subspace
	keys := map[string]bool{}
	for _, c := range cands {
		k := c.String()
		if keys[k] {
			continue
		}
		minimal := true
		for _, m := range out {
			if c.Contains(m) {
				minimal = false
				break
			}
		}
		if minimal {
			keys[k] = true
			out = append(out, c)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].String() < out[b].String() })
	return out, nil
}

type trapSearch struct {
	s     *system
	vals  []uint64
	free  []int
	ctx   context.Context
	seen  map[string]bool
	found []Subspace
	steps int
	err   error
}

// constant returns the value of node i's rule if it is constant on sub, else
// -1 (also when the rule has more than maxCheck free variables there).
func (t *trapSearch) constant(i int, sub Subspace) int8 {
	p := t.s.progs[i]
	if p == nil {
		return sub[i] // an input keeps its value
	}
	free := t.free[:0]
	for _, v := range p.Vars() {
		if sub[v] < 0 {
			free = append(free, v)
		} else {
			t.vals[v] = -uint64(sub[v])
		}
	}
	t.free = free
	if len(free) > maxCheck {
		return -1
	}
	lanes := 1 << len(free)
	var ones, zeros uint64
	for w := 0; w < (lanes+63)/64; w++ {
		for j, v := range free {
			if j < 6 {
				t.vals[v] = lanePattern[j]
			} else {
				t.vals[v] = -uint64(w >> (j - 6) & 1)
			}
		}
		r := p.EvalWords(t.vals)
		mask := ^uint64(0)
		if lanes < 64 {
			mask = 1<<lanes - 1
		}
		ones |= r & mask
		zeros |= ^r & mask
		if ones != 0 && zeros != 0 {
			return -1
		}
	}
	if ones != 0 {
		return 1
	}
	return 0
}

// percolate fixes, until none is left, every free node whose rule is
// constant on sub.
func (t *trapSearch) percolate(sub Subspace) {
	for changed := true; changed; {
		changed = false
		for _, i := range t.s.free {
			if sub[i] < 0 {
				if c := t.constant(i, sub); c >= 0 {
					sub[i] = c
					changed = true
				}
			}
		}
	}
}

func (t *trapSearch) descend(sub Subspace) {
	if t.err != nil {
		return
	}
	k := sub.String()
	if t.seen[k] {
		return
	}
	t.seen[k] = true
	if t.steps++; t.steps&255 == 0 {
		if err := t.ctx.Err(); err != nil {
			t.err = err
			return
		}
	}
	leaf := true
	for _, i := range t.s.free {
		if sub[i] >= 0 {
			continue
		}
		for _, v := range [2]int8{0, 1} {
			q := append(Subspace(nil), sub...)
			q[i] = v
			t.percolate(q)
			if t.constant(i, q) == v {
				leaf = false
				t.descend(q)
			}
		}
	}
	if leaf {
		t.found = append(t.found, sub)
	}
}

// isTrapSpace reports whether every fixed node with a rule keeps its value
// on sub (options-fixed nodes are constants of the perturbed network).
func (t *trapSearch) isTrapSpace(sub Subspace) bool {
	for _, i := range t.s.free {
		if sub[i] >= 0 && t.constant(i, sub) != sub[i] {
			return false
		}
	}
	return true
}
