package claims

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

func val(v, se float64) judge.Estimate { return judge.Estimate{Mean: v, SE: se, N: 2000} }

// TestJudge checks the claims' use of the judge on measured arms: margins,
// intervals, several reference arms, stronger_than, and "same" that needs
// a positive control.
func TestJudge(t *testing.T) {
	r := &Result{paths: experiment.Measured{
		"control": {"P": val(0.80, 0.005)},
		"a":       {"P": val(0.50, 0.005)},
		"b":       {"P": val(0.60, 0.005)},
		"tiny":    {"P": val(0.79, 0.005)},
		"noisy":   {"P": val(0.70, 0.1)},
		"floor1":  {"P": val(0, 0)},
		"floor2":  {"P": val(0, 0)},
	}, sources: map[string][]string{}}
	c := &kb.Claim{}
	tests := []struct {
		x    kb.Expectation
		want judge.Verdict
	}{
		{kb.Expectation{Readout: "P", Change: "down", Arm: "a", Vs: []string{"control"}}, judge.Pass},
		{kb.Expectation{Readout: "P", Change: "up", Arm: "a", Vs: []string{"control"}}, judge.Fail},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "tiny", Vs: []string{"control"}}, judge.Fail},  // below the margin
		{kb.Expectation{Readout: "P", Change: "down", Arm: "noisy", Vs: []string{"control"}}, judge.Fail}, // CI includes 0
		{kb.Expectation{Readout: "P", Change: "same", Arm: "tiny", Vs: []string{"control"}}, judge.Pass},  // arm a moves it
		{kb.Expectation{Readout: "P", Change: "same", Arm: "floor1", Vs: []string{"floor2"}, Control: "floor2"}, judge.Uninformative},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "a", Vs: []string{"control"}, StrongerThan: &kb.Comparison{Arm: "b", Vs: "control"}}, judge.Pass},
		{kb.Expectation{Readout: "P", Change: "down", Arm: "b", Vs: []string{"control"}, StrongerThan: &kb.Comparison{Arm: "a", Vs: "control"}}, judge.Fail},
		{kb.Expectation{Readout: "Q", Change: "down", Arm: "a", Vs: []string{"control"}}, judge.Fail}, // not measured
	}
	net, err := model.New("t", []model.Node{{ID: "P", Kind: model.Input}, {ID: "Q", Kind: model.Input}})
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if got := r.judge(net, c, tt.x, 0.03); got.Verdict != tt.want {
			t.Errorf("case %d (%s): %s, want %s (%s)", i, tt.x.Describe(), got.Verdict, tt.want, got.Reason)
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
	if len(rep.Claims) != 3 || !rep.Complete {
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
