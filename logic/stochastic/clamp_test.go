package stochastic

import (
	"context"
	"math"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// A clamped node is on with the probability it is clamped at whatever its
// regulators do, and passes that activity on: in A → B → C with A on, B
// clamped at p gives P(B) = p and P(C) = p (C follows B at equal rates, so
// its stationary probability is B's).
func TestClamp(t *testing.T) {
	nodes := []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("A")},
		{ID: "C", Kind: model.Gene, Rule: expr.MustParse("B")},
	}
	init := []model.InitGroup{{Nodes: []string{"A"}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{true}}}}}
	net, err := model.NewWith("c", nodes, nil, init)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []float64{0, 0.3, 0.8, 1} {
		cl, err := net.Clamp(map[string]float64{"B": p})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Simulate(context.Background(), cl, nil, Options{Samples: 20000, MaxTime: 20, Seed: 3, Series: []string{"B", "C"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"B", "C"} {
			x := res.Nodes[id]
			if got := x[len(x)-1]; math.Abs(got-p) > 0.015 {
				t.Errorf("B clamped at %.1f: P(%s) = %.3f", p, id, got)
			}
		}
	}
	for _, bad := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := net.Clamp(map[string]float64{"B": bad}); err == nil {
			t.Errorf("clamp at %v accepted", bad)
		}
	}
	if _, err := net.Clamp(map[string]float64{"Z": 0.5}); err == nil {
		t.Error("clamp of an unknown node accepted")
	}
}

// TestProbabilitiesAreClean: a node on all the time reads exactly 1, not
// 0.9999999999999987 (summing window slices leaves errors near 1e-15; issue
// 11, item 17).
func TestProbabilitiesAreClean(t *testing.T) {
	nodes := []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("!A")},
	}
	init := []model.InitGroup{{Nodes: []string{"A"}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{true}}}}}
	net, err := model.NewWith("p", nodes, nil, init)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Simulate(context.Background(), net, nil, Options{Samples: 500, MaxTime: 7.3, TimeTick: 0.1, Seed: 1, Series: []string{"A", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	for w, p := range res.Nodes["A"] {
		if p != 1 {
			t.Fatalf("window %d: P(A) = %.17g, want exactly 1", w, p)
		}
	}
	if res.FinalNodes["A"] != 1 {
		t.Errorf("final P(A) = %.17g", res.FinalNodes["A"])
	}
}
