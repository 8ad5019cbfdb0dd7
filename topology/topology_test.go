package topology

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/internal/kbtest"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// in returns an input node; gene a node with a Boolean rule.
func in(id string) model.Node { return model.Node{ID: id, Kind: model.Input} }

func gene(id, rule string) model.Node {
	return model.Node{ID: id, Kind: model.Gene, Rule: expr.MustParse(rule)}
}

// graded returns a node with rule T1 | … | Tn whose rates combine the
// routes additively, as model.GradedRates does with equal weights:
// up·(T1 + … + Tn)/n and down·(n − (T1 + … + Tn))/n (written out here so
// that the test does not depend on that function's signature).
func graded(t *testing.T, id, rule string, up, down float64) model.Node {
	t.Helper()
	nd := gene(id, rule)
	nd.Up, nd.Down = gradedRates(strings.Split(rule, " | "), up, down)
	return nd
}

func gradedRates(terms []string, up, down float64) (rateUp, rateDown *expr.Expr) {
	sum := strings.Join(terms, " + ")
	n := len(terms)
	return expr.MustParse(fmt.Sprintf("%g * ((%s) / %d)", up, sum, n)),
		expr.MustParse(fmt.Sprintf("%g * ((%d - (%s)) / %d)", down, n, sum, n))
}

