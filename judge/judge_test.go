package judge

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// bern is the Estimate of N trajectories of which a fraction m sits at 1 and
// the rest at 0: sample variance N/(N−1)·m(1−m), SE = sqrt(m(1−m)/(N−1)).
func bern(m float64, n int) Estimate {
	return Estimate{Mean: m, SE: math.Sqrt(m * (1 - m) / float64(n-1)), N: n}
}

func TestAdjustedSE(t *testing.T) {
	// Hand derivation for an estimate at 0 (or, by symmetry, at 1): Σx = Σx² = 2
	// after the pseudo-trajectories, N' = N+4, so
	// var = (2 − 4/N')/(N'−1) and SE² = var/N' = (2N+4)/((N+4)²(N+3)).
	degenerate := func(n int) float64 {
		f := float64(n)
		return math.Sqrt((2*f + 4) / ((f + 4) * (f + 4) * (f + 3)))
	}
	tests := []struct {
		name string
		e    Estimate
		want float64 // exact value (hand derivation above), or the empirical SE
		tol  float64 // relative tolerance against want
	}{
		{"at 0, N=2000", Estimate{Mean: 0, SE: 0, N: 2000}, degenerate(2000), 1e-12},
		{"at 1, N=2000", Estimate{Mean: 1, SE: 0, N: 2000}, degenerate(2000), 1e-12},
		{"at 0, N=10", Estimate{Mean: 0, SE: 0, N: 10}, degenerate(10), 1e-12},
		{"at 1, N=1", Estimate{Mean: 1, SE: 0, N: 1}, degenerate(1), 1e-12},
		// ≈ √2/(N+4): the relative difference is O(1/N), 0.03% at N = 2000.
		{"at 0 ≈ √2/(N+4)", Estimate{Mean: 0, SE: 0, N: 2000}, math.Sqrt2 / 2004, 1e-3},
		{"at 1 ≈ √2/(N+4)", Estimate{Mean: 1, SE: 0, N: 2000}, math.Sqrt2 / 2004, 1e-3},
		// Non-degenerate estimates keep their empirical SE within 1% at N = 2000.
		{"Bernoulli 0.3", bern(0.3, 2000), bern(0.3, 2000).SE, 0.01},
		{"Bernoulli 0.05", bern(0.05, 2000), bern(0.05, 2000).SE, 0.01},
		// Rarer events move more: at 0.02 (40 of 2000) the SE grows by 2%.
		{"Bernoulli 0.02", bern(0.02, 2000), bern(0.02, 2000).SE, 0.03},
		{"time-averages 0.5 ± 0.004", Estimate{Mean: 0.5, SE: 0.004, N: 2000}, 0.004, 0.01},
		// N = 0: nothing known.
		{"N=0", Estimate{Mean: 0.3, SE: 0.1, N: 0}, 0.5, 0},
		{"N<0", Estimate{Mean: 0.3, SE: 0.1, N: -3}, 0.5, 0},
	}
	for _, tt := range tests {
		got := tt.e.AdjustedSE()
		if !(got > 0) || math.Abs(got-tt.want) > tt.tol*tt.want {
			t.Errorf("%s: AdjustedSE = %.6g, want %.6g (rel. tol %g)", tt.name, got, tt.want, tt.tol)
		}
	}
}

