package attractor

import (
	"context"
	"fmt"
	"sort"
)

// maxEnum is the largest number of unassigned variables a constraint is
// checked over (2^12 completions = 64 EvalWords calls); larger ones wait
// until more of their variables are assigned.
const maxEnum = 12

// fpSearch finds every x with F(x) = x by backtracking over node values.
// Constraint c (one per free node with a rule) is x_c = f_c(x); its scope is
// the rule's variables and c itself. Propagation enforces generalized arc
// consistency exactly: a constraint's unassigned variables are enumerated
// bit-sliced, and a variable that takes one value in every consistent
// completion is assigned it.
type fpSearch struct {
	s       *system
	val     []int8  // -1 unassigned, else 0 or 1
	scope   [][]int // per constraint node: the variables (rule vars and the node)
	watch   [][]int // per variable: the constraints whose scope holds it
	isCons  []bool
	queue   []int
	queued  []bool
	trail   []int
	order   []int    // branching order
	vals    []uint64 // EvalWords input
	unknown []int
	sup0    []uint64
	sup1    []uint64
	found   []State
	nodes   int64
	ctx     context.Context
	o       *Options
	err     error
}

func (s *system) fixedPoints(ctx context.Context, o *Options) ([]State, error) {
	f := newFPSearch(ctx, s, o)
	f.solve(0)
	if err := sortCtx(ctx, f.found, func(a, b State) int {
		switch {
		case a.less(b):
			return -1
		case b.less(a):
			return 1
		}
		return 0
	}); err != nil && f.err == nil {
		f.err = err // interrupted while sorting: in the order found
	}
	return f.found, f.err
}

// newFPSearch sets up the constraints, with every constraint queued.
func newFPSearch(ctx context.Context, s *system, o *Options) *fpSearch {
	f := &fpSearch{
		s: s, val: make([]int8, s.n), scope: make([][]int, s.n), watch: make([][]int, s.n),
		isCons: make([]bool, s.n), queued: make([]bool, s.n), vals: make([]uint64, s.n),
		sup0: make([]uint64, maxEnum), sup1: make([]uint64, maxEnum), ctx: ctx, o: o,
	}
	for i := range s.n {
		f.val[i] = s.fixed[i]
		if s.fixed[i] >= 0 || s.progs[i] == nil {
			continue
		}
		f.isCons[i] = true
		sc := []int{i}
		for _, v := range s.progs[i].Vars() {
			if v != i {
				sc = append(sc, v)
			}
		}
		f.scope[i] = sc
		for _, v := range sc {
			f.watch[v] = append(f.watch[v], i)
		}
	}
	for i := range s.n {
		if f.val[i] < 0 {
			f.order = append(f.order, i)
		}
	}
	// Branch first on the variables that constrain the most rules.
	sort.SliceStable(f.order, func(a, b int) bool { return len(f.watch[f.order[a]]) > len(f.watch[f.order[b]]) })
	for i := range s.n {
		if f.isCons[i] {
			f.enqueue(i)
		}
	}
	return f
}

func (f *fpSearch) enqueue(c int) {
	if !f.queued[c] {
		f.queued[c] = true
		f.queue = append(f.queue, c)
	}
}

func (f *fpSearch) assign(v int, x int8) {
	f.val[v] = x
	f.trail = append(f.trail, v)
	for _, c := range f.watch[v] {
		f.enqueue(c)
	}
}

func (f *fpSearch) undo(mark int) {
	for _, v := range f.trail[mark:] {
		f.val[v] = -1
	}
	f.trail = f.trail[:mark]
}

func (f *fpSearch) clearQueue() {
	for _, c := range f.queue {
		f.queued[c] = false
	}
	f.queue = f.queue[:0]
}

// propagate runs the queue to a fixpoint; false on a contradiction.
func (f *fpSearch) propagate() bool {
	for len(f.queue) > 0 {
		c := f.queue[len(f.queue)-1]
		f.queue = f.queue[:len(f.queue)-1]
		f.queued[c] = false
		if !f.revise(c) {
			f.clearQueue()
			return false
		}
	}
	return true
}

// revise enforces arc consistency on constraint c.
func (f *fpSearch) revise(c int) bool {
	u := f.unknown[:0]
	for _, v := range f.scope[c] {
		if f.val[v] < 0 {
			u = append(u, v)
		} else {
			f.vals[v] = -uint64(f.val[v])
		}
	}
	f.unknown = u
	if len(u) > maxEnum {
		return true
	}
	lanes := 1 << len(u)
	var any uint64
	for j := range u {
		f.sup0[j], f.sup1[j] = 0, 0
	}
	prog := f.s.progs[c]
	for w := 0; w < (lanes+63)/64; w++ {
		for j, v := range u {
			if j < 6 {
				f.vals[v] = lanePattern[j]
			} else {
				f.vals[v] = -uint64(w >> (j - 6) & 1)
			}
		}
		m := ^(prog.EvalWords(f.vals) ^ f.vals[c])
		if lanes < 64 {
			m &= 1<<lanes - 1
		}
		any |= m
		for j, v := range u {
			f.sup1[j] |= m & f.vals[v]
			f.sup0[j] |= m &^ f.vals[v]
		}
	}
	if any == 0 {
		return false
	}
	for j, v := range u {
		switch {
		case f.sup1[j] == 0:
			f.assign(v, 0)
		case f.sup0[j] == 0:
			f.assign(v, 1)
		}
	}
	return true
}

func (f *fpSearch) solve(from int) {
	if f.err != nil {
		return
	}
	f.nodes++
	if f.nodes&63 == 0 {
		if err := f.ctx.Err(); err != nil {
			f.err = err
			return
		}
		f.o.report("fixed points", int64(len(f.found)), 0)
	}
	if !f.propagate() {
		return
	}
	for from < len(f.order) && f.val[f.order[from]] >= 0 {
		from++
	}
	if from == len(f.order) {
		st := make(State, f.s.words)
		for i, x := range f.val {
			if x == 1 {
				st.set(i, true)
			}
		}
		if len(f.found) == f.o.maxResults() {
			f.err = &BudgetError{Search: "fixed points", Budget: BudgetResults, Limit: fmt.Sprint(f.o.maxResults()),
				Need: fmt.Sprintf("more than %d fixed points exist", f.o.maxResults()), Free: len(f.s.free)}
			return
		}
		f.found = append(f.found, st)
		return
	}
	v := f.order[from]
	for _, x := range [2]int8{0, 1} {
		mark := len(f.trail)
		f.assign(v, x)
		f.solve(from + 1)
		f.undo(mark)
		if f.err != nil {
			return
		}
	}
}
