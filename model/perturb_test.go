package model_test

import (
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

func testNet(t *testing.T, ruleB string) *model.Network {
	t.Helper()
	rb, err := expr.Parse(ruleB)
	if err != nil {
		t.Fatal(err)
	}
	net, err := model.NewWith("n", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: rb},
		{ID: "C", Kind: model.Gene, Rule: expr.Var("B")},
	}, nil, []model.InitGroup{{Nodes: []string{"B", "C"}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{true, false}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// Typed perturbations: initial states, held nodes, clamps; a node of a
// joint initial-state group cannot be set alone.
func TestPerturb(t *testing.T) {
	net := testNet(t, "A")
	p, err := net.Perturb(model.Perturbation{Initial: map[string]bool{"A": true}, Clamped: map[string]float64{"A": 0.3}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Node("A"); !ok || p.Hash() == net.Hash() {
		t.Error("clamp not applied")
	}
	p, err = net.Perturb(model.Perturbation{Initial: map[string]bool{"A": true}})
	if err != nil {
		t.Fatal(err)
	}
	var sawA bool
	for _, g := range p.Init {
		if len(g.Nodes) == 1 && g.Nodes[0] == "A" && g.Alts[0].Values[0] {
			sawA = true
		}
	}
	if !sawA || len(net.Init) != 1 {
		t.Errorf("A's initial state not set (%v), or the original changed (%v)", p.Init, net.Init)
	}
	if _, err := net.SetInitial(map[string]bool{"B": false}); err == nil || !strings.Contains(err.Error(), "joint initial-state group [B, C]") {
		t.Errorf("B alone: err = %v", err)
	}
	if _, err := net.SetInitial(map[string]bool{"Z": false}); err == nil {
		t.Error("an unknown node accepted")
	}
}

// The hash follows the content: equal for equal networks, different when
// a rule, an initial state or a flag changes.
func TestHash(t *testing.T) {
	a, b := testNet(t, "A"), testNet(t, "A")
	if a.Hash() != b.Hash() || !strings.HasPrefix(a.Hash(), "sha256:") || len(a.Hash()) != 23 {
		t.Fatalf("equal networks: %s, %s", a.Hash(), b.Hash())
	}
	if testNet(t, "!A").Hash() == a.Hash() {
		t.Error("a different rule, the same hash")
	}
	on, _ := a.SetInitial(map[string]bool{"A": true})
	if on.Hash() == a.Hash() {
		t.Error("a different initial state, the same hash")
	}
}