func build(t *testing.T, nodes ...model.Node) *model.Network {
	t.Helper()
	net, err := model.New("test", nodes)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func kbNetwork(t *testing.T) *model.Network {
	t.Helper()
	_, net := kbtest.Network(t)
	return net
}

// states calls f with every assignment of vars.
func states(vars []string, f func(expr.MapEnv)) {
	for mask := 0; mask < 1<<len(vars); mask++ {
		env := expr.MapEnv{Nodes: map[string]bool{}}
		for i, v := range vars {
			env.Nodes[v] = mask>>i&1 == 1
		}
		f(env)
	}
}

func str(e *expr.Expr) string {
	if e == nil {
		return "<nil>"
	}
	return e.String()
}

// snapshot formats every rule and rate of net.
func snapshot(net *model.Network) string {
	var b strings.Builder
	for _, nd := range net.Nodes {
		fmt.Fprintf(&b, "%s = %s ; up %s ; down %s\n", nd.ID, str(nd.Rule), str(nd.Up), str(nd.Down))
	}
	return b.String()
}

func TestAblate(t *testing.T) {
	// Reference rules are hand derivations: the rule with the source
	// replaced by the constant, simplified.
	base := []model.Node{
		in("A"), in("B"),
		gene("C", "A & B"),
		gene("D", "B | A"), // reads B too: must stay untouched
		gene("E", "A & !B"),
		gene("F", "(A & B) | (!A & !B)"), // B twice, dual
		gene("T", "A | T"),               // self-loop
	}
	tests := []struct {
		name  string
		edge  model.Edge
		value bool
		want  string // an equivalent rule
	}{
		{"activator on", model.Edge{Source: "B", Target: "C"}, true, "A"},
		{"activator off", model.Edge{Source: "B", Target: "C"}, false, "0"},
		{"inhibitor off", model.Edge{Source: "B", Target: "E", Sign: model.Inhibits}, false, "A"},
		{"inhibitor on", model.Edge{Source: "B", Target: "E"}, true, "0"},
		{"read twice", model.Edge{Source: "B", Target: "F"}, true, "A"},
		{"read twice off", model.Edge{Source: "B", Target: "F"}, false, "!A"},
		{"self-loop", model.Edge{Source: "T", Target: "T"}, false, "A"},
		{"self-loop on", model.Edge{Source: "T", Target: "T"}, true, "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := build(t, base...)
			before := snapshot(net)
			out, err := Ablate(net, tc.edge, tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if got := snapshot(net); got != before {
				t.Fatalf("input network changed:\n%s\nwant\n%s", got, before)
			}
			got, _ := out.Node(tc.edge.Target)
			if slices.Contains(got.Rule.Vars(), tc.edge.Source) {
				t.Errorf("rule %q still reads %s", got.Rule, tc.edge.Source)
			}
			orig, _ := net.Node(tc.edge.Target)
			want := expr.MustParse(tc.want)
			states(orig.Rule.Vars(), func(env expr.MapEnv) {
				if g, w := got.Rule.Eval(env) != 0, want.Eval(env) != 0; g != w {
					t.Errorf("%q at %v = %v, want %v (%q)", got.Rule, env.Nodes, g, w, tc.want)
				}
			})
			for i, nd := range out.Nodes {
				if nd.ID != tc.edge.Target && nd.Rule != net.Nodes[i].Rule {
					t.Errorf("rule of %s changed: %q, was %q", nd.ID, nd.Rule, net.Nodes[i].Rule)
				}
			}
			if d, _ := out.Node("D"); !slices.Contains(d.Rule.Vars(), "B") {
				t.Errorf("D no longer reads B: %q", d.Rule)
			}
		})
	}
}

func TestAblateGraded(t *testing.T) {
	// C's rates are graded over "A | B" with up 2, down 1: up = 2·(A + B)/2,
	// down = (2 − (A + B))/2. With B held at v they become 2·(A + v)/2 and
	// (2 − (A + v))/2 (hand derivation); D, graded over B too, keeps B.
	net := build(t, in("A"), in("B"), graded(t, "C", "A | B", 2, 1), graded(t, "D", "B | A", 1, 1))
	before := snapshot(net)
	for _, v := range []bool{false, true} {
		out, err := Ablate(net, model.Edge{Source: "B", Target: "C"}, v)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := out.Node("C")
		for what, e := range map[string]*expr.Expr{"rule": c.Rule, "up": c.Up, "down": c.Down} {
			if slices.Contains(e.Vars(), "B") {
				t.Errorf("B=%v: %s %q still reads B", v, what, e)
			}
		}
		b := 0.0
		if v {
			b = 1
		}
		states([]string{"A", "B"}, func(env expr.MapEnv) {
			a := env.Node("A")
			if got, want := c.Up.Eval(env), 2*(a+b)/2; got != want {
				t.Errorf("B=%v, A=%v: up %q = %g, want %g", v, a, c.Up, got, want)
			}
			if got, want := c.Down.Eval(env), (2-(a+b))/2; got != want {
				t.Errorf("B=%v, A=%v: down %q = %g, want %g", v, a, c.Down, got, want)
			}
		})
		d, _ := out.Node("D")
		for _, e := range []*expr.Expr{d.Rule, d.Up, d.Down} {
			if !slices.Contains(e.Vars(), "B") {
				t.Errorf("D's %q no longer reads B", e)
			}
		}
	}
	if got := snapshot(net); got != before {
		t.Errorf("input network changed:\n%s\nwant\n%s", got, before)
	}
}

func TestAblateErrors(t *testing.T) {
	net := build(t, in("A"), in("B"), model.Node{ID: "C", Kind: model.Gene, Aliases: []string{"cee"}, Rule: expr.MustParse("A")})
	tests := []struct {
		name string
		edge model.Edge
		msg  string // part of the message
	}{
		{"not a regulator", model.Edge{Source: "B", Target: "C"}, `does not read B (its regulators: A)`},
		{"unknown source", model.Edge{Source: "X", Target: "C"}, `does not read X`},
		{"unknown target", model.Edge{Source: "A", Target: "CC"}, `unknown node "CC"`},
		{"alias target", model.Edge{Source: "A", Target: "cee"}, `is a name of C`},
		{"input target", model.Edge{Source: "A", Target: "B"}, `B is an input`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Ablate(net, tc.edge, false)
			if !errors.Is(err, ErrNoEdge) {
				t.Fatalf("got %v, %v; want ErrNoEdge", out, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
	if _, err := Ablate(nil, model.Edge{}, false); err == nil {
		t.Error("Ablate(nil) succeeded")
	}
	if _, err := Rewire(nil, 1); err == nil {
		t.Error("Rewire(nil) succeeded")
	}
}

// TestSwap checks single double-edge swaps, hand-derived.
func TestSwap(t *testing.T) {
	tests := []struct {
		name   string
		nodes  []model.Node
		e1, e2 [2]string // source, target
		ok     bool
		want   map[string]string // rules after the swap
	}{
		{
			name:  "rename every occurrence",
			nodes: []model.Node{in("S1"), in("S2"), in("X"), gene("T1", "(S1 & X) | (S1 & !X)"), gene("T2", "S2 | X"), gene("O", "S1 & S2")},
			e1:    [2]string{"S1", "T1"}, e2: [2]string{"S2", "T2"}, ok: true,
			want: map[string]string{"T1": "S2 & X | S2 & !X", "T2": "S1 | X", "O": "S1 & S2"},
		},
		{
			name:  "t1 already reads s2",
			nodes: []model.Node{in("S1"), in("S2"), gene("T1", "S1 & S2"), gene("T2", "S2")},
			e1:    [2]string{"S1", "T1"}, e2: [2]string{"S2", "T2"},
		},
		{
			name:  "t2 already reads s1",
			nodes: []model.Node{in("S1"), in("S2"), gene("T1", "S1"), gene("T2", "S2 | S1")},
			e1:    [2]string{"S1", "T1"}, e2: [2]string{"S2", "T2"},
		},
		{
			name:  "same source",
			nodes: []model.Node{in("S"), gene("T1", "S"), gene("T2", "S")},
			e1:    [2]string{"S", "T1"}, e2: [2]string{"S", "T2"},
		},
		{
			name:  "same target",
			nodes: []model.Node{in("S1"), in("S2"), gene("T", "S1 | S2")},
			e1:    [2]string{"S1", "T"}, e2: [2]string{"S2", "T"},
		},
		{
			name:  "new self-loop s2 == t1",
			nodes: []model.Node{in("S1"), gene("T1", "S1"), gene("T2", "T1")},
			e1:    [2]string{"S1", "T1"}, e2: [2]string{"T1", "T2"},
		},
		{
			name:  "new self-loop s1 == t2",
			nodes: []model.Node{in("S2"), gene("T1", "T2"), gene("T2", "S2")},
			e1:    [2]string{"T2", "T1"}, e2: [2]string{"S2", "T2"},
		},
		{
			// TRAF2 = TRAF1 | TRAF2: the self-loop becomes TRAF2 → T2 and
			// S2 → TRAF2, neither a self-loop.
			name:  "existing self-loop swaps",
			nodes: []model.Node{in("TRAF1"), in("S2"), gene("TRAF2", "TRAF1 | TRAF2"), gene("T2", "S2 & TRAF1")},
			e1:    [2]string{"TRAF2", "TRAF2"}, e2: [2]string{"S2", "T2"}, ok: true,
			want: map[string]string{"TRAF2": "TRAF1 | S2", "T2": "TRAF2 & TRAF1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := build(t, tc.nodes...)
			before := snapshot(net)
			w := newRewirer(net)
			find := func(st [2]string) int {
				for i, e := range w.edges {
					if e.Source == st[0] && e.Target == st[1] {
						return i
					}
				}
				t.Fatalf("no edge %s → %s", st[0], st[1])
				return -1
			}
			if got := w.swap(find(tc.e1), find(tc.e2)); got != tc.ok {
				t.Fatalf("swap accepted = %v, want %v", got, tc.ok)
			}
			out, err := model.New("test", w.nodes)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.ok {
				if got := snapshot(out); got != before {
					t.Errorf("rejected swap changed the network:\n%s", got)
				}
				return
			}
			for id, want := range tc.want {
				if nd, _ := out.Node(id); nd.Rule.String() != want {
					t.Errorf("%s = %q, want %q", id, nd.Rule, want)
				}
			}
			if got := snapshot(net); got != before {
				t.Errorf("input network changed:\n%s", got)
			}
		})
	}
}

// TestSwapGradedRates checks that a swap renames in the rates too.
func TestSwapGradedRates(t *testing.T) {
	net := build(t, in("A"), in("B"), in("C"), graded(t, "T1", "A | B", 1, 1), gene("T2", "C"))
	w := newRewirer(net)
	// Edges in order: A → T1, B → T1, C → T2.
	if !w.swap(0, 2) {
		t.Fatal("swap rejected")
	}
	nd := w.nodes[3]
	// The graded rates of "C | B", by hand: (C + B)/2 and (2 − (C + B))/2.
	if got, want := [3]string{nd.Rule.String(), nd.Up.String(), nd.Down.String()}, [3]string{"C | B", "1 * ((C + B) / 2)", "1 * ((2 - (C + B)) / 2)"}; got != want {
		t.Errorf("T1 after swap: %q, want %q", got, want)
	}
	if got := w.nodes[4].Rule.String(); got != "A" {
		t.Errorf("T2 = %q, want A", got)
	}
}

// randomNetwork returns a 30-node network, 5 inputs, with 1–4 regulators per
// ruled node: conjunctions and disjunctions of literals, some XORs (dual
// edges), some regulators read twice, self-loops and graded nodes.
func randomNetwork(t *testing.T, seed uint64) *model.Network {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	const n, inputs = 30, 5
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("N%02d", i)
	}
	nodes := make([]model.Node, n)
	for i, id := range ids {
		if i < inputs {
			nodes[i] = in(id)
			continue
		}
		regs := r.Perm(n)[:1+r.IntN(4)]
		if i%7 == 0 && !slices.Contains(regs, i) {
			regs[0] = i // a self-loop
		}
		lits := make([]*expr.Expr, len(regs))
		pos := make([]*expr.Expr, len(regs))
		for k, j := range regs {
			pos[k] = expr.Var(ids[j])
			lits[k] = pos[k]
			if r.Float64() < 0.3 {
				lits[k] = expr.Not(lits[k])
			}
		}
		nd := model.Node{ID: id, Kind: model.Gene}
		switch p := r.Float64(); {
		case len(regs) >= 2 && p < 0.2: // graded OR of activators
			nd.Rule = expr.Or(pos...)
			names := make([]string, len(pos))
			for k, v := range pos {
				names[k] = v.Name
			}
			nd.Up, nd.Down = gradedRates(names, 1+float64(r.IntN(4)), 1)
		case len(regs) >= 2 && p < 0.3: // dual: XOR
			nd.Rule = &expr.Expr{Op: expr.OpXor, Args: []*expr.Expr{lits[0], expr.And(lits[1:]...)}}
		case len(regs) >= 3 && p < 0.4: // the first regulator read twice
			nd.Rule = expr.Or(expr.And(lits[0], lits[1]), expr.And(lits[0], lits[2]), expr.Or(lits[3:]...))
		case p < 0.7:
			nd.Rule = expr.And(lits...)
		default:
			nd.Rule = expr.Or(lits...)
		}
		nodes[i] = nd
	}
	net, err := model.New(fmt.Sprintf("random-%d", seed), nodes)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// profile is a node's number of activating, inhibiting and dual regulators
// (in) and targets (out).
type profile struct{ in, out [3]int }

func signIndex(s model.Sign) int {
	switch s {
	case model.Activates:
		return 0
	case model.Inhibits:
		return 1
	}
	return 2
}

func profiles(net *model.Network) map[string]profile {
	p := map[string]profile{}
	for _, e := range net.Edges() {
		t := p[e.Target]
		t.in[signIndex(e.Sign)]++
		p[e.Target] = t
		s := p[e.Source] // read after the update: the source may be the target
		s.out[signIndex(e.Sign)]++
		p[e.Source] = s
	}
	return p
}

func selfLoops(net *model.Network) int {
	n := 0
	for _, e := range net.Edges() {
		if e.Source == e.Target {
			n++
		}
	}
	return n
}

// shape is e with every variable named x: its logical form.
func shape(e *expr.Expr) string {
	if e == nil {
		return "<nil>"
	}
	return e.Rename(func(string) string { return "x" }).String()
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func TestRewire(t *testing.T) {
	nets := []struct {
		name string
		net  func(*testing.T) *model.Network
	}{
		{"random 1", func(t *testing.T) *model.Network { return randomNetwork(t, 1) }},
		{"random 2", func(t *testing.T) *model.Network { return randomNetwork(t, 2) }},
		{"random 3", func(t *testing.T) *model.Network { return randomNetwork(t, 3) }},
		{"knowledge base", kbNetwork},
	}
	for _, tc := range nets {
		t.Run(tc.name, func(t *testing.T) {
			net := tc.net(t)
			before := snapshot(net)
			want := profiles(net)
			edges := len(net.Edges())
			signs := map[model.Sign]int{}
			for _, e := range net.Edges() {
				signs[e.Sign]++
			}
			t.Logf("%d nodes, %d edges (%d +, %d -, %d ±), %d self-loops", len(net.Nodes), edges, signs[model.Activates], signs[model.Inhibits], signs[model.Dual], selfLoops(net))
			var outs []string
			for _, seed := range []uint64{1, 2, 3} {
				out, st, err := RewireStats(net, seed)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("seed %d: %d of %d swaps accepted", seed, st.Swaps, st.Attempts)
				if st.Attempts != 10*edges || st.Swaps == 0 || st.Swaps > st.Attempts {
					t.Errorf("seed %d: stats %+v for %d edges", seed, st, edges)
				}
				// The result is valid: rebuilding it from its parts succeeds.
				if _, err := model.NewWith(out.Name, out.Nodes, out.Params, out.Init); err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				if got := profiles(out); !mapsEqual(got, want) {
					for id, p := range want {
						if got[id] != p {
							t.Errorf("seed %d: %s has in/out (+, -, ±) %v, was %v", seed, id, got[id], p)
						}
					}
				}
				if n := len(out.Edges()); n != edges {
					t.Errorf("seed %d: %d edges, was %d", seed, n, edges)
				}
				if got, was := selfLoops(out), selfLoops(net); got > was {
					t.Errorf("seed %d: %d self-loops, was %d", seed, got, was)
				}
				for i, nd := range out.Nodes {
					o := &net.Nodes[i]
					if nd.ID != o.ID || (nd.Rule == nil) != (o.Rule == nil) || nd.Kind != o.Kind {
						t.Errorf("seed %d: node %d is %s (%v, ruled %v), was %s (%v, ruled %v)", seed, i, nd.ID, nd.Kind, nd.Rule != nil, o.ID, o.Kind, o.Rule != nil)
						continue
					}
					for _, pair := range [][2]*expr.Expr{{nd.Rule, o.Rule}, {nd.Up, o.Up}, {nd.Down, o.Down}} {
						if shape(pair[0]) != shape(pair[1]) {
							t.Errorf("seed %d: %s: %q does not have the form of %q", seed, nd.ID, str(pair[0]), str(pair[1]))
						}
					}
					// Rates that read only the rule's regulators still do.
					if o.Rule == nil {
						continue
					}
					for _, r := range [][2]*expr.Expr{{nd.Up, o.Up}, {nd.Down, o.Down}} {
						if r[1] != nil && subset(r[1].Vars(), o.Rule.Vars()) && !subset(r[0].Vars(), nd.Rule.Vars()) {
							t.Errorf("seed %d: %s: rate %q reads beyond rule %q", seed, nd.ID, r[0], nd.Rule)
						}
					}
				}
				again, err := Rewire(net, seed)
				if err != nil {
					t.Fatal(err)
				}
				s := snapshot(out)
				if snapshot(again) != s {
					t.Errorf("seed %d: two runs differ", seed)
				}
				if s == before {
					t.Errorf("seed %d: network unchanged", seed)
				}
				outs = append(outs, s)
			}
			if outs[0] == outs[1] || outs[1] == outs[2] || outs[0] == outs[2] {
				t.Error("different seeds give the same network")
			}
			if got := snapshot(net); got != before {
				t.Error("input network changed")
			}
		})
	}
}

func mapsEqual(a, b map[string]profile) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestInputUnchanged ablates every edge (both values) and rewires, then
// checks that the rules and rates of the input still print as before.
func TestInputUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		net  *model.Network
	}{{"random", randomNetwork(t, 4)}, {"knowledge base", kbNetwork(t)}} {
		net := tc.net
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(net)
			for _, e := range net.Edges() {
				for _, v := range []bool{false, true} {
					if _, err := Ablate(net, e, v); err != nil {
						t.Fatalf("ablate %s → %s: %v", e.Source, e.Target, err)
					}
				}
			}
			for seed := range uint64(5) {
				if _, err := Rewire(net, seed); err != nil {
					t.Fatal(err)
				}
			}
			if got := snapshot(net); got != before {
				t.Errorf("input network changed:\n%s\nwant\n%s", got, before)
			}
		})
	}
}

func TestRewireNoEdges(t *testing.T) {
	net := build(t, in("A"), gene("B", "1"))
	out, st, err := RewireStats(net, 7)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{}) || snapshot(out) != snapshot(net) {
		t.Errorf("stats %+v, network\n%s", st, snapshot(out))
	}
}

func ExampleAblate() {
	net, _ := model.New("example", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Input},
		{ID: "C", Kind: model.Gene, Rule: expr.MustParse("A & B")},
		{ID: "D", Kind: model.Gene, Rule: expr.MustParse("B | C")},
	})
	out, err := Ablate(net, model.Edge{Source: "B", Target: "C"}, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, nd := range out.Nodes[2:] {
		fmt.Printf("%s = %s\n", nd.ID, nd.Rule)
	}
	_, err = Ablate(net, model.Edge{Source: "A", Target: "D"}, false)
	fmt.Println(err)
	// Output:
	// C = A & 1
	// D = B | C
	// topology: no such edge A → D: the rule of D, "B | C", does not read A (its regulators: B, C)
}

