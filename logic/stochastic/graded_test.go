package stochastic

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// A graded node with fixed inputs is on with probability
// up·G / (up·G + down·(1 − G)), G the fraction of its OR terms that hold
// (or of its inhibitors that are absent).
func TestGradedStationary(t *testing.T) {
	cases := []struct {
		rule     string
		on       []string
		up, down float64
		want     float64
	}{
		{"A | B | C", []string{"A"}, 1, 1, 1.0 / 3},
		{"A | B | C", []string{"A", "C"}, 1, 1, 2.0 / 3},
		{"A | B | C", []string{"A"}, 2, 1, 0.5},
		{"!(A | B | C | D)", []string{"B"}, 1, 1, 0.75},
		{"A | B", nil, 1, 1, 0},
		{"A | B", []string{"A", "B"}, 1, 1, 1},
	}
	for _, c := range cases {
		up, down, err := model.GradedRates(expr.MustParse(c.rule), nil, c.up, c.down)
		if err != nil {
			t.Fatal(err)
		}
		nodes := []model.Node{{ID: "X", Kind: model.Gene, Rule: expr.MustParse(c.rule), Up: up, Down: down}}
		for _, in := range []string{"A", "B", "C", "D"} {
			nodes = append(nodes, model.Node{ID: in, Kind: model.Input})
		}
		var init []model.InitGroup
		for _, in := range []string{"A", "B", "C", "D"} {
			v := false
			for _, o := range c.on {
				v = v || o == in
			}
			init = append(init, model.InitGroup{Nodes: []string{in}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{v}}}})
		}
		if got := finalX(t, nodes, init); math.Abs(got-c.want) > 0.015 {
			t.Errorf("%s with %v on, up %g down %g: P(X) = %.3f, want %.3f", c.rule, c.on, c.up, c.down, got, c.want)
		}
	}
}

// TestManyInputs runs a graded node that reads more than maxTableInputs
// nodes (the slow path of rate evaluation): it panicked before the slow
// path knew the nodes' positions.
func TestManyInputs(t *testing.T) {
	const k = maxTableInputs + 4
	var terms []string
	nodes := []model.Node{{ID: "X", Kind: model.Gene}}
	var init []model.InitGroup
	for i := range k {
		id := "A" + string(rune('a'+i))
		terms = append(terms, id)
		nodes = append(nodes, model.Node{ID: id, Kind: model.Input})
		init = append(init, model.InitGroup{Nodes: []string{id}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{i%4 == 0}}}})
	}
	rule := expr.MustParse(strings.Join(terms, " | "))
	up, down, err := model.GradedRates(rule, nil, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	nodes[0].Rule, nodes[0].Up, nodes[0].Down = rule, up, down
	if got, want := finalX(t, nodes, init), 5.0/k; math.Abs(got-want) > 0.015 { // 5 of the 20 inputs on
		t.Errorf("P(X) = %.3f, want %.3f", got, want)
	}
}

// finalX simulates the network of nodes and returns P(X) in the last window.
func finalX(t *testing.T, nodes []model.Node, init []model.InitGroup) float64 {
	t.Helper()
	net, err := model.NewWith("g", nodes, nil, init)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Simulate(context.Background(), net, nil, Options{Samples: 20000, MaxTime: 20, Seed: 5, Series: []string{"X"}})
	if err != nil {
		t.Fatal(err)
	}
	x := res.Nodes["X"]
	return x[len(x)-1]
}
