package judge

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBlissExcess(t *testing.T) {
	e := func(m float64) Estimate { return bern(m, 2000) }
	// Hill curve y = y₀/(1 + (c/IC50)^h), y₀ = 0.8, h = 3, c = IC50: a single
	// "agent" gives 0.4 and the sham pair (dose 2c) 0.8/(1+8).
	sham := 0.8 / 9
	tests := []struct {
		name                 string
		dir                  string
		combo, a, b, control float64
		want                 float64 // hand derivation
	}{
		// Bliss exactly: y_ab = 0.5·0.6/0.8 = 0.375.
		{"down, independent", "down", 0.375, 0.5, 0.6, 0.8, 0},
		// 0.375 − 0.3.
		{"down, synergy", "down", 0.3, 0.5, 0.6, 0.8, 0.075},
		// 1 − 0.5·0.6/0.8 = 0.625.
		{"up, independent", "up", 0.625, 0.5, 0.4, 0.2, 0},
		// 0.7 − 0.625.
		{"up, synergy", "up", 0.7, 0.5, 0.4, 0.2, 0.075},
		// 0.625 − 0.7: less than independent action.
		{"up, antagonism", "up", 0.55, 0.5, 0.4, 0.2, -0.075},
		// The sham combination of doc.go: 0.4·0.4/0.8 − 0.8/9 = +0.111.
		{"sham, steep Hill", "down", sham, 0.4, 0.4, 0.8, 0.2 - sham},
		// Control at 0 ("down"): y₀ guarded to 1/(N+4), excess 0.1·0.1·2004 − 0.
		{"down, control at 0", "down", 0, 0.1, 0.1, 0, 0.01 * 2004},
	}
	for _, tt := range tests {
		ctrl := e(tt.control)
		if tt.control == 0 {
			ctrl = Estimate{Mean: 0, SE: 0, N: 2000}
		}
		got := BlissExcess(tt.dir, e(tt.combo), e(tt.a), e(tt.b), ctrl)
		if math.Abs(got.Mean-tt.want) > 1e-12 || !(got.SE > 0) || math.IsInf(got.SE, 0) || got.N != 2000 {
			t.Errorf("%s: %+v, want mean %g with a finite SE > 0", tt.name, got, tt.want)
		}
	}
	if got := BlissExcess("sideways", e(0.3), e(0.5), e(0.6), e(0.8)); !math.IsNaN(got.Mean) {
		t.Errorf("unknown direction: %+v, want NaN", got)
	}
}

// The delta-method 95% CI of the Bliss excess covers the true excess 0 in
// about 95% of simulated experiments whose arms satisfy Bliss exactly.
func TestBlissCoverage(t *testing.T) {
	const n, reps = 2000, 1000
	// One arm of n trajectories that are each at 1 with probability p
	// (Bernoulli), summarised as Mean and the SE of the mean (N−1 variance).
	arm := func(rng *rand.Rand, p float64) Estimate {
		k := 0
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		m := float64(k) / n
		return Estimate{Mean: m, SE: math.Sqrt(m * (1 - m) / (n - 1)), N: n}
	}
	tests := []struct {
		dir             string
		y0, ya, yb, yab float64
	}{
		{"down", 0.8, 0.5, 0.6, 0.5 * 0.6 / 0.8},           // y_ab = y_a·y_b/y₀
		{"up", 0.2, 0.5, 0.4, 1 - (1-0.5)*(1-0.4)/(1-0.2)}, // 1−y_ab = (1−y_a)(1−y_b)/(1−y₀)
	}
	for i, tt := range tests {
		rng := rand.New(rand.NewPCG(2024, uint64(i)))
		covered := 0
		for range reps {
			ex := BlissExcess(tt.dir, arm(rng, tt.yab), arm(rng, tt.ya), arm(rng, tt.yb), arm(rng, tt.y0))
			if ex.Mean-1.96*ex.SE <= 0 && 0 <= ex.Mean+1.96*ex.SE {
				covered++
			}
		}
		t.Logf("%s: coverage %.3f", tt.dir, float64(covered)/reps)
		// Binomial SD of the coverage over 1000 repeats is 0.007.
		if c := float64(covered) / reps; c < 0.92 || c > 0.98 {
			t.Errorf("%s: 95%% CI covers the true excess 0 in %.3f of %d repeats, want 0.92–0.98", tt.dir, c, reps)
		}
	}
}

