package model

import (
	"math"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
)

// TestModulated checks that brakes scale the activation G by Π(1 − s·B):
// the equilibrium u·G·F / (u·G·F + d·(1 − G·F)).
func TestModulated(t *testing.T) {
	rule, _ := expr.Parse("A | C")
	gUp, gDown, err := GradedRates(rule, nil, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		up, down *expr.Expr
		u, d     float64
		state    map[string]bool
		logic    bool
		want     float64 // equilibrium probability of being on
	}{
		{"logic on, brake on", LogicRate(1, true), LogicRate(1, false), 1, 1, map[string]bool{"B": true, "D": false}, true, 0.4},
		{"logic on, brakes off", LogicRate(1, true), LogicRate(1, false), 1, 1, map[string]bool{"B": false, "D": false}, true, 1},
		{"logic off", LogicRate(1, true), LogicRate(1, false), 1, 1, map[string]bool{"B": true, "D": true}, false, 0},
		{"both brakes", LogicRate(1, true), LogicRate(1, false), 1, 1, map[string]bool{"B": true, "D": true}, true, 0.4 * 0.5},
		{"graded half, brake on", gUp, gDown, 2, 1, map[string]bool{"A": true, "C": false, "B": true, "D": false}, true, 2 * 0.2 / (2*0.2 + 1*(1-0.2))}, // G·F = 0.2,
	}
	brakes := []Modulator{{Node: "B", Strength: 0.6, Sign: Inhibits}, {Node: "D", Strength: 0.5, Sign: Inhibits}}
	for _, tt := range tests {
		up, down, err := Modulated(tt.up, tt.down, tt.u, tt.d, brakes)
		if err != nil {
			t.Fatal(err)
		}
		env := expr.MapEnv{Nodes: tt.state, Self: tt.logic}
		ru, rd := up.Eval(env), down.Eval(env)
		ou, od := tt.up.Eval(env), tt.down.Eval(env)
		p := 0.0
		if ru+rd > 0 {
			p = ru / (ru + rd)
		}
		if math.Abs(p-tt.want) > 1e-12 {
			t.Errorf("%s: equilibrium %v, want %v (up %v, down %v)", tt.name, p, tt.want, ru, rd)
		}
		// The speed is unchanged when the node is fully driven (graded
		// rates keep their own total).
		if tt.logic && tt.name != "graded half, brake on" && math.Abs((ru+rd)-(ou+od)) > 1e-12 {
			t.Errorf("%s: speed %v, want %v", tt.name, ru+rd, ou+od)
		}
	}
	// A boost refills the missing share: logic off, boost on: G'' = 0.5.
	up, down, err := Modulated(LogicRate(1, true), LogicRate(1, false), 1, 1, []Modulator{{Node: "R", Strength: 0.5, Sign: Activates}})
	if err != nil {
		t.Fatal(err)
	}
	env := expr.MapEnv{Nodes: map[string]bool{"R": true}, Self: false}
	if u, d := up.Eval(env), down.Eval(env); u != 0.5 || d != 0.5 {
		t.Errorf("boost: up %v, down %v; want 0.5, 0.5", u, d)
	}
	for _, bad := range []float64{0, 1, -0.1, math.NaN()} {
		if _, _, err := Modulated(LogicRate(1, true), LogicRate(1, false), 1, 1, []Modulator{{Node: "B", Strength: bad, Sign: Inhibits}}); err == nil {
			t.Errorf("strength %v accepted", bad)
		}
	}
}

// TestRestraint checks a restraint: present, the rates are unchanged; lost,
// rate_down is multiplied by 1 − s, so an active node's odds of being on rise
// by 1/(1 − s) and an inactive one stays off.
func TestRestraint(t *testing.T) {
	rule, _ := expr.Parse("A | C")
	gUp, gDown, err := GradedRates(rule, nil, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	restraint := []Modulator{{Node: "P", Strength: 0.6, Sign: Inhibits, Resting: true}}
	up, down, err := Modulated(gUp, gDown, 1, 1, restraint)
	if err != nil {
		t.Fatal(err)
	}
	odds := func(u, d float64) float64 { return u / d }
	tests := []struct {
		name      string
		a, c, p   bool
		wantUp    float64
		wantDown  float64
		oddsRatio float64 // against the same state with P present; 0: not compared
	}{
		{"present, half", true, false, true, 0.5, 0.5, 1},
		{"lost, half", true, false, false, 0.5, 0.5 * 0.4, 1 / 0.4},
		{"lost, inactive", false, false, false, 0, 0.4, 0},
		{"lost, fully active", true, true, false, 1, 0, 0},
	}
	for _, tt := range tests {
		env := expr.MapEnv{Nodes: map[string]bool{"A": tt.a, "C": tt.c, "P": tt.p}}
		u, d := up.Eval(env), down.Eval(env)
		if math.Abs(u-tt.wantUp) > 1e-12 || math.Abs(d-tt.wantDown) > 1e-12 {
			t.Errorf("%s: up %v, down %v; want %v, %v", tt.name, u, d, tt.wantUp, tt.wantDown)
		}
		if tt.oddsRatio > 0 {
			env.Nodes["P"] = true
			if r := odds(u, d) / odds(up.Eval(env), down.Eval(env)); math.Abs(r-tt.oddsRatio) > 1e-12 {
				t.Errorf("%s: odds ratio %v, want %v", tt.name, r, tt.oddsRatio)
			}
		}
	}
	// With a brake and u ≠ d: the brake scales G, the restraint only
	// rate_down: logic on, brake B on (s 0.5), P lost (s 0.6), u 2, d 3:
	// G'' = 0.5, up = 2·0.5 = 1, down = 3·0.5·0.4 = 0.6.
	both := []Modulator{{Node: "B", Strength: 0.5, Sign: Inhibits}, {Node: "P", Strength: 0.6, Sign: Inhibits, Resting: true}}
	up, down, err = Modulated(LogicRate(2, true), LogicRate(3, false), 2, 3, both)
	if err != nil {
		t.Fatal(err)
	}
	env := expr.MapEnv{Nodes: map[string]bool{"B": true, "P": false}, Self: true}
	if u, d := up.Eval(env), down.Eval(env); math.Abs(u-1) > 1e-12 || math.Abs(d-0.6) > 1e-12 {
		t.Errorf("brake and restraint: up %v, down %v; want 1, 0.6", u, d)
	}
	if _, _, err := Modulated(gUp, gDown, 1, 1, []Modulator{{Node: "P", Strength: 0.5, Sign: Activates, Resting: true}}); err == nil {
		t.Error("an activating restraint was accepted")
	}
}