func ExampleRewireStats() {
	net, _ := model.New("example", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Input},
		{ID: "C", Kind: model.Gene, Rule: expr.MustParse("A & !B")},
		{ID: "D", Kind: model.Gene, Rule: expr.MustParse("B | C")},
		{ID: "E", Kind: model.Gene, Rule: expr.MustParse("!D & A")},
		{ID: "F", Kind: model.Gene, Rule: expr.MustParse("C | E")},
	})
	out, st, err := RewireStats(net, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d swaps accepted\n", st.Swaps, st.Attempts)
	for _, nd := range out.Nodes[2:] {
		fmt.Printf("%s = %s\n", nd.ID, nd.Rule)
	}
	// Output:
	// 21 of 80 swaps accepted
	// C = A & !B
	// D = E | A
	// E = !D & C
	// F = C | B
}

func ExampleRewire() {
	// A activates B and inhibits C; B and C act on D and E. Rewiring keeps
	// each node's activating and inhibiting regulators and targets, and the
	// form of each rule: with seed 2, A still has one activating target (E)
	// and one inhibiting target (C).
	net, _ := model.New("example", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "S", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("A")},
		{ID: "C", Kind: model.Gene, Rule: expr.MustParse("!A & S")},
		{ID: "D", Kind: model.Gene, Rule: expr.MustParse("B & !C")},
		{ID: "E", Kind: model.Gene, Rule: expr.MustParse("C | S")},
	})
	for _, seed := range []uint64{1, 2} {
		out, err := Rewire(net, seed)
		if err != nil {
			fmt.Println(err)
			return
		}
		var rules []string
		for _, nd := range out.Nodes[2:] {
			rules = append(rules, nd.ID+" = "+nd.Rule.String())
		}
		fmt.Printf("seed %d: %s\n", seed, strings.Join(rules, "; "))
	}
	// Output:
	// seed 1: B = S; C = !A & S; D = A & !C; E = C | B
	// seed 2: B = S; C = !A & B; D = S & !C; E = C | A
}

