package judge

import (
	"math"
	"strings"
	"testing"
)

func series(means ...float64) []Estimate {
	out := make([]Estimate, len(means))
	for i, m := range means {
		out[i] = bern(m, 500)
	}
	return out
}

func TestTrend(t *testing.T) {
	doses := func(n int) []float64 { // 0, 1, 3, 10, ... nM
		d := []float64{0, 1e-9, 3e-9, 1e-8, 3e-8, 1e-7, 3e-7, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4}
		return d[:n]
	}
	tests := []struct {
		name   string
		dir    string
		doses  []float64
		values []Estimate
		want   Verdict
		p      float64 // the reported p (0: not tested)
		reason string
	}{
		// Perfectly monotone over 4 doses: exact p = 2/4! = 0.083, never
		// significant (see TestSpearmanExact).
		{"4 doses, monotone", "down", doses(4), series(0.8, 0.6, 0.4, 0.2), Fail, 2.0 / 24,
			"ρ = −1.000 over 4 doses, exact p = 0.083, not below 0.05"},
		// Over 6 doses: p = 2/6! = 0.0028.
		{"6 doses, monotone", "down", doses(6), series(0.8, 0.7, 0.5, 0.4, 0.3, 0.1), Pass, 2.0 / 720,
			"ρ = −1.000 over 6 doses, exact p = 0.0028 < 0.05: the readout falls with dose"},
		{"6 doses, rising", "up", doses(6), series(0.1, 0.2, 0.4, 0.5, 0.7, 0.8), Pass, 2.0 / 720, "rises with dose"},
		// One adjacent swap among 6: ρ = 1 − 6·2/210 = 0.943; p = 2·6/720.
		{"6 doses, one swap", "up", doses(6), series(0.1, 0.2, 0.5, 0.4, 0.7, 0.8), Pass, 12.0 / 720, "ρ = +0.943"},
		{"wrong direction", "up", doses(6), series(0.8, 0.7, 0.5, 0.4, 0.3, 0.1), Fail, 2.0 / 720, "does not rise with dose"},
		// t approximation beyond 10 doses.
		{"12 doses", "up", doses(12), series(0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65), Pass, 0,
			"p (t approximation)"},
		// Series that cannot show a trend.
		{"floored", "down", doses(6), series(0.3, 0.1, 0, 0, 0, 0), Uninformative, 0, "4 of 6 means are at the floor (≤ 0.030)"},
		{"ceiling", "up", doses(5), series(0.5, 0.99, 1, 1, 1), Uninformative, 0, "4 of 5 means are at the ceiling (≥ 0.970)"},
		// A rising series that starts at the floor is not floored: it has
		// room to rise (and the floor says nothing against it).
		{"rising from the floor", "up", doses(6), series(0, 0, 0, 0.01, 0.3, 0.8), Pass, 0, "exact p"},
		{"flat", "down", doses(5), series(0.50, 0.51, 0.49, 0.50, 0.495), Uninformative, 0, "the means span only 0.020"},
		{"2 doses", "down", doses(2), series(0.8, 0.1), Uninformative, 0, "only 2 doses"},
		// Bad input.
		{"unknown direction", "higher", doses(6), series(0.1, 0.2, 0.4, 0.5, 0.7, 0.8), Fail, 0, `unknown direction "higher"`},
		{"lengths", "up", doses(6), series(0.1, 0.2), Fail, 0, "6 doses but 2 values"},
		{"NaN", "up", doses(3), series(0.1, math.NaN(), 0.3), Fail, 0, "not a usable number"},
	}
	for _, tt := range tests {
		o := Trend(tt.dir, tt.doses, tt.values, 0)
		if o.Verdict != tt.want || !strings.Contains(o.Reason, tt.reason) {
			t.Errorf("%s: %s %q, want %s with %q", tt.name, o.Verdict, o.Reason, tt.want, tt.reason)
		}
		if tt.p != 0 && math.Abs(o.P-tt.p) > 1e-12 {
			t.Errorf("%s: p = %g, want %g", tt.name, o.P, tt.p)
		}
		if o.CI != [2]float64{} || o.Margin != DefaultMargin {
			t.Errorf("%s: CI %v margin %g, want none and the default", tt.name, o.CI, o.Margin)
		}
	}
}
