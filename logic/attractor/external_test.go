package attractor

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ikklab/ikklab/format/bnet"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/model"
)

// The BoolNet 2.1.7 expectations in shared/external/boolnet (README.md
// there): every experiment's fixed points; every synchronous exhaustive
// experiment's attractors, successor order and basins; the exact
// asynchronous attractors of cellcycle. Every search runs in plain go test:
// the largest, calzone_cellfate with free inputs (2^28 states, 1 GiB), takes
// about 3 s on 2 cores (BoolNet: 69 s, 5.2 GB).

type boolnetFile struct {
	Network     string          `json:"network"`
	BnetFile    string          `json:"bnet_file"`
	Genes       []string        `json:"genes"`
	Experiments []boolnetExpmnt `json:"experiments"`
}

type boolnetExpmnt struct {
	ID             string           `json:"id"`
	Update         string           `json:"update"`
	Method         string           `json:"method"`
	Exhaustive     *bool            `json:"exhaustive"`
	Perturbation   map[string]int   `json:"perturbation"`
	Fixed          map[string]int   `json:"fixed_genes_in_effect"`
	StateSpace     float64          `json:"state_space_size"`
	NumAttractors  int              `json:"num_attractors"`
	Attractors     []boolnetAttr    `json:"attractors"`
	ExactAsync     *boolnetExactChk `json:"exact_async_check"`
	BasinSizesSum  *float64         `json:"basin_sizes_sum"`
	SecondsBoolNet float64          `json:"seconds_in_getAttractors"`
}

type boolnetAttr struct {
	Kind           string   `json:"kind"`
	Size           int      `json:"size"`
	Basin          *int64   `json:"basin_size"`
	States         []string `json:"states"`
	NumTransitions *int     `json:"num_transitions"`
}

type boolnetExactChk struct {
	BoolNetFoundAll bool          `json:"boolnet_found_all"`
	Attractors      []boolnetAttr `json:"attractors"`
}

