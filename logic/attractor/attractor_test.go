package attractor

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// network builds a network from lines "A = rule"; a bare name is an input.
func network(t testing.TB, lines ...string) *model.Network {
	t.Helper()
	var nodes []model.Node
	for _, l := range lines {
		id, rule, ok := strings.Cut(l, "=")
		id = strings.TrimSpace(id)
		if !ok {
			nodes = append(nodes, model.Node{ID: id, Kind: model.Input})
			continue
		}
		e, err := expr.Parse(rule)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		nodes = append(nodes, model.Node{ID: id, Kind: model.Gene, Rule: e})
	}
	net, err := model.New("test", nodes)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// summarize renders attractors as "kind[basin]:s1>s2>..." with BoolNet
// state strings.
func summarize(r *Result) []string {
	var out []string
	for _, a := range r.Attractors {
		var ss []string
		for _, s := range a.States {
			ss = append(ss, s.Bits(len(r.Nodes)))
		}
		out = append(out, fmt.Sprintf("%s[%d]:%s", a.Kind, a.Basin, strings.Join(ss, ">")))
	}
	return out
}

func TestHandChecked(t *testing.T) {
	// Every expectation below is derived by hand from the rules: state
	// strings list node 0 first; codes put node 0 in bit 0, so the
	// canonical state of a cycle is the one with the smallest such code.
	tests := []struct {
		name  string
		net   []string
		fixed map[string]bool
		sync  []string
		async []string
		fps   []string
	}{
		{
			name:  "negative self-loop oscillates",
			net:   []string{"A = !A"},
			sync:  []string{"cycle[2]:0>1"},
			async: []string{"complex[-1]:0>1"},
		},
		{
			// 00 and 11 are fixed; 10 and 01 swap synchronously but fall
			// to 00 or 11 asynchronously.
			name:  "positive two-node loop",
			net:   []string{"A = B", "B = A"},
			sync:  []string{"fixed_point[1]:00", "cycle[2]:10>01", "fixed_point[1]:11"},
			async: []string{"fixed_point[-1]:00", "fixed_point[-1]:11"},
			fps:   []string{"00", "11"},
		},
		{
			// 00 → 10 → 11 → 01 → 00 (codes 0, 1, 3, 2).
			name:  "negative two-node loop",
			net:   []string{"A = !B", "B = A"},
			sync:  []string{"cycle[4]:00>10>11>01"},
			async: []string{"complex[-1]:00>10>01>11"},
		},
		{
			name:  "free input",
			net:   []string{"I", "B = I"},
			sync:  []string{"fixed_point[2]:00", "fixed_point[2]:11"},
			async: []string{"fixed_point[-1]:00", "fixed_point[-1]:11"},
			fps:   []string{"00", "11"},
		},
		{
			name:  "fixed input",
			net:   []string{"I", "B = I"},
			fixed: map[string]bool{"I": true},
			sync:  []string{"fixed_point[2]:11"},
			async: []string{"fixed_point[-1]:11"},
			fps:   []string{"11"},
		},
		{
			// C = 1 is fixed as BoolNet does, so only D is free: D = D
			// keeps its value, two fixed points with one state each.
			name:  "constant rule is fixed",
			net:   []string{"C = 1", "D = C & D"},
			sync:  []string{"fixed_point[1]:10", "fixed_point[1]:11"},
			async: []string{"fixed_point[-1]:10", "fixed_point[-1]:11"},
			fps:   []string{"10", "11"},
		},
		{
			// Knocking out the constant overrides it: D = 0 & D = 0.
			name:  "perturbation overrides a constant",
			net:   []string{"C = 1", "D = C & D"},
			fixed: map[string]bool{"C": false},
			sync:  []string{"fixed_point[2]:00"},
			async: []string{"fixed_point[-1]:00"},
			fps:   []string{"00"},
		},
		{
			// Negative three-node loop: synchronously 000 > 100 > 110 >
			// 111 > 011 > 001 > 000 (a 6-cycle from code 0) and the 2-cycle
			// 010 <> 101 (canonical code 2); asynchronously each state of
			// the 6-cycle has exactly one node that may flip (its
			// successor), so the 6 states are the one terminal SCC (listed
			// by code 0,1,3,4,6,7) and 010, 101 lead into it.
			name:  "negative three-node loop",
			net:   []string{"A = !C", "B = A", "C = B"},
			sync:  []string{"cycle[6]:000>100>110>111>011>001", "cycle[2]:010>101"},
			async: []string{"complex[-1]:000>100>110>001>011>111"},
		},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net := network(t, tt.net...)
			r, err := Find(ctx, net, Options{Fixed: tt.fixed})
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(r); !reflect.DeepEqual(got, tt.sync) {
				t.Errorf("sync: got %q, want %q", got, tt.sync)
			}
			r, err = Find(ctx, net, Options{Update: Async, Fixed: tt.fixed})
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(r); !reflect.DeepEqual(got, tt.async) {
				t.Errorf("async: got %q, want %q", got, tt.async)
			}
			r, err = FixedPoints(ctx, net, Options{Fixed: tt.fixed})
			if err != nil {
				t.Fatal(err)
			}
			var fps []string
			for _, a := range r.Attractors {
				fps = append(fps, a.States[0].Bits(len(r.Nodes)))
			}
			if !reflect.DeepEqual(fps, tt.fps) {
				t.Errorf("fixed points: got %q, want %q", fps, tt.fps)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	net := ring(t, 40)
	for _, u := range []Update{Sync, Async} {
		_, err := Find(context.Background(), net, Options{Update: u})
		var be *BudgetError
		if !errors.Is(err, ErrTooLarge) || !errors.As(err, &be) || be.Free != 40 || !be.Refused || be.Budget != BudgetStates {
			t.Errorf("%s: got %v, want a refused BudgetError for 2^40", u, err)
		}
	}
	_, err := Find(context.Background(), ring(t, 10), Options{MaxStates: 512})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit 512 on 2^10 states: got %v", err)
	}
	// 2^24 async states need 24.25 × 2^24 bytes = 388 MiB: refused at 256 MiB.
	_, err = Find(context.Background(), ring(t, 24), Options{Update: Async, MaxMemory: 256 << 20})
	var be *BudgetError
	if !errors.As(err, &be) || be.Budget != BudgetMemory || be.Error() != "async attractors: needs 2^24 states (388 MiB), above the memory budget of 256 MiB" {
		t.Errorf("memory budget: got %v", err)
	}
}

func TestUnknownFixedNode(t *testing.T) {
	_, err := Find(context.Background(), network(t, "A = !A"), Options{Fixed: map[string]bool{"Z": true}})
	if err == nil || !strings.Contains(err.Error(), `"Z"`) {
		t.Errorf("got %v, want an unknown-node error", err)
	}
}

func TestCancel(t *testing.T) {
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("N%d = N%d ^ N%d", i, (i+1)%20, (i+7)%20))
	}
	net := network(t, lines...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, u := range []Update{Sync, Async} {
		if _, err := Find(ctx, net, Options{Update: u}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got %v, want context.Canceled", u, err)
		}
	}
}

func TestTranspose64(t *testing.T) {
	var a, want [64]uint64
	x := uint64(0x9E3779B97F4A7C15)
	for k := range a {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		a[k] = x
	}
	for k := range 64 {
		for j := range 64 {
			want[j] |= (a[k] >> j & 1) << k
		}
	}
	transpose64(&a)
	if a != want {
		t.Error("transpose64 differs from the naive transpose")
	}
}

// ring returns N0 = !N1, N1 = !N2, ..., N(n-1) = !N0.
func ring(t testing.TB, n int) *model.Network {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("N%d = !N%d", i, (i+1)%n))
	}
	return network(t, lines...)
}
