package model

import (
	"fmt"
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
		up, down, err := GradedRates(expr.MustParse(c.rule), nil, 1, 2)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		env := expr.MapEnv{Nodes: c.nodes}
		if u, d := up.Eval(env), down.Eval(env); math.Abs(u-c.up) > 1e-12 || math.Abs(d-c.down) > 1e-12 {
			t.Errorf("%s with %v: up %g down %g, want %g %g", c.rule, c.nodes, u, d, c.up, c.down)
		}
	}
	for _, bad := range []string{"A", "A & B", "!A", "A ^ B"} {
		if _, _, err := GradedRates(expr.MustParse(bad), nil, 1, 1); err == nil {
			t.Errorf("%s: accepted as graded", bad)
		}
	}
}

// Weighted terms: with inputs held, the node's stationary probability is
// up·G / (up·G + down·(1 − G)) with G = Σ wᵢ·Tᵢ / Σ wᵢ (hand derivation:
// the node alone is a two-state Markov chain with these on and off rates).
// The rates are evaluated on the states directly.
func TestGradedRatesWeighted(t *testing.T) {
	cases := []struct {
		rule     string
		weights  []float64
		on       []string
		up, down float64
		g        float64 // Σ wᵢTᵢ / Σ wᵢ, or 1 minus it for !(…)
	}{
		{"A | B | C", []float64{2, 1, 1}, []string{"A"}, 1, 1, 0.5},
		{"A | B | C", []float64{2, 1, 1}, []string{"B"}, 1, 1, 0.25},
		{"A | B | C", []float64{2, 1, 1}, []string{"B", "C"}, 2, 1, 0.5},
		{"A | B | C", []float64{0.5, 3, 0.5}, []string{"A", "C"}, 1, 3, 0.25},
		{"A | B | C", []float64{2, 1, 1}, []string{"A", "B", "C"}, 1.7, 0.3, 1},
		{"A | B | C", []float64{2, 1, 1}, nil, 1.7, 0.3, 0},
		{"!(A | B | C | D)", []float64{1, 2, 3, 4}, []string{"C"}, 1, 1, 0.7},
		{"!(A | B | C | D)", []float64{1, 2, 3, 4}, []string{"A", "D"}, 2, 0.5, 0.5},
		{"(A & B) | (A & C)", []float64{3, 1}, []string{"A", "B"}, 1, 1, 0.75},
		{"(A & B) | (A & C)", []float64{3, 1}, []string{"B", "C"}, 1, 1, 0},
	}
	for _, c := range cases {
		up, down, err := GradedRates(expr.MustParse(c.rule), c.weights, c.up, c.down)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		env := expr.MapEnv{Nodes: map[string]bool{}}
		for _, n := range c.on {
			env.Nodes[n] = true
		}
		u, d := up.Eval(env), down.Eval(env)
		if want := c.up * c.g; math.Abs(u-want) > 1e-12 {
			t.Errorf("%s %v with %v: rate_up %g, want %g", c.rule, c.weights, c.on, u, want)
		}
		if want := c.down * (1 - c.g); math.Abs(d-want) > 1e-12 {
			t.Errorf("%s %v with %v: rate_down %g, want %g", c.rule, c.weights, c.on, d, want)
		}
		// At the extremes the rates are exactly those of the Boolean rule.
		if (c.g == 1 && d != 0) || (c.g == 0 && u != 0) {
			t.Errorf("%s %v with %v: rates %g, %g not exactly Boolean at G = %g", c.rule, c.weights, c.on, u, d, c.g)
		}
		p := u / (u + d)
		if want := c.up * c.g / (c.up*c.g + c.down*(1-c.g)); math.Abs(p-want) > 1e-12 {
			t.Errorf("%s %v with %v: stationary P %g, want %g", c.rule, c.weights, c.on, p, want)
		}
	}
}