// TestDualEdge: a source that is both in a node's rule and its brake is one
// edge; ablating it removes both roles, and a swap renames both.
func TestDualEdge(t *testing.T) {
	target := gene("T", "A | B")
	mods := []model.Modulator{{Node: "B", Strength: 0.5, Sign: model.Inhibits}}
	up, down, err := model.Modulated(expr.MustParse("@logic ? 1 : 0"), expr.MustParse("@logic ? 0 : 1"), 1, 1, mods)
	if err != nil {
		t.Fatal(err)
	}
	target.Up, target.Down, target.Modulators = up, down, mods
	net := build(t, in("A"), in("B"), in("C"), gene("U", "C"), target)
	var dual []model.Edge
	for _, e := range net.Edges() {
		if e.Target == "T" && e.Source == "B" {
			dual = append(dual, e)
		}
	}
	if len(dual) != 1 || dual[0].Sign != model.Dual {
		t.Fatalf("edges B → T = %v, want one dual edge", dual)
	}

	out, err := Ablate(net, dual[0], false)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := out.Node("T")
	for _, e := range []*expr.Expr{got.Rule, got.Up, got.Down} {
		if slices.Contains(e.Vars(), "B") {
			t.Errorf("after ablation T still reads B: %q", e)
		}
	}
	if len(got.Modulators) != 0 {
		t.Errorf("after ablation T keeps the brake %v", got.Modulators)
	}

	w := newRewirer(net)
	var bt, cu int
	for i, e := range w.edges {
		switch {
		case e.Source == "B" && e.Target == "T":
			bt = i
		case e.Source == "C" && e.Target == "U":
			cu = i
		}
	}
	w.edges[bt].Sign = model.Activates // the swap itself does not look at signs
	if !w.swap(bt, cu) {
		t.Fatal("swap B → T with C → U refused")
	}
	swapped := w.nodes[w.index["T"]]
	for _, e := range []*expr.Expr{swapped.Rule, swapped.Up, swapped.Down} {
		if slices.Contains(e.Vars(), "B") || !slices.Contains(e.Vars(), "C") {
			t.Errorf("after the swap T reads %v in %q, want C and not B", e.Vars(), e)
		}
	}
	if len(swapped.Modulators) != 1 || swapped.Modulators[0].Node != "C" {
		t.Errorf("after the swap T's brake is %v, want C", swapped.Modulators)
	}
}