func loadBoolNet(t *testing.T) (dir string, files []*boolnetFile) {
	dir = external.Dir(t, "boolnet")
	paths, err := filepath.Glob(filepath.Join(dir, "*.attractors.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no *.attractors.json in %s (%v)", dir, err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".attractors.json")
		if name == "igf" || name == "examplePBN" {
			continue // temporal and probabilistic networks: not plain Boolean semantics
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f boolnetFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		files = append(files, &f)
	}
	return dir, files
}

func (e *boolnetExpmnt) fixed(t *testing.T) map[string]bool {
	m := map[string]bool{}
	for g, v := range e.Fixed {
		m[g] = v == 1
	}
	for g, v := range e.Perturbation {
		if w, ok := e.Fixed[g]; !ok || w != v {
			t.Fatalf("%s: perturbation %s=%d not in fixed_genes_in_effect", e.ID, g, v)
		}
	}
	return m
}

// key renders an attractor for set comparison: kind, states in order.
func key(kind string, states []string) string { return kind + ":" + strings.Join(states, ">") }

func rotationKey(kind string, states []string) string {
	if kind != "cycle" {
		return key(kind, states)
	}
	// Rotate to the lexicographically smallest string: independent of
	// where a cycle starts.
	best := 0
	for i := range states {
		if states[i] < states[best] {
			best = i
		}
	}
	return key(kind, append(append([]string(nil), states[best:]...), states[:best]...))
}

func TestBoolNet(t *testing.T) {
	dir, files := loadBoolNet(t)
	ctx := context.Background()
	compared := map[string]int{}
	for _, f := range files {
		net, err := bnet.ReadFile(filepath.Join(dir, f.BnetFile))
		if err != nil {
			t.Fatalf("%s: %v", f.BnetFile, err)
		}
		var ids []string
		for _, nd := range net.Nodes {
			ids = append(ids, nd.ID)
		}
		if !reflect.DeepEqual(ids, f.Genes) {
			t.Fatalf("%s: node order %v, BoolNet's genes %v", f.Network, ids, f.Genes)
		}
		cache := map[string]*Result{}
		for _, e := range f.Experiments {
			t.Run(f.Network+"/"+e.ID, func(t *testing.T) {
				fixed := e.fixed(t)
				s, err := prepare(net, fixed)
				if err != nil {
					t.Fatal(err)
				}
				if want := math.Ldexp(1, len(s.free)); math.Abs(e.StateSpace-want) > 1e-9*want {
					t.Errorf("state space 2^%d, BoolNet %g", len(s.free), e.StateSpace)
				}
				checkSuccessorOrder(t, s, &e)
				checkFixedPoints(t, ctx, net, fixed, &e)
				compared["fixed points"]++
				exhaustive := e.Exhaustive != nil && *e.Exhaustive
				switch {
				case e.Update == "synchronous" && exhaustive:
					if len(s.free) > 29 { // 2^29 sync states fit DefaultMaxMemory
						t.Logf("2^%d states: fixed points and cycle order checked, no exhaustive search", len(s.free))
						return
					}
					ck := fmt.Sprint(fixed)
					r := cache[ck]
					if r == nil {
						start := time.Now()
						r, err = Find(ctx, net, Options{Fixed: fixed})
						if err != nil {
							t.Fatal(err)
						}
						t.Logf("2^%d states in %v (BoolNet getAttractors %.3g s on a shared machine)", r.Free, time.Since(start), e.SecondsBoolNet)
						cache[ck] = r
					}
					compareSync(t, r, &e, e.Method == "exhaustive")
					compared["sync exhaustive"]++
				case e.Update == "asynchronous" && e.ExactAsync != nil && e.ExactAsync.BoolNetFoundAll:
					r, err := Find(ctx, net, Options{Update: Async, Fixed: fixed})
					if err != nil {
						t.Fatal(err)
					}
					compareAsync(t, s, r, &e)
					compared["async exact"]++
				}
			})
		}
	}
	t.Logf("compared: %v", compared)
}

// checkSuccessorOrder checks every BoolNet cycle with our update function:
// states[k+1] = F(states[k]) and F(last) = first, starting at the
// smallest code. It covers the networks too large to search exhaustively.
func checkSuccessorOrder(t *testing.T, s *system, e *boolnetExpmnt) {
	if e.Update != "synchronous" {
		return
	}
	for _, a := range e.Attractors {
		if a.Kind != "cycle" && a.Kind != "fixed_point" {
			continue
		}
		states := make([]State, len(a.States))
		for k, str := range a.States {
			states[k] = parseBits(t, str)
		}
		for k, x := range states {
			if got, want := s.next(x).Bits(s.n), a.States[(k+1)%len(states)]; got != want {
				t.Errorf("%s %v: F(%s) = %s, BoolNet's next state %s", a.Kind, a.States, a.States[k], got, want)
			}
			if k > 0 && x.less(states[0]) {
				t.Errorf("cycle %v does not start at its smallest code", a.States)
			}
		}
	}
}

func parseBits(t *testing.T, str string) State {
	st := make(State, (len(str)+63)/64)
	for i, c := range str {
		switch c {
		case '1':
			st.set(i, true)
		case '0':
		default:
			t.Fatalf("bad state string %q", str)
		}
	}
	return st
}

func checkFixedPoints(t *testing.T, ctx context.Context, net *model.Network, fixed map[string]bool, e *boolnetExpmnt) {
	r, err := FixedPoints(ctx, net, Options{Fixed: fixed})
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, a := range r.Attractors {
		got = append(got, a.States[0].Bits(len(r.Nodes)))
	}
	for _, a := range e.Attractors {
		if a.Kind == "fixed_point" {
			want = append(want, a.States[0])
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fixed points:\ngot  %q\nwant %q (BoolNet)", got, want)
	}
}

func compareSync(t *testing.T, r *Result, e *boolnetExpmnt, basins bool) {
	type entry struct {
		exact string
		basin int64
	}
	ours := map[string]entry{}
	for _, a := range r.Attractors {
		var ss []string
		for _, s := range a.States {
			ss = append(ss, s.Bits(len(r.Nodes)))
		}
		ours[rotationKey(a.Kind.String(), ss)] = entry{key(a.Kind.String(), ss), a.Basin}
	}
	if len(r.Attractors) != e.NumAttractors || len(e.Attractors) != e.NumAttractors {
		t.Errorf("%d attractors, BoolNet %d", len(r.Attractors), e.NumAttractors)
	}
	var sum int64
	for _, a := range e.Attractors {
		rk := rotationKey(a.Kind, a.States)
		got, ok := ours[rk]
		if !ok {
			t.Errorf("BoolNet's %s %v not found", a.Kind, a.States)
			continue
		}
		if got.exact != key(a.Kind, a.States) {
			t.Errorf("cycle order: got %s, BoolNet %s", got.exact, key(a.Kind, a.States))
		}
		if basins {
			if a.Basin == nil {
				t.Errorf("BoolNet gives no basin for %v", a.States)
			} else if got.basin != *a.Basin {
				t.Errorf("basin of %s: got %d, BoolNet %d", rk, got.basin, *a.Basin)
			}
		}
		sum += got.basin
	}
	if sum != 1<<r.Free {
		t.Errorf("basins sum to %d, want 2^%d", sum, r.Free)
	}
}

func compareAsync(t *testing.T, s *system, r *Result, e *boolnetExpmnt) {
	set := func(kind string, states []string) string {
		ss := append([]string(nil), states...)
		sort.Strings(ss)
		return key(kind, ss)
	}
	var got, want, exact []string
	transitions := map[string]int{}
	for _, a := range r.Attractors {
		var ss []string
		n := 0
		for _, st := range a.States {
			ss = append(ss, st.Bits(len(r.Nodes)))
			// Edges out of st: the free nodes whose rule disagrees.
			nx := s.next(st)
			for _, i := range s.free {
				if nx.Get(i) != st.Get(i) {
					n++
				}
			}
		}
		k := set(a.Kind.String(), ss)
		got = append(got, k)
		transitions[k] = n
	}
	for _, a := range e.Attractors {
		k := set(a.Kind, a.States)
		want = append(want, k)
		if a.NumTransitions != nil && transitions[k] != *a.NumTransitions {
			t.Errorf("%s attractor of %d states: %d transitions, BoolNet %d", a.Kind, a.Size, transitions[k], *a.NumTransitions)
		}
	}
	for _, a := range e.ExactAsync.Attractors {
		kind := "complex"
		if len(a.States) == 1 {
			kind = "fixed_point"
		}
		exact = append(exact, set(kind, a.States))
	}
	sort.Strings(got)
	sort.Strings(want)
	sort.Strings(exact)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("async attractors differ from BoolNet's:\ngot  %.300q\nwant %.300q", got, want)
	}
	if !reflect.DeepEqual(got, exact) {
		t.Errorf("async attractors differ from the exact check")
	}
}