func TestLinear(t *testing.T) {
	a := Estimate{Mean: 0.6, SE: 0.010, N: 2000}
	b := Estimate{Mean: 0.4, SE: 0.011, N: 500}
	c := Estimate{Mean: 0.3, SE: 0.009, N: 1000}
	// (a−b)−(c−b) = a−c: b drops out, with its SE and its small N.
	got := Linear(Term{"a", 1, a}, Term{"b", -1, b}, Term{"c", -1, c}, Term{"b", 1, b})
	want := Diff(a, c)
	if math.Abs(got.Mean-0.3) > 1e-15 || math.Abs(got.SE-want.SE) > 1e-15 || got.N != 1000 {
		t.Errorf("(a−b)−(c−b) = %+v, want %+v", got, want)
	}
	// Hand: SE of a−c = sqrt(AdjSE(a)² + AdjSE(c)²).
	if se := math.Hypot(a.AdjustedSE(), c.AdjustedSE()); math.Abs(want.SE-se) > 1e-15 {
		t.Errorf("Diff SE %g, want %g", want.SE, se)
	}
	// a + a = 2a: the SE doubles (same arm), it does not grow by √2.
	if got := Linear(Term{"a", 1, a}, Term{"a", 1, a}); math.Abs(got.SE-2*a.AdjustedSE()) > 1e-15 || got.Mean != 1.2 {
		t.Errorf("a+a = %+v", got)
	}
	if got := Linear(); got != (Estimate{}) {
		t.Errorf("empty contrast = %+v", got)
	}
}

