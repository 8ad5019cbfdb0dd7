package model

import (
	"math"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
)

func TestGradedRates(t *testing.T) {
	cases := []struct {
		rule     string
		nodes    map[string]bool
		up, down float64
	}{
		{"A | B | C", map[string]bool{}, 0, 2},
		{"A | B | C", map[string]bool{"A": true}, 1.0 / 3, 2 * 2.0 / 3},
		{"A | (B & C) | C", map[string]bool{"B": true, "C": true}, 2.0 / 3, 2.0 / 3},
		{"!(A | B)", map[string]bool{}, 1, 0},
		{"!(A | B)", map[string]bool{"B": true}, 0.5, 1},
		{"!(A | B)", map[string]bool{"A": true, "B": true}, 0, 2},
	}
	for _, c := range cases {
		up, down, err := GradedRates(expr.MustParse(c.rule), 1, 2)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		env := expr.MapEnv{Nodes: c.nodes}
		if u, d := up.Eval(env), down.Eval(env); math.Abs(u-c.up) > 1e-12 || math.Abs(d-c.down) > 1e-12 {
			t.Errorf("%s with %v: up %g down %g, want %g %g", c.rule, c.nodes, u, d, c.up, c.down)
		}
	}
	for _, bad := range []string{"A", "A & B", "!A", "A ^ B"} {
		if _, _, err := GradedRates(expr.MustParse(bad), 1, 1); err == nil {
			t.Errorf("%s: accepted as graded", bad)
		}
	}
}

// A fixed graded node must hold its value whatever its routes do.
func TestFixGraded(t *testing.T) {
	up, down, _ := GradedRates(expr.MustParse("A | B"), 3, 1)
	net, err := New("g", []Node{
		{ID: "A", Kind: Input}, {ID: "B", Kind: Input},
		{ID: "C", Kind: Gene, Rule: expr.MustParse("A | B"), Up: up, Down: down},
	})
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := net.Fix(map[string]bool{"C": true})
	if err != nil {
		t.Fatal(err)
	}
	i, _ := fixed.Index("C")
	nd := fixed.Nodes[i]
	if !nd.Logical() {
		t.Fatalf("fixed graded node keeps rates %s, %s", nd.Up, nd.Down)
	}
	if got := nd.Up.Args[1].Value; got != 3 {
		t.Errorf("fixed node's on-rate %g, want its top speed 3", got)
	}
}
