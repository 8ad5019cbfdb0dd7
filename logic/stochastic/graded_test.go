package stochastic

import (
	"context"
	"errors"
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
	nodes, init, terms := wide(k, func(i int) bool { return i%4 == 0 })
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

// TestStopMidTrajectory: a cancelled run stops inside a long trajectory
// (within 4,096 transitions), not at the end of its chunk, and Simulate
// then reports the finished chunks only, with Complete false (issue 11,
// item 5).
func TestStopMidTrajectory(t *testing.T) {
	// A = !A flips forever: one trajectory up to time 1e6 makes ~1e6 flips.
	net, err := model.New("osc", []model.Node{{ID: "A", Kind: model.Gene, Rule: expr.MustParse("!A")}})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Samples: 1, MaxTime: 1e6, TimeTick: 1e3, Seed: 1}
	if err := opt.defaults(); err != nil {
		t.Fatal(err)
	}
	p, err := prepare(net, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rc := &runConfig{p: p, opt: opt, windows: 1000}
	acc := newAccumulator(rc)
	sim := newSimulator(rc)
	done := make(chan struct{})
	close(done)
	sim.done = done
	if err := sim.run(acc, 0, 1); !errors.Is(err, errStopped) || acc.transitions > 4096 {
		t.Fatalf("run = %v after %d transitions; want errStopped within 4096", err, acc.transitions)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Simulate(ctx, net, nil, Options{Samples: 3, MaxTime: 1e6, TimeTick: 1e3, Seed: 1})
	if err != nil || res.Complete || res.Samples != 0 {
		t.Errorf("Simulate cancelled = %+v, %v; want 0 trajectories, incomplete", res, err)
	}
}

// TestRateErrors: a negative rate stops the run with a RateError naming
// the node, the rate and the state, instead of being simulated as 0, on
// both paths for nodes too wide for one table: a rate that reads more nodes
// than a table holds is checked when it is evaluated, and a two-stage
// node's rate table when it is built (its state then gives the logic's
// value).
func TestRateErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		width     int
		on        func(int) bool
		rule, up  func(terms []string) string
		rate      float64
		wantState string
	}{
		{"slow", maxTableInputs + 2, func(i int) bool { return i == 0 },
			func(terms []string) string { return strings.Join(terms, " | ") },
			func(terms []string) string { return strings.Join(terms, " + ") + " - 3" },
			-2, "Aa=1, Ab=0"},
		{"two-stage", maxTableInputs + 1, func(int) bool { return false },
			func(terms []string) string { return strings.Join(terms[:maxTableInputs], " | ") },
			func(terms []string) string { return "(@logic ? 1 : 0) - 0.5 * " + terms[maxTableInputs] },
			-0.5, "@logic=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nodes, init, terms := wide(tc.width, tc.on)
			nodes[0].Rule = expr.MustParse(tc.rule(terms))
			nodes[0].Up = expr.MustParse(tc.up(terms))
			nodes[0].Down = expr.Const(1)
			net, err := model.NewWith("g", nodes, nil, init)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Simulate(context.Background(), net, nil, Options{Samples: 10, MaxTime: 5})
			var re *RateError
			if !errors.As(err, &re) || re.Node != "X" || re.Which != "rate_up" || re.Rate != tc.rate || !strings.Contains(re.State, tc.wantState) {
				t.Fatalf("err = %v, want X's rate_up of %g (%s) as a RateError", err, tc.rate, tc.wantState)
			}
		})
	}
}

// wide returns a node X (rule and rates left to the caller) with k input
// nodes Aa, Ab, ..., input i starting on when on(i), and the inputs' names.
func wide(k int, on func(int) bool) ([]model.Node, []model.InitGroup, []string) {
	var terms []string
	nodes := []model.Node{{ID: "X", Kind: model.Gene}}
	var init []model.InitGroup
	for i := range k {
		id := "A" + string(rune('a'+i))
		terms = append(terms, id)
		nodes = append(nodes, model.Node{ID: id, Kind: model.Input})
		init = append(init, model.InitGroup{Nodes: []string{id}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{on(i)}}}})
	}
	return nodes, init, terms
}

// TestTwoStageRates: a node whose logic reads 16 nodes and whose rates read
// two brakes besides (TBK1's shape: 19 nodes, more than one table holds) is
// tabulated in two stages, and after every flip of a random walk its rate,
// like every node's, equals its expressions evaluated on the state.
func TestTwoStageRates(t *testing.T) {
	nodes, init, terms := wide(maxTableInputs+2, func(i int) bool { return i%3 == 0 })
	brakes := terms[maxTableInputs:]
	rule := "(" + strings.Join(terms[:8], " | ") + ") & !(" + strings.Join(terms[8:maxTableInputs], " & ") + ")"
	nodes[0].Rule = expr.MustParse(rule)
	nodes[0].Up = expr.MustParse("(@logic ? 1 : 0) * (1 - 0.5 * " + brakes[0] + ") * (1 - 0.25 * " + brakes[1] + ")")
	nodes[0].Down = expr.MustParse("1 - (@logic ? 1 : 0) * (1 - 0.5 * " + brakes[0] + ")")
	// Y reads X, so X's flips re-rate a table node too.
	nodes = append(nodes, model.Node{ID: "Y", Kind: model.Gene, Rule: expr.MustParse("X & " + terms[0])})
	net, err := model.NewWith("g", nodes, nil, init)
	if err != nil {
		t.Fatal(err)
	}
	p, err := prepare(net, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.rates[0] == nil || p.logicBit[0] == 0 || len(p.ldeps[0]) != maxTableInputs || len(p.tdeps[0]) != 3 {
		t.Fatalf("X: table %v, logic bit %d, %d logic inputs, %d rate inputs; want two stages (16, 3)", p.rates[0] != nil, p.logicBit[0], len(p.ldeps[0]), len(p.tdeps[0]))
	}
	opt := Options{Samples: 1, MaxTime: 1, TimeTick: 1, FinalOnly: true}
	if err := opt.defaults(); err != nil {
		t.Fatal(err)
	}
	rc := &runConfig{p: p, opt: opt, windows: 1}
	acc, s := newAccumulator(rc), newSimulator(rc)
	s.rng.seed(3)
	s.initial()
	s.start()
	for step := range 3000 {
		for i := range net.Nodes {
			nd := &net.Nodes[i]
			env := &stateEnv{p: p, state: s.state}
			env.logic = nd.Rule != nil && nd.Rule.Eval(env) != 0
			up, down := nd.Rates()
			want := up.Eval(env)
			if s.on(i) {
				want = down.Eval(env)
			}
			if s.rho[i] != want {
				t.Fatalf("step %d: %s's rate is %g, its expressions give %g", step, nd.ID, s.rho[i], want)
			}
		}
		s.flip(acc, int(s.rng.float()*float64(len(net.Nodes))), 0)
	}
}
