package attractor

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"
)

func TestTrapSpacesHandChecked(t *testing.T) {
	// Hand derivations: a negative loop has no fixed point and its only
	// trap space is the whole space; a positive loop has the two fixed
	// points; with an input I=0 percolates to 000, while I=1 leaves the
	// negative loop A = !B, B = A free.
	tests := []struct {
		name string
		net  []string
		want []string
	}{
		{"negative loop", []string{"A = !B", "B = A"}, []string{"--"}},
		{"positive loop", []string{"A = B", "B = A"}, []string{"00", "11"}},
		{"input selects", []string{"I", "A = I & !B", "B = A"}, []string{"000", "1--"}},
		{"oscillator beside a switch", []string{"A = !A", "B = B"}, []string{"-0", "-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TrapSpaces(context.Background(), network(t, tt.net...), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var gs []string
			for _, g := range got {
				gs = append(gs, g.String())
			}
			if !reflect.DeepEqual(gs, tt.want) {
				t.Errorf("got %q, want %q", gs, tt.want)
			}
		})
	}
}

func TestIkklabTrapSpaces(t *testing.T) {
	net := ikklabNetwork(t)
	start := time.Now()
	// Each minimal trap space fixes every input: with its 16 inputs free
	// the network has 131,124, above the default results budget of
	// 100,000, so one input (the growth-factor drive) is held off.
	fixed := map[string]bool{"Mitogens": false}
	got, err := TrapSpaces(context.Background(), net, Options{Fixed: fixed})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := prepare(net, fixed)
	nfree := 0
	for _, g := range got {
		if !isTrapSpace(s, g) {
			t.Fatalf("%s is not a trap space", g)
		}
		if g.Free() > 0 {
			nfree++
		}
	}
	for a := range got {
		for b := range got {
			if a != b && got[a].Contains(got[b]) {
				t.Fatalf("%s contains %s", got[a], got[b])
			}
		}
	}
	t.Logf("%d minimal trap spaces (%d with free nodes) in %v", len(got), nfree, time.Since(start))
}

// TestTrapSpacesBruteForce compares with the minimal trap spaces found by
// checking all 3^n subspaces of small random networks.
func TestTrapSpacesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	trials := 1500
	if testing.Short() {
		trials = 300
	}
	for trial := range trials {
		n := 1 + rng.IntN(7)
		net := randomNetwork(t, rng, n)
		var fixed map[string]bool
		if rng.IntN(4) == 0 {
			fixed = map[string]bool{fmt.Sprintf("X%d", rng.IntN(n)): rng.IntN(2) == 1}
		}
		got, err := TrapSpaces(context.Background(), net, Options{Fixed: fixed})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := prepare(net, fixed)
		want := bruteMinimalTrapSpaces(s)
		var gs, ws []string
		for _, g := range got {
			gs = append(gs, g.String())
		}
		for _, w := range want {
			ws = append(ws, w.String())
		}
		if !reflect.DeepEqual(gs, ws) {
			t.Fatalf("trial %d (fixed %v):\n%sgot  %q\nwant %q", trial, fixed, describe(net), gs, ws)
		}
	}
}

func bruteMinimalTrapSpaces(s *system) []Subspace {
	total := 1
	for range s.n {
		total *= 3
	}
	var traps []Subspace
	for c := range total {
		sub := make(Subspace, s.n)
		x := c
		ok := true
		for i := range s.n {
			sub[i] = int8(x%3) - 1
			x /= 3
			if s.fixed[i] >= 0 && sub[i] != s.fixed[i] {
				ok = false
			}
		}
		if !ok {
			continue
		}
		// A trap space: F maps every state of sub into sub.
		var frees []int
		for i, v := range sub {
			if v < 0 {
				frees = append(frees, i)
			}
		}
		for m := 0; m < 1<<len(frees) && ok; m++ {
			st := make(State, s.words)
			for i, v := range sub {
				st.set(i, v == 1)
			}
			for k, i := range frees {
				st.set(i, m>>k&1 == 1)
			}
			nx := s.next(st)
			for i, v := range sub {
				if v >= 0 && nx.Get(i) != (v == 1) {
					ok = false
				}
			}
		}
		if ok {
			traps = append(traps, sub)
		}
	}
	var out []Subspace
	for _, a := range traps {
		minimal := true
		for _, b := range traps {
			if a.String() != b.String() && a.Contains(b) {
				minimal = false
			}
		}
		if minimal {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].String() < out[b].String() })
	return out
}