func TestHSAExcess(t *testing.T) {
	a, b := Estimate{Mean: 0.5, SE: 0.01, N: 2000}, Estimate{Mean: 0.6, SE: 0.012, N: 1000}
	tests := []struct {
		name     string
		dir      string
		combo    Estimate
		want     float64  // hand: against the stronger single agent
		stronger Estimate // the arm whose SE enters
		n        int
	}{
		{"down", "down", Estimate{Mean: 0.3, SE: 0.01, N: 2000}, 0.5 - 0.3, a, 2000},
		{"down, no better", "down", Estimate{Mean: 0.55, SE: 0.01, N: 2000}, 0.5 - 0.55, a, 2000},
		{"up", "up", Estimate{Mean: 0.7, SE: 0.01, N: 2000}, 0.7 - 0.6, b, 1000},
	}
	for _, tt := range tests {
		got := HSAExcess(tt.dir, tt.combo, a, b)
		se := math.Hypot(tt.combo.AdjustedSE(), tt.stronger.AdjustedSE())
		if math.Abs(got.Mean-tt.want) > 1e-12 || math.Abs(got.SE-se) > 1e-15 || got.N != tt.n {
			t.Errorf("%s: %+v, want mean %g SE %g N %d", tt.name, got, tt.want, se, tt.n)
		}
	}
	// The sham pair of doc.go (0.4 alone, 0.8/9 together) is an HSA excess of
	// its own dose response, 0.4 − 0.089.
	if got := HSAExcess("down", Estimate{Mean: 0.8 / 9, SE: 0.005, N: 2000}, Estimate{Mean: 0.4, SE: 0.01, N: 2000}, Estimate{Mean: 0.4, SE: 0.01, N: 2000}); math.Abs(got.Mean-(0.4-0.8/9)) > 1e-12 {
		t.Errorf("sham HSA excess %g", got.Mean)
	}
	if got := HSAExcess("", a, a, b); !math.IsNaN(got.Mean) {
		t.Errorf("unknown direction: %+v, want NaN", got)
	}
}

func TestSynergy(t *testing.T) {
	tests := []struct {
		name, criterion, dir string
		combo, a, b, ctrl    float64
		n                    int // trajectories per arm; 0 means 2000
		want                 Verdict
		reason               string
	}{
		// Bliss excess 0.375 − 0.25 = +0.125, SE ≈ 0.02.
		{"Bliss synergy", "bliss", "down", 0.25, 0.5, 0.6, 0.8, 0, Pass, "Bliss excess +0.125 ["},
		{"Bliss capitalised", "Bliss", "down", 0.25, 0.5, 0.6, 0.8, 0, Pass, "exceeds the margin 0.030 and excludes 0"},
		{"Bliss independent", "bliss", "down", 0.375, 0.5, 0.6, 0.8, 0, Fail, "is not positive"},
		{"Bliss small", "bliss", "down", 0.355, 0.5, 0.6, 0.8, 0, Fail, "does not exceed the margin 0.030"},
		{"Bliss noisy", "bliss", "down", 0.335, 0.5, 0.6, 0.8, 200, Fail, "95% CI includes 0"},
		{"HSA synergy, up", "hsa", "up", 0.8, 0.5, 0.6, 0.2, 0, Pass, "HSA excess +0.200 ["},
		{"HSA, not above the stronger drug", "hsa", "up", 0.55, 0.5, 0.6, 0.2, 0, Fail, "no more than the stronger drug alone"},
		{"unknown criterion", "zip", "down", 0.3, 0.5, 0.6, 0.8, 0, Fail, `unknown synergy criterion "zip": use "bliss", "hsa" or "loewe"`},
		// Loewe at an equipotent design: a and b are the doubled single agents.
		{"loewe", "loewe", "down", 0.3, 0.45, 0.5, 0.8, 0, Pass, "Loewe excess +0.150"},
		{"loewe additive", "loewe", "down", 0.45, 0.45, 0.5, 0.8, 0, Fail, "dose additivity"},
		// Bliss cannot be tested when the control is already at the floor.
		{"bliss floored control", "bliss", "down", 0.01, 0.01, 0.01, 0.02, 0, Uninformative, "no room for the drugs to move it down"},
		{"unknown direction", "bliss", "lower", 0.3, 0.5, 0.6, 0.8, 0, Fail, `unknown direction "lower"`},
	}
	for _, tt := range tests {
		n := tt.n
		if n == 0 {
			n = 2000
		}
		e := func(m float64) Estimate { return bern(m, n) }
		o := Synergy(tt.criterion, tt.dir, e(tt.combo), e(tt.a), e(tt.b), e(tt.ctrl), 0)
		if o.Verdict != tt.want || !strings.Contains(o.Reason, tt.reason) {
			t.Errorf("%s: %s %q, want %s with %q", tt.name, o.Verdict, o.Reason, tt.want, tt.reason)
		}
	}
}
