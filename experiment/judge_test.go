package experiment

import (
	"strings"
	"testing"

	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
)

func est(v float64) judge.Estimate { return judge.Estimate{Mean: v, SE: 0.005, N: 2000} }

func TestJudgeCases(t *testing.T) {
	m := Measured{
		"control":               {"P": est(0.80)},
		"a":                     {"P": est(0.50)},
		"b":                     {"P": est(0.51)},
		"combo":                 {"P": est(0.20)},
		ShamArm("a"):            {"P": est(0.35)},
		ShamArm("b"):            {"P": est(0.36)},
		"weak":                  {"P": est(0.70)},
		ShamArm("weak"):         {"P": est(0.60)},
		"floor1":                {"P": est(0.01)},
		"floor2":                {"P": est(0.00)},
		"cut X in a at control": {"P": est(0.10)},
		"tiny":                  {"P": est(0.79)},
	}
	tests := []struct {
		name   string
		x      kb.Expectation
		want   judge.Verdict
		reason string
	}{
		{"hsa beats the singles but the sham does too", kb.Expectation{Readout: "P", Arm: "combo", Vs: []string{"a", "b"}, Change: "down", Criterion: "hsa"}, judge.Uninformative, "the sham pair passes the hsa criterion too"},
		{"loewe: beats each drug at twice its dose", kb.Expectation{Readout: "P", Arm: "combo", Vs: []string{"a", "b"}, Change: "down", Criterion: "loewe"}, judge.Pass, "Loewe excess +0.150"},
		{"loewe needs an equipotent design", kb.Expectation{Readout: "P", Arm: "combo", Vs: []string{"a", "weak"}, Change: "down", Criterion: "loewe"}, judge.Uninformative, "not an equipotent design"},
		// Bliss expects 0.5·0.51/0.8 = 0.319: excess +0.119; each sham (0.35
		// vs 0.5²/0.8 = 0.3125) is antagonistic, so the criterion discriminates.
		{"bliss", kb.Expectation{Readout: "P", Arm: "combo", Vs: []string{"a", "b"}, Change: "down", Criterion: "bliss"}, judge.Pass, "Bliss excess +0.119"},
		{"same at the floor", kb.Expectation{Readout: "P", Arm: "floor1", Vs: []string{"floor2"}, Change: "same"}, judge.Uninformative, "both at the floor"},
		{"same with a positive control", kb.Expectation{Readout: "P", Arm: "tiny", Vs: []string{"control"}, Change: "same"}, judge.Pass, "positive control a"},
		{"unmeasured readout", kb.Expectation{Readout: "Q", Arm: "a", Vs: []string{"control"}, Change: "down"}, judge.Fail, "Q was not measured"},
	}
	for _, tt := range tests {
		j := Judge(tt.x, m, 0)
		if j.Verdict != tt.want || !strings.Contains(j.Reason, tt.reason) {
			t.Errorf("%s: %s (%s), want %s with %q", tt.name, j.Verdict, j.Reason, tt.want, tt.reason)
		}
	}
	// A mechanism cut is never a positive control.
	if _, name := positiveControl(kb.Expectation{Readout: "P", Arm: "tiny"}, Measured{"cut X in a at control": {"P": est(0.1)}, "control": {"P": est(0.8)}}, "control", est(0.8), 0.03); name != "" {
		t.Errorf("positive control %q", name)
	}
}