// isTrapSpace reports whether every fixed node with a rule keeps its value
// on sub, checking each rule over its free variables (at most 20).
func isTrapSpace(s *system, sub Subspace) bool {
	vals := make([]uint64, s.n)
	for _, i := range s.free {
		p := s.progs[i]
		if sub[i] < 0 || p == nil {
			continue
		}
		var free []int
		for _, v := range p.Vars() {
			if sub[v] < 0 {
				free = append(free, v)
			} else {
				vals[v] = -uint64(sub[v])
			}
		}
		if len(free) > 20 {
			panic("isTrapSpace: rule too wide")
		}
		lanes := 1 << len(free)
		for w := 0; w < (lanes+63)/64; w++ {
			for j, v := range free {
				if j < 6 {
					vals[v] = lanePattern[j]
				} else {
					vals[v] = -uint64(w >> (j - 6) & 1)
				}
			}
			r := p.EvalWords(vals)
			want := -uint64(sub[i])
			mask := ^uint64(0)
			if lanes < 64 {
				mask = 1<<lanes - 1
			}
			if (r^want)&mask != 0 {
				return false
			}
		}
	}
	return true
}

// TestResultBudget: a network with 6 free inputs has 64 minimal trap spaces
// and 64 fixed points; a budget of 10 stops both searches with a
// BudgetError and returns 10 genuine ones.
func TestResultBudget(t *testing.T) {
	lines := []string{"A = I0 & I1 | I2", "B = A | I3 & !I4", "C = B ^ I5"}
	for i := range 6 {
		lines = append(lines, fmt.Sprintf("I%d", i))
	}
	net := network(t, lines...)
	s, _ := prepare(net, nil)
	all, err := TrapSpaces(context.Background(), net, Options{})
	if err != nil || len(all) != 64 {
		t.Fatalf("unbounded: %d trap spaces, %v; want 64", len(all), err)
	}
	got, err := TrapSpaces(context.Background(), net, Options{MaxResults: 10})
	var be *BudgetError
	if !errors.As(err, &be) || be.Budget != BudgetResults || be.Refused || len(got) != 10 {
		t.Fatalf("trap spaces at budget 10: %d, %v", len(got), err)
	}
	for _, g := range got {
		if !isTrapSpace(s, g) || g.Free() != 0 {
			t.Errorf("%s is not a minimal trap space", g)
		}
	}
	if want := "trap spaces: stopped at the results budget of 10; at least 2^6 exist, one or more per value of the 6 free inputs"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	r, err := FixedPoints(context.Background(), net, Options{MaxResults: 10})
	if !errors.As(err, &be) || r == nil || !r.Stopped || len(r.Attractors) != 10 {
		t.Fatalf("fixed points at budget 10: %v, %v", r, err)
	}
	if want := "fixed points: stopped at the results budget of 10; more than 10 fixed points exist"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// TestStoppedSearchesReturnWhatTheyFound: a search cut by its context
// returns the fixed points or trap spaces found so far with ctx's error.
func TestStoppedSearchesReturnWhatTheyFound(t *testing.T) {
	// 24 free inputs: 2^24 fixed points and minimal trap spaces, far more
	// than 30 ms allow.
	var lines []string
	for i := range 24 {
		lines = append(lines, fmt.Sprintf("I%d", i), fmt.Sprintf("A%d = I%d ^ A%d", i, i, (i+1)%24))
	}
	net := network(t, lines...)
	o := Options{MaxResults: 1 << 25}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	subs, err := TrapSpaces(ctx, net, o)
	if !errors.Is(err, context.DeadlineExceeded) || len(subs) == 0 {
		t.Errorf("trap spaces: %d found, %v; want some and DeadlineExceeded", len(subs), err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	r, err := FixedPoints(ctx2, net, o)
	if !errors.Is(err, context.DeadlineExceeded) || r == nil || !r.Stopped {
		t.Errorf("fixed points: %v, %v; want a stopped result and DeadlineExceeded", r, err)
	}
}
