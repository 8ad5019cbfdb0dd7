package attractor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/model"
)

// randomNetwork returns a random network of n nodes: some inputs, some
// constants, the rest random rules over up to three nodes with ! & | ^.
func randomNetwork(t testing.TB, rng *rand.Rand, n int) *model.Network {
	var lines []string
	name := func() string { return fmt.Sprintf("X%d", rng.IntN(n)) }
	for i := range n {
		switch r := rng.IntN(10); {
		case r == 0:
			lines = append(lines, fmt.Sprintf("X%d", i))
		case r == 1:
			lines = append(lines, fmt.Sprintf("X%d = %d", i, rng.IntN(2)))
		default:
			e := name()
			for range rng.IntN(3) {
				op := []string{"&", "|", "^", "& !", "| !"}[rng.IntN(5)]
				e = "(" + e + " " + op + " " + name() + ")"
			}
			if rng.IntN(3) == 0 {
				e = "!" + e
			}
			lines = append(lines, fmt.Sprintf("X%d = %s", i, e))
		}
	}
	return network(t, lines...)
}

// naive computes the attractors by brute force on full states with
// Program.Eval (not the bit-sliced path): sync by iterating every
// trajectory, async by closing reachability sets.
func naive(s *system, u Update) []string {
	total := 1 << len(s.free)
	codeOf := func(x State) int {
		c := 0
		for k, i := range s.free {
			if x.Get(i) {
				c |= 1 << k
			}
		}
		return c
	}
	next := make([]int, total)
	for c := range total {
		next[c] = codeOf(s.next(s.state(uint64(c))))
	}
	var out []string
	n := s.n
	str := func(c int) string { return s.state(uint64(c)).Bits(n) }
	if u == Sync {
		basin := map[int]int{} // canonical code -> basin
		for c := range total {
			seen := map[int]bool{}
			x := c
			for !seen[x] {
				seen[x] = true
				x = next[x]
			}
			m := x
			for y := next[x]; y != x; y = next[y] {
				m = min(m, y)
			}
			basin[m]++
		}
		keys := make([]int, 0, len(basin))
		for k := range basin {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for _, k := range keys {
			ss := []string{str(k)}
			for y := next[k]; y != k; y = next[y] {
				ss = append(ss, str(y))
			}
			kind := "cycle"
			if len(ss) == 1 {
				kind = "fixed_point"
			}
			out = append(out, fmt.Sprintf("%s[%d]:%s", kind, basin[k], strings.Join(ss, ">")))
		}
		return out
	}
	reach := make([]map[int]bool, total)
	for c := range total {
		r := map[int]bool{c: true}
		queue := []int{c}
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			d := next[x] ^ x
			for k := range len(s.free) {
				if d>>k&1 == 1 && !r[x^1<<k] {
					r[x^1<<k] = true
					queue = append(queue, x^1<<k)
				}
			}
		}
		reach[c] = r
	}
	done := map[int]bool{}
	for c := range total {
		if done[c] {
			continue
		}
		terminal := true
		for y := range reach[c] {
			if !reach[y][c] {
				terminal = false
			}
		}
		if !terminal {
			continue
		}
		var members []int
		for y := range reach[c] {
			members = append(members, y)
			done[y] = true
		}
		sort.Ints(members)
		var ss []string
		for _, y := range members {
			ss = append(ss, str(y))
		}
		kind := "complex"
		if len(ss) == 1 {
			kind = "fixed_point"
		}
		out = append(out, fmt.Sprintf("%s[-1]:%s", kind, strings.Join(ss, ">")))
	}
	return out
}

func TestRandomAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for trial := range 300 {
		n := 1 + rng.IntN(9)
		net := randomNetwork(t, rng, n)
		var fixed map[string]bool
		if rng.IntN(3) == 0 {
			fixed = map[string]bool{fmt.Sprintf("X%d", rng.IntN(n)): rng.IntN(2) == 1}
		}
		s, err := prepare(net, fixed)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []Update{Sync, Async} {
			r, err := Find(ctx, net, Options{Update: u, Fixed: fixed, Workers: 1 + trial%3})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := summarize(r), naive(s, u); !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d %s %v:\n%s\ngot  %q\nwant %q", trial, u, fixed, describe(net), got, want)
			}
		}
		r, err := FixedPoints(ctx, net, Options{Fixed: fixed})
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, a := range r.Attractors {
			got = append(got, "fixed_point[-1]:"+a.States[0].Bits(n))
		}
		for _, a := range naive(s, Async) {
			if strings.HasPrefix(a, "fixed_point") {
				want = append(want, a)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d fixed points %v:\n%s\ngot  %q\nwant %q", trial, fixed, describe(net), got, want)
		}
	}
}

func describe(net *model.Network) string {
	var b strings.Builder
	for _, nd := range net.Nodes {
		if nd.Rule == nil {
			fmt.Fprintf(&b, "%s (input)\n", nd.ID)
		} else {
			fmt.Fprintf(&b, "%s = %s\n", nd.ID, nd.Rule)
		}
	}
	return b.String()
}

// TestWorkersDoNotMatter runs a 2^18-state search with 1, 2 and 5 workers.
func TestWorkersDoNotMatter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	net := randomNetwork(t, rng, 18)
	var first *Result
	for _, w := range []int{1, 2, 5} {
		r, err := Find(context.Background(), net, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			var sum int64
			for _, a := range r.Attractors {
				sum += a.Basin
			}
			if sum != 1<<r.Free {
				t.Errorf("basins sum to %d, want 2^%d", sum, r.Free)
			}
		} else if !reflect.DeepEqual(r, first) {
			t.Errorf("%d workers: result differs from 1 worker", w)
		}
	}
}