func TestChange(t *testing.T) {
	tests := []struct {
		name   string
		dir    string
		d      Estimate
		margin float64
		want   Verdict
		reason string // substring of the reason
	}{
		// The example reason of the design brief, reproduced exactly:
		// −0.214 ± 1.96·0.0112 = [−0.236, −0.192].
		{"down, clear", "down", Estimate{Mean: -0.214, SE: 0.0112, N: 2000}, 0, Pass,
			"−0.214 [−0.236, −0.192] exceeds the margin 0.030 and excludes 0"},
		{"up, clear", "up", Estimate{Mean: 0.2, SE: 0.01, N: 2000}, 0.05, Pass, "exceeds the margin 0.050"},
		// Exactly at the margin is not beyond it.
		{"up at the margin", "up", Estimate{Mean: 0.03, SE: 0.001, N: 2000}, 0, Fail, "+0.030 [+0.028, +0.032] does not exceed the margin 0.030"},
		{"down at the margin", "down", Estimate{Mean: -0.03, SE: 0.001, N: 2000}, 0.03, Fail, "does not exceed the margin"},
		// Lower bound exactly 0: the CI includes 0.
		{"CI touching 0", "up", Estimate{Mean: 1.96 * 0.05, SE: 0.05, N: 100}, 0, Fail, "+0.098 [+0.000, +0.196] exceeds the margin 0.030 but its 95% CI includes 0"},
		{"CI touching 0, down", "down", Estimate{Mean: -1.96 * 0.05, SE: 0.05, N: 100}, 0, Fail, "95% CI includes 0"},
		{"wrong direction", "up", Estimate{Mean: -0.2, SE: 0.01, N: 2000}, 0, Fail, "goes down, not up"},
		{"wrong direction, down", "down", Estimate{Mean: 0.2, SE: 0.01, N: 2000}, 0, Fail, "goes up, not down"},
		{"no change", "up", Estimate{Mean: 0, SE: 0.01, N: 2000}, 0, Fail, "goes nowhere, not up"},
		{"unknown direction", "sideways", Estimate{Mean: 0.2, SE: 0.01, N: 2000}, 0, Fail, `unknown direction "sideways"`},
		{"NaN", "up", Estimate{Mean: math.NaN(), SE: 0.01, N: 2000}, 0, Fail, "not a usable number"},
		{"infinite SE", "up", Estimate{Mean: 0.2, SE: math.Inf(1), N: 2000}, 0, Fail, "not a usable number"},
	}
	for _, tt := range tests {
		o := Change(tt.dir, tt.d, tt.margin)
		if o.Verdict != tt.want || !strings.Contains(o.Reason, tt.reason) {
			t.Errorf("%s: %s %q, want %s with %q", tt.name, o.Verdict, o.Reason, tt.want, tt.reason)
		}
		if tt.margin <= 0 && o.Margin != DefaultMargin {
			t.Errorf("%s: margin %g, want the default", tt.name, o.Margin)
		}
		if _, err := json.Marshal(o); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestEquivalent(t *testing.T) {
	tests := []struct {
		name   string
		d      Estimate
		margin float64
		want   Verdict
		reason string
	}{
		// 0.005 ± 1.645·0.005 = [−0.003, +0.013], inside ±0.030.
		{"tight", Estimate{Mean: 0.005, SE: 0.005, N: 2000}, 0, Pass, "+0.005 [−0.003, +0.013]: the 90% CI is inside ±0.030"},
		// A mean of 0 proves nothing when the CI is wide: 0 ± 1.645·0.05 = ±0.082.
		{"wide CI, mean 0", Estimate{Mean: 0, SE: 0.05, N: 100}, 0, Fail, "+0.000 [−0.082, +0.082]: the 90% CI is not inside ±0.030"},
		{"shifted", Estimate{Mean: 0.025, SE: 0.005, N: 2000}, 0, Fail, "not inside ±0.030"},
		{"wider margin", Estimate{Mean: 0.025, SE: 0.005, N: 2000}, 0.05, Pass, "inside ±0.050"},
		{"NaN", Estimate{Mean: 0, SE: math.NaN(), N: 2000}, 0, Fail, "not a usable number"},
	}
	for _, tt := range tests {
		o := Equivalent(tt.d, tt.margin)
		if o.Verdict != tt.want || !strings.Contains(o.Reason, tt.reason) || o.Level != 0.90 {
			t.Errorf("%s: %s %q (level %g), want %s with %q", tt.name, o.Verdict, o.Reason, o.Level, tt.want, tt.reason)
		}
	}
}

func TestSame(t *testing.T) {
	floor := Estimate{Mean: 0, SE: 0, N: 2000} // every trajectory at 0
	stuck := Diff(floor, floor)                // two arms both floored: mean 0, tiny adjusted SE
	flatCtrl := Diff(floor, floor)
	movingUp := Diff(Estimate{Mean: 0.3, SE: 0.0102, N: 2000}, floor)
	movingDown := Diff(floor, Estimate{Mean: 0.3, SE: 0.0102, N: 2000})
	small := Diff(Estimate{Mean: 0.41, SE: 0.005, N: 2000}, Estimate{Mean: 0.40, SE: 0.005, N: 2000}) // +0.010 ± 0.012 (90%)
	wide := Diff(Estimate{Mean: 0.42, SE: 0.011, N: 2000}, Estimate{Mean: 0.40, SE: 0.011, N: 2000})  // +0.020 ± 0.026 (90%)
	tests := []struct {
		name    string
		d       Estimate
		control *Estimate
		want    Verdict
		reason  string
	}{
		{"floored, no control", stuck, nil, Uninformative, "no positive control"},
		{"floored, unmoving control", stuck, &flatCtrl, Uninformative,
			"the readout does not move in this setting (positive control +0.000"},
		{"floored, moving control", stuck, &movingUp, Pass, "while the positive control moves +0.300"},
		{"small difference, moving control", small, &movingUp, Pass, "inside ±0.030"},
		{"control moving down", small, &movingDown, Pass, "moves −0.300"},
		{"wide difference, moving control", wide, &movingUp, Fail, "not inside ±0.030"},
		{"small difference, no control", small, nil, Uninformative, "no positive control"},
	}
	for _, tt := range tests {
		o := Same(tt.d, tt.control, 0)
		if o.Verdict != tt.want || !strings.Contains(o.Reason, tt.reason) {
			t.Errorf("%s: %s %q, want %s with %q", tt.name, o.Verdict, o.Reason, tt.want, tt.reason)
		}
		if o.Stat != tt.d.Mean || o.Level != 0.90 {
			t.Errorf("%s: statistic %g at level %g, want %g at 0.90", tt.name, o.Stat, o.Level, tt.d.Mean)
		}
	}
}

func TestNum(t *testing.T) {
	for x, want := range map[float64]string{0.2144: "+0.214", -0.2144: "−0.214", -0.0001: "+0.000", 0: "+0.000"} {
		if got := num(x); got != want {
			t.Errorf("num(%g) = %q, want %q", x, got, want)
		}
	}
}