// The rates of equal weights are, byte for byte, those written before
// weights existed (strings produced by the unweighted GradedRates of commit
// 47f539d), whether the weights are nil, all 1 or all the same.
func TestGradedRatesEqualWeightsUnchanged(t *testing.T) {
	cases := []struct {
		rule     string
		up, down float64
		rateUp   string
		rateDown string
	}{
		{"A | B | C", 1, 1, "(A + B + C) / 3", "(3 - (A + B + C)) / 3"},
		{"A | B | C", 2, 0.5, "2 * ((A + B + C) / 3)", "0.5 * ((3 - (A + B + C)) / 3)"},
		{"!(A | B)", 1, 3, "(2 - (A + B)) / 2", "3 * ((A + B) / 2)"},
		{"(A & B) | !C | (D ^ E)", 1.5, 1, "1.5 * (((A & B) + !C + (D ^ E)) / 3)", "(3 - ((A & B) + !C + (D ^ E))) / 3"},
		{"A | (A & B)", 1, 1, "(A + (A & B)) / 2", "(2 - (A + (A & B))) / 2"},
	}
	for _, c := range cases {
		e := expr.MustParse(c.rule)
		terms, _, err := GradedTerms(e)
		if err != nil {
			t.Fatal(err)
		}
		ones, twos := make([]float64, len(terms)), make([]float64, len(terms))
		for i := range terms {
			ones[i], twos[i] = 1, 2.5
		}
		for _, w := range [][]float64{nil, ones, twos} {
			up, down, err := GradedRates(e, w, c.up, c.down)
			if err != nil {
				t.Fatal(err)
			}
			if up.String() != c.rateUp || down.String() != c.rateDown {
				t.Errorf("%s weights %v: rates %q, %q; want %q, %q", c.rule, w, up, down, c.rateUp, c.rateDown)
			}
		}
	}
}

// Weights read as weighted sums in MaBoSS syntax.
func TestGradedRatesWeightedString(t *testing.T) {
	up, down, err := GradedRates(expr.MustParse("!(IKBKB | CHUK | TBK1)"), []float64{2, 1, 1}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := up.String(), "(4 - (2 * IKBKB + CHUK + TBK1)) / 4"; got != want {
		t.Errorf("rate_up %q, want %q", got, want)
	}
	if got, want := down.String(), "(2 * IKBKB + CHUK + TBK1) / 4"; got != want {
		t.Errorf("rate_down %q, want %q", got, want)
	}
	for _, e := range []*expr.Expr{up, down} {
		if back, err := expr.Parse(e.String()); err != nil || !expr.Equal(back, e) {
			t.Errorf("%s does not parse back: %v", e, err)
		}
	}
}

func TestGradedRatesBadWeights(t *testing.T) {
	rule := expr.MustParse("A | B")
	for _, w := range [][]float64{{1}, {1, 1, 1}, {0, 1}, {-1, 1}, {math.NaN(), 1}, {math.Inf(1), 1}} {
		if _, _, err := GradedRates(rule, w, 1, 1); err == nil {
			t.Errorf("weights %v accepted", w)
		}
	}
}

func TestOrTerms(t *testing.T) {
	got := OrTerms(expr.MustParse("A | (B & C) | (D | !E)"))
	want := []string{"A", "B & C", "D", "!E"}
	if len(got) != len(want) {
		t.Fatalf("terms %v, want %v", got, want)
	}
	for i := range got {
		if got[i].String() != want[i] {
			t.Errorf("term %d = %s, want %s", i, got[i], want[i])
		}
	}
}

// A fixed graded node must hold its value whatever its routes do.
func TestFixGraded(t *testing.T) {
	up, down, _ := GradedRates(expr.MustParse("A | B"), nil, 3, 1)
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

func ExampleGradedRates() {
	rule := expr.MustParse("!(IKBKB | CHUK | TBK1)")
	up, down, _ := GradedRates(rule, nil, 1, 1)
	fmt.Println(up, ";", down)
	up, down, _ = GradedRates(rule, []float64{2, 1, 1}, 1, 1)
	fmt.Println(up, ";", down)
	// Output:
	// (3 - (IKBKB + CHUK + TBK1)) / 3 ; (IKBKB + CHUK + TBK1) / 3
	// (4 - (2 * IKBKB + CHUK + TBK1)) / 4 ; (2 * IKBKB + CHUK + TBK1) / 4
}
