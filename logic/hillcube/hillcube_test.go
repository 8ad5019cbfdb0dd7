package hillcube_test

import (
	"context"
	"math"
	"testing"

	"github.com/ikklab/ikklab/internal/kbtest"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/logic/hillcube"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/ode"
)

func mustParse(t *testing.T, s string) *expr.Expr {
	t.Helper()
	e, err := expr.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A chain and a repressor settle where Odefy's HillCube equations say,
// and a node with constant rates follows the two-state chain's mean,
// u/(u+d), exactly.
func TestSteadyStates(t *testing.T) {
	net, err := model.NewWith("chain", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: mustParse(t, "A")},
		{ID: "C", Kind: model.Gene, Rule: mustParse(t, "!B")},
		{ID: "D", Kind: model.Gene, Rule: mustParse(t, "A"), Up: mustParse(t, "2"), Down: mustParse(t, "0.5")},
		{ID: "E", Kind: model.Gene, Rule: mustParse(t, "A & B")},
	}, nil, []model.InitGroup{{Nodes: []string{"A"}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{true}}}}})
	if err != nil {
		t.Fatal(err)
	}
	sys, err := hillcube.Convert(net, nil, hillcube.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if x0 := sys.Initial(); x0[0] != 1 || x0[1] != 0.5 {
		t.Errorf("initial activities %v: A starts on, B at 1/2", x0)
	}
	rows, err := sys.Simulate(context.Background(), []float64{40}, ode.Options{RelTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	x := rows[0]
	want := []float64{1, 1, 0, 2 / 2.5, 1}
	for i, w := range want {
		if math.Abs(x[i]-w) > 1e-6 {
			t.Errorf("%s = %.8f, want %.8f", net.Nodes[i].ID, x[i], w)
		}
	}
}

// With A at an intermediate activity the interpolation is the normalised
// Hill function: B = A at steady state gives x_B = Bₙ(x_A).
func TestHillTransfer(t *testing.T) {
	net, err := model.NewWith("transfer", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: mustParse(t, "A")},
	}, nil, []model.InitGroup{{Nodes: []string{"A"}, Alts: []model.InitAlt{
		{Weight: expr.Const(0.3), Values: []bool{true}}, {Weight: expr.Const(0.7), Values: []bool{false}}}}})
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := hillcube.Convert(net, nil, hillcube.Options{})
	rows, err := sys.Simulate(context.Background(), []float64{50}, ode.Options{RelTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	const n, k = 3.0, 0.5
	want := math.Pow(0.3, n) / (math.Pow(0.3, n) + math.Pow(k, n)) * (1 + math.Pow(k, n))
	if math.Abs(rows[0][1]-want) > 1e-7 {
		t.Errorf("x_B = %.8f, want Bn(0.3) = %.8f", rows[0][1], want)
	}
}

// The built-in IKKε/TBK1 network converts and integrates; every activity
// stays in [0, 1] up to the integrator's error: the exact solution cannot
// leave it (dx/dt = (B(x) − x)/τ with B in [0, 1]), but a step may overshoot
// by about the relative tolerance (1e-6 by default; ATG5 reached
// 1 + 1.7e-6 when NIK joined the network), so the margin is 1e-5.
func TestBuiltinNetwork(t *testing.T) {
	_, net := kbtest.Network(t)
	params, err := net.ParamValues()
	if err != nil {
		t.Fatal(err)
	}
	sys, err := hillcube.Convert(net, params, hillcube.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sys.Simulate(context.Background(), []float64{1, 10, 50}, ode.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for i, v := range r {
			if !(v >= -1e-5 && v <= 1+1e-5) {
				t.Errorf("%s = %g outside [0, 1]", net.Nodes[i].ID, v)
			}
		}
	}
}
