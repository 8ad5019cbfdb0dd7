package pharm

import (
	"errors"
	"math"
	"testing"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// toy is A (input) → B = A, C = !B, with rate_up 2 and rate_down 3 on B.
func toy(t *testing.T) *model.Network {
	t.Helper()
	net, err := model.New("toy", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Aliases: []string{"beta"}, Rule: expr.Var("A"), Up: model.LogicRate(2, true), Down: model.LogicRate(3, false)},
		{ID: "C", Kind: model.Phenotype, Rule: expr.Not(expr.Var("B"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// rate evaluates a rate expression with the node's rule value self.
func rate(t *testing.T, e *expr.Expr, self bool) float64 {
	t.Helper()
	// The expression must survive MaBoSS syntax, as format writers and
	// logic/stochastic read it.
	back, err := expr.Parse(e.String())
	if err != nil || !expr.Equal(back, e) {
		t.Fatalf("rate %q does not round-trip: %v", e, err)
	}
	return e.Eval(expr.MapEnv{Self: self})
}

func TestApply(t *testing.T) {
	net := toy(t)
	// Hand-derived: B inhibited θ = 0.25 with KInh 2, then activated θ = 0.5
	// with KAct 4. Inhibition: up 2·0.75 = 1.5, down 3 + 0.5 = 3.5 (rule
	// false) and 0 + 0.5 (rule true). Activation: down ·0.5, up + 2.
	got, err := Apply(net, []Effect{{Node: "beta", Inhibition: 0.25, Activation: 0.5}}, Options{KInh: 2, KAct: 4})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := got.Node("B")
	for _, c := range []struct {
		name string
		e    *expr.Expr
		self bool
		want float64
	}{
		{"up, rule true", b.Up, true, 1.5 + 2},
		{"up, rule false", b.Up, false, 0 + 2},
		{"down, rule true", b.Down, true, (0 + 0.5) * 0.5},
		{"down, rule false", b.Down, false, (3 + 0.5) * 0.5},
	} {
		if r := rate(t, c.e, c.self); math.Abs(r-c.want) > 1e-12 {
			t.Errorf("B %s = %g (%s), want %g", c.name, r, c.e, c.want)
		}
	}
	// The input is untouched and so is the original network.
	if ob, _ := net.Node("B"); !expr.Equal(ob.Up, model.LogicRate(2, true)) || !expr.Equal(ob.Down, model.LogicRate(3, false)) {
		t.Errorf("Apply modified its input: B up %s down %s", ob.Up, ob.Down)
	}
	if a, _ := got.Node("A"); a.Up != nil || a.Down != nil {
		t.Errorf("A changed: %s %s", a.Up, a.Down)
	}
}

func TestApplyDefaultRates(t *testing.T) {
	// C has MaBoSS's default rates (nil): with inhibition 0.5 and default
	// k = 1, up = 1·0.5 while the rule holds, down = 0.5 while it holds
	// (extra) and 1.5 while it fails.
	got, err := Apply(toy(t), []Effect{{Node: "C", Inhibition: 0.5}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := got.Node("C")
	for _, x := range []struct {
		e    *expr.Expr
		self bool
		want float64
	}{{c.Up, true, 0.5}, {c.Up, false, 0}, {c.Down, true, 0.5}, {c.Down, false, 1.5}} {
		if r := rate(t, x.e, x.self); r != x.want {
			t.Errorf("C rate %s (logic %v) = %g, want %g", x.e, x.self, r, x.want)
		}
	}
}

func TestApplyInput(t *testing.T) {
	// An input's rates are 0: activated at θ = 0.8 it switches on at 0.8
	// and never off; inhibited it switches off at θ.
	got, err := Apply(toy(t), []Effect{{Node: "A", Activation: 0.8}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := got.Node("A")
	if up, down := rate(t, a.Up, false), rate(t, a.Down, false); up != 0.8 || down != 0 {
		t.Errorf("activated input: up %g down %g, want 0.8, 0", up, down)
	}
	got, err = Apply(toy(t), []Effect{{Node: "A", Inhibition: 0.8}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ = got.Node("A")
	if up, down := rate(t, a.Up, false), rate(t, a.Down, false); up != 0 || down != 0.8 {
		t.Errorf("inhibited input: up %g down %g, want 0, 0.8", up, down)
	}
}

func TestApplyZeroIsIdentity(t *testing.T) {
	net := toy(t)
	got, err := Apply(net, []Effect{{Node: "A"}, {Node: "B"}, {Node: "C", Drugs: []string{"x"}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got == net {
		t.Fatal("Apply returned its input, want a new network")
	}
	for i := range net.Nodes {
		a, b := net.Nodes[i], got.Nodes[i]
		if a.Up != b.Up || a.Down != b.Down || a.Rule != b.Rule || a.ID != b.ID {
			t.Errorf("node %s changed with θ = 0", a.ID)
		}
	}
}

func TestApplyDuplicatesCombine(t *testing.T) {
	// Two effects of ½ on B combine to ¾: up 2·¼ = 0.5.
	got, err := Apply(toy(t), []Effect{{Node: "B", Inhibition: 0.5}, {Node: "B", Inhibition: 0.5}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := got.Node("B")
	if r := rate(t, b.Up, true); r != 0.5 {
		t.Errorf("B up = %g, want 0.5", r)
	}
}

func TestApplyErrors(t *testing.T) {
	net := toy(t)
	_, err := Apply(net, []Effect{{Node: "D", Inhibition: 0.5}}, Options{})
	var unk *model.UnknownError
	if !errors.As(err, &unk) {
		t.Errorf("unknown node: err = %v, want *model.UnknownError", err)
	}
	for _, e := range []Effect{{Node: "B", Inhibition: 1.5}, {Node: "B", Activation: -0.1}, {Node: "B", Inhibition: math.NaN()}} {
		if _, err := Apply(net, []Effect{e}, Options{}); err == nil {
			t.Errorf("effect %+v accepted", e)
		}
	}
	for _, o := range []Options{{KInh: -1}, {KAct: math.NaN()}, {KAct: math.Inf(1)}} {
		if _, err := Apply(net, nil, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

func TestApplyKB(t *testing.T) {
	k := defaultKB(t)
	net, err := k.Network()
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := Effects(k, nil)
	if err != nil || len(es) != 0 {
		t.Fatalf("no drugs: %v %v", es, err)
	}
	for _, d := range k.Drugs {
		es, _, err := Effects(k, map[string]dose.Dose{d.ID: d.Targets[0].Dose})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Apply(net, es, Options{})
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		for _, e := range es {
			nd, _ := got.Node(e.Node)
			for _, r := range []*expr.Expr{nd.Up, nd.Down} {
				for _, self := range []bool{false, true} {
					if v := rate(t, r, self); !(v >= 0) || math.IsInf(v, 0) {
						t.Errorf("%s on %s: rate %s = %g", d.ID, e.Node, r, v)
					}
				}
			}
		}
	}
}
