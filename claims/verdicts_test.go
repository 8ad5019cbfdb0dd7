package claims

import (
	"strings"
	"testing"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/judge"
)

func report(verdicts ...judge.Verdict) *Report {
	r := &Report{Claims: []Result{{ID: "C01"}}}
	for _, v := range verdicts {
		r.Claims[0].Checks = append(r.Claims[0].Checks, Check{Expect: "x", Judgement: experiment.Judgement{Verdict: v}})
	}
	return r
}

func TestCompareVerdicts(t *testing.T) {
	tests := []struct {
		file       string
		got        []judge.Verdict
		regr, impr int
	}{
		{"C01\t0\tpass\n", []judge.Verdict{judge.Pass}, 0, 0},
		{"C01\t0\tpass\n", []judge.Verdict{judge.Uninformative}, 1, 0},
		{"C01\t0\tpass\n", []judge.Verdict{judge.Fail}, 1, 0},
		{"C01\t0\tfail\n", []judge.Verdict{judge.Pass}, 0, 1},
		{"C01\t0\tfail\n", []judge.Verdict{judge.Uninformative}, 0, 0},
		{"C01\t0\tpass\nC01\t1\tpass\n", []judge.Verdict{judge.Pass}, 1, 0}, // a check that disappeared
		{"# comment\nC01\t0\tuninformative\n", []judge.Verdict{judge.Pass, judge.Fail}, 0, 2},
		{"C01\t0\tpass\tsomething else\n", []judge.Verdict{judge.Pass}, 1, 0}, // the claim record changed
		{"C01\t0\tpass\tx\n", []judge.Verdict{judge.Pass}, 0, 0},
	}
	for i, tt := range tests {
		want, err := ReadVerdicts("v.tsv", strings.NewReader(tt.file))
		if err != nil {
			t.Fatal(err)
		}
		regr, impr := report(tt.got...).Compare(want, false)
		if len(regr) != tt.regr || len(impr) != tt.impr {
			t.Errorf("case %d: regressions %q, improvements %q", i, regr, impr)
		}
	}
	// A claim missing from a run of every claim is a regression; from a
	// run of some claims (-only) it is not.
	want, _ := ReadVerdicts("v.tsv", strings.NewReader("C01\t0\tpass\nC02\t0\tpass\n"))
	if regr, _ := report(judge.Pass).Compare(want, true); len(regr) != 1 {
		t.Errorf("missing claim, all run: %q", regr)
	}
	if regr, _ := report(judge.Pass).Compare(want, false); len(regr) != 0 {
		t.Errorf("missing claim, -only: %q", regr)
	}
	var b strings.Builder
	report(judge.Pass, judge.Fail).WriteVerdicts(&b)
	back, err := ReadVerdicts("w", strings.NewReader(b.String()))
	if err != nil || back["C01/0"].Verdict != judge.Pass || back["C01/1"].Verdict != judge.Fail || back["C01/0"].Expect != "x" {
		t.Errorf("round trip %v %v", back, err)
	}
	for _, bad := range []string{"C01\tx\tpass\n", "C01\t0\n", "C01\t0\tmaybe\n"} {
		if _, err := ReadVerdicts("v.tsv", strings.NewReader(bad)); err == nil || !strings.HasPrefix(err.Error(), "v.tsv:1: ") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzReadVerdicts(f *testing.F) {
	f.Add("C01\t0\tpass\tRELA ↓\n")
	f.Add("# x\nC02\t3\tuninformative\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ReadVerdicts("f", strings.NewReader(s))
		if err == nil {
			report(judge.Pass).Compare(v, true)
		}
	})
}
