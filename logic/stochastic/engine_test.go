package stochastic

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/model"
)

// bndNet reads a model from .bnd and cfg texts.
func bndNet(t testing.TB, bnd, cfg string) (*model.Network, map[string]float64) {
	t.Helper()
	m, err := maboss.ParseBnd("test.bnd", bnd)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyCfg("test.cfg", cfg); err != nil {
		t.Fatal(err)
	}
	net, err := m.Network("test")
	if err != nil {
		t.Fatal(err)
	}
	params, err := maboss.ParamValues(net.Params)
	if err != nil {
		t.Fatal(err)
	}
	return net, params
}

// TestFinalOnly: a node switching on and off at rate 1 from off is on at
// time 1 with probability (1 − e⁻²)/2 = 0.4323 (FinalOnly, like MaBoSS
// --final), and on for a fraction 0.4251 of the last window [0.9, 1) on
// average (full statistics). The two differ by 6 standard errors at
// 200,000 samples, so each mode must compute its own quantity.
func TestFinalOnly(t *testing.T) {
	net, params := bndNet(t, "Node A { rate_up = 1; rate_down = 1; }\nNode B { logic = A; rate_up = @logic ? 1 : 0; rate_down = @logic ? 0 : 1; }\n",
		"A.istate = 0; B.istate = 0;")
	const n = 200000
	final := (1 - math.Exp(-2)) / 2
	window := (0.05 + (math.Exp(-2)-math.Exp(-1.8))/4) / 0.1
	for _, c := range []struct {
		finalOnly bool
		want      float64
	}{{true, final}, {false, window}} {
		res, err := Simulate(context.Background(), net, params, Options{Samples: n, MaxTime: 1, TimeTick: 0.1, Seed: 3, FinalOnly: c.finalOnly, Series: []string{"A"}})
		if err != nil {
			t.Fatal(err)
		}
		se := math.Sqrt(c.want * (1 - c.want) / n)
		got := res.FinalNodes["A"]
		if math.Abs(got-c.want) > 4*se {
			t.Errorf("FinalOnly %v: P(A) = %.4f, want %.4f ± %.4f", c.finalOnly, got, c.want, se)
		}
		// The output states agree with the node probabilities, and with
		// the series of A.
		p := 0.0
		for _, s := range res.States {
			if strings.Contains(s.Label, "A") {
				p += s.Prob[len(s.Prob)-1]
			}
		}
		if a := res.Nodes["A"]; math.Abs(p-got) > 1e-9 || math.Abs(a[len(a)-1]-got) > 1e-9 {
			t.Errorf("FinalOnly %v: P(A) %.6f from the states, %.6f from the series, %.6f from the nodes", c.finalOnly, p, a[len(a)-1], got)
		}
		if c.finalOnly {
			if len(res.Times) != 1 || res.Times[0] != 1 || !res.FinalOnly {
				t.Errorf("FinalOnly: times %v", res.Times)
			}
			for _, s := range res.States {
				q := s.Prob[0]
				if want := math.Sqrt(q * (1 - q) / (n - 1)); math.Abs(s.Err[0]-want) > 1e-12 {
					t.Errorf("FinalOnly: %s error %g, binomial %g", s.Label, s.Err[0], want)
				}
			}
		}
	}
}

