package attractor

import (
	"context"
	"fmt"
	"testing"
)

// The hot loops allocate nothing per state: the successor kernel never, the
// trajectory pass and the Tarjan search only once per attractor found (its
// state list), the fixed-point propagation never.

func xorNetwork(t testing.TB, n int) *system {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("N%d = N%d & !N%d | N%d ^ N%d", i, (i+1)%n, (i+3)%n, (i+5)%n, (i+2)%n))
	}
	s, err := prepare(network(t, lines...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAllocsSuccessors(t *testing.T) {
	s := xorNetwork(t, 16)
	st := s.newStepper()
	succ := make([]uint32, 1<<16)
	if a := testing.AllocsPerRun(5, func() { st.fill(0, succ) }); a != 0 {
		t.Errorf("successor kernel: %v allocations per run, want 0", a)
	}
}

func TestAllocsTrajectories(t *testing.T) {
	s := xorNetwork(t, 16)
	orig := make([]uint32, 1<<16)
	s.newStepper().fill(0, orig)
	work := make([]uint32, len(orig))
	var w walker
	copy(work, orig)
	if err := w.walk(context.Background(), work, &Options{}); err != nil {
		t.Fatal(err)
	}
	natt := len(w.cycles)
	cycles, basins := w.cycles[:0], w.basins[:0]
	a := testing.AllocsPerRun(3, func() {
		copy(work, orig)
		w := walker{cycles: cycles[:0], basins: basins[:0]}
		_ = w.walk(context.Background(), work, &Options{})
	})
	if a > float64(natt) {
		t.Errorf("trajectory pass over 2^16 states: %v allocations, want at most one per attractor (%d)", a, natt)
	}
}

func TestAllocsTarjan(t *testing.T) {
	s := xorNetwork(t, 14)
	diff := make([]uint32, 1<<14)
	s.newStepper().fill(0, diff)
	for c := range diff {
		diff[c] ^= uint32(c)
	}
	tj := newTarjan(diff)
	if err := tj.run(context.Background(), &Options{}); err != nil {
		t.Fatal(err)
	}
	natt := len(tj.terminal)
	a := testing.AllocsPerRun(3, func() {
		clear(tj.index)
		clear(tj.low)
		clear(tj.onStack)
		clear(tj.exit)
		tj.counter = 0
		tj.terminal = tj.terminal[:0]
		_ = tj.run(context.Background(), &Options{})
	})
	if a > float64(natt) {
		t.Errorf("Tarjan search over 2^14 states: %v allocations, want at most one per attractor (%d)", a, natt)
	}
}

func TestAllocsPropagation(t *testing.T) {
	s := xorNetwork(t, 30)
	f := newFPSearch(context.Background(), s, &Options{})
	run := func() {
		for _, v := range f.order[:3] {
			f.assign(v, 1)
		}
		f.propagate()
		f.undo(0)
		f.clearQueue()
	}
	run()
	if a := testing.AllocsPerRun(20, run); a != 0 {
		t.Errorf("fixed-point propagation: %v allocations per run, want 0", a)
	}
}
