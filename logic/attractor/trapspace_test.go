package attractor

import (
	"context"
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
	got, err := TrapSpaces(context.Background(), net, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := prepare(net, nil)
	ts := &trapSearch{s: s, vals: make([]uint64, s.n)}
	nfree := 0
	for _, g := range got {
		if !ts.isTrapSpace(g) {
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
	for trial := range 300 {
		n := 1 + rng.IntN(6)
		net := randomNetwork(t, rng, n)
		got, err := TrapSpaces(context.Background(), net, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := prepare(net, nil)
		want := bruteMinimalTrapSpaces(s)
		var gs, ws []string
		for _, g := range got {
			gs = append(gs, g.String())
		}
		for _, w := range want {
			ws = append(ws, w.String())
		}
		if !reflect.DeepEqual(gs, ws) {
			t.Fatalf("trial %d:\n%sgot  %q\nwant %q", trial, describe(net), gs, ws)
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