// TestManyBlocks: the cell-fate model with 50 inert nodes declared before
// it (so that its 28 nodes straddle two 64-node blocks of the active set)
// gives the same trajectories as the model alone: the choice of the
// flipping node and the total rate do not depend on how nodes fall into
// blocks beyond rounding.
func TestManyBlocks(t *testing.T) {
	dir := external.Dir(t, "maboss")
	bnd, err := os.ReadFile(filepath.Join(dir, "CellFateModel/CellFateModel.bnd"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "CellFateModel/CellFateModel_1.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	var pad, padCfg strings.Builder
	for i := range 50 {
		fmt.Fprintf(&pad, "Node Z%d { rate_up = 0; rate_down = 0; }\n", i)
		fmt.Fprintf(&padCfg, "Z%d.istate = 0; Z%d.is_internal = 1;\n", i, i)
	}
	opt := Options{Samples: 20000, MaxTime: 100, TimeTick: 0.1, Seed: 5, Series: []string{"NFkB", "CASP3"}}
	plainNet, plainParams := bndNet(t, string(bnd), string(cfg)+"$XIAP_del = FALSE;")
	padNet, padParams := bndNet(t, pad.String()+string(bnd), padCfg.String()+string(cfg)+"$XIAP_del = FALSE;")
	plain, err := Simulate(context.Background(), plainNet, plainParams, opt)
	if err != nil {
		t.Fatal(err)
	}
	padded, err := Simulate(context.Background(), padNet, padParams, opt)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Transitions != padded.Transitions || len(plain.States) != len(padded.States) {
		t.Fatalf("padded: %d transitions, %d states; alone %d, %d", padded.Transitions, len(padded.States), plain.Transitions, len(plain.States))
	}
	worst := 0.0
	for i, s := range plain.States {
		for w, p := range s.Prob {
			worst = max(worst, math.Abs(p-padded.States[i].Prob[w]))
		}
	}
	for _, id := range opt.Series {
		for w, p := range plain.Nodes[id] {
			worst = max(worst, math.Abs(p-padded.Nodes[id][w]))
		}
	}
	if worst > 1e-9 {
		t.Errorf("padded model differs by up to %g", worst)
	}
}

// TestLargeModels: the synthetic 1,000-node model (testdata/synth1000, from
// testdata/synth) and one whose nodes read 22 others each (beyond rate
// tables, evaluated from their expressions) run, with probabilities that
// sum to 1 and do not depend on the number of workers.
func TestLargeModels(t *testing.T) {
	bnd, err := os.ReadFile("testdata/synth1000.bnd")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/synth1000.cfg")
	if err != nil {
		t.Fatal(err)
	}
	// The generator's default formula on 100 nodes: s = 10, 22 inputs.
	var wide, wideCfg strings.Builder
	for i := range 100 {
		var up, down []string
		for j := 1; j <= 10; j++ {
			up = append(up, fmt.Sprintf("N%d", (i-j+100)%100))
			down = append(down, fmt.Sprintf("N%d", (i+j)%100))
		}
		fmt.Fprintf(&wide, "Node N%d { logic = (!N%d & %s & !N%d) | (!(N%d & %s) & N%d); rate_up = @logic ? 1 : 0; rate_down = @logic ? 0 : 1; }\n",
			i, i, strings.Join(up, " & "), (i-11+100)%100, i, strings.Join(down, " & "), i)
		fmt.Fprintf(&wideCfg, "N%d.istate = %d; N%d.is_internal = %d;\n", i, map[bool]int{true: 1}[i < 10], i, map[bool]int{true: 0, false: 1}[i%20 == 0])
	}
	for _, m := range []struct{ name, bnd, cfg string }{
		{"synth1000", string(bnd), string(cfg)},
		{"22 inputs", wide.String(), wideCfg.String()},
	} {
		net, params := bndNet(t, m.bnd, m.cfg)
		var prev *Result
		for _, workers := range []int{1, 2} {
			res, err := Simulate(context.Background(), net, params, Options{Samples: 300, MaxTime: 100, TimeTick: 5, Seed: 1, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for _, s := range res.States {
				sum += s.Prob[len(s.Prob)-1]
			}
			if math.Abs(sum-1) > 1e-9 || res.Transitions < 300 {
				t.Errorf("%s: probabilities sum to %g, %d transitions", m.name, sum, res.Transitions)
			}
			if prev != nil && (prev.Transitions != res.Transitions || fmt.Sprint(prev.Final()) != fmt.Sprint(res.Final())) {
				t.Errorf("%s: 2 workers differ from 1", m.name)
			}
			prev = res
		}
	}
}
