package claims

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/expr"
)

func TestSpearman(t *testing.T) {
	// Hand-derived: a perfectly decreasing series has ρ = −1 (p = 0); a
	// series with one swap in five points has ρ = 1 − 6·2/(5·24) = 0.9.
	if rho, p := spearman([]float64{1, 2, 3, 4}, []float64{0.9, 0.5, 0.2, 0.1}); rho != -1 || p != 0 {
		t.Errorf("ρ = %v, p = %v", rho, p)
	}
	rho, p := spearman([]float64{1, 2, 3, 4, 5}, []float64{1, 3, 2, 4, 5})
	if math.Abs(rho-0.9) > 1e-12 || !(p > 0.01 && p < 0.1) {
		t.Errorf("ρ = %v, p = %v; want 0.9 and p ≈ 0.037", rho, p)
	}
	if r := ranks([]float64{3, 1, 3, 2}); r[0] != 3.5 || r[1] != 1 || r[2] != 3.5 || r[3] != 2 {
		t.Errorf("ranks with ties = %v", r)
	}
}

func val(v, half float64) experiment.Value {
	return experiment.Value{Value: v, CI95: [2]float64{v - half, v + half}}
}

func TestJudge(t *testing.T) {
	r := &Result{paths: map[string]map[string]experiment.Value{
		"control": {"P": val(0.80, 0.01)},
		"a":       {"P": val(0.50, 0.01)},
		"b":       {"P": val(0.60, 0.01)},
		"combo":   {"P": val(0.30, 0.01)},
		"tiny":    {"P": val(0.79, 0.01)},
		"noisy":   {"P": val(0.70, 0.2)},
	}}
	c := &kb.Claim{}
	tests := []struct {
		x    kb.Expectation
		pass bool
	}{
		{kb.Expectation{Readout: "P", Change: "down", Arm: "a", Vs: []string{"control"}}, true},
		{kb.Expectation{Readout: "P", Change: "up", Arm: "a", Vs: []string{"control"}}, false},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "tiny", Vs: []string{"control"}}, false},  // below the margin
		{kb.Expectation{Readout: "P", Change: "down", Arm: "noisy", Vs: []string{"control"}}, false}, // CI includes 0
		{kb.Expectation{Readout: "P", Change: "down", Arm: "combo", Vs: []string{"a", "b"}}, true},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "b", Vs: []string{"a", "control"}}, false},
		{kb.Expectation{Readout: "P", Change: "same", Arm: "tiny", Vs: []string{"control"}}, true},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "a", Vs: []string{"control"}, StrongerThan: &kb.Comparison{Arm: "b", Vs: "control"}}, true},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "b", Vs: []string{"control"}, StrongerThan: &kb.Comparison{Arm: "a", Vs: "control"}}, false},
	}
	for i, tt := range tests {
		if got := judge(nil, c, tt.x, r, 0.03); got.Pass != tt.pass {
			t.Errorf("case %d (%s): pass = %v, want %v (%s)", i, tt.x.Describe(), got.Pass, tt.pass, got.Detail)
		}
	}
}

// TestEvaluate runs claims that the network reproduces end to end.
func TestEvaluate(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(context.Background(), k, Options{Only: []string{"C19", "C22", "C26"}, Samples: 400})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Claims) != 3 || rep.Passed != 3 || rep.Failed != 0 || !rep.Complete {
		var b strings.Builder
		rep.WriteTable(&b)
		t.Fatalf("report:\n%s", b.String())
	}
	for _, c := range rep.Claims {
		if len(c.Measured) == 0 || len(c.Checks) == 0 {
			t.Errorf("%s: nothing measured or judged", c.ID)
		}
	}
}

func TestRescaled(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := k.Network()
	a, err := Rescaled(base, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Rescaled(base, 1, 7)
	c, _ := Rescaled(base, 1, 8)
	n, _ := a.Node("IKBKE_ub")
	nb, _ := b.Node("IKBKE_ub")
	nc, _ := c.Node("IKBKE_ub")
	f := n.Up.Args[0].Value
	if n.Up.String() != nb.Up.String() || n.Up.String() == nc.Up.String() || f < 0.5 || f > 2 {
		t.Errorf("rates %s / %s / %s", n.Up, nb.Up, nc.Up)
	}
	if orig, _ := base.Node("IKBKE_ub"); orig.Up.Op == expr.OpMul {
		t.Error("Rescaled modified its input")
	}
}

// Arms run side by side; the verdicts and values must not depend on how
// many workers run them.
func TestWorkersIdentical(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	var reps [2]*Report
	for i, w := range []int{1, 2} {
		opt := Options{Only: []string{"C05", "C18"}, Samples: 300}
		opt.Workers = w
		if reps[i], err = Evaluate(context.Background(), k, opt); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(reps[0].Claims, reps[1].Claims) {
		t.Error("claims differ between 1 and 2 workers")
	}
}
