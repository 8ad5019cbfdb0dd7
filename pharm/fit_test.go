package pharm

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func logDoses(from, to float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = from * math.Pow(to/from, float64(i)/float64(n-1))
	}
	return x
}

func TestFitLogisticExact(t *testing.T) {
	tests := []struct {
		name string
		want Fit
		x    []float64
	}{
		{"falling viability", Fit{Top: 1, Bottom: 0.1, IC50: 3e-7, Hill: 1.2}, logDoses(1e-9, 1e-5, 9)},
		{"rising apoptosis", Fit{Top: 0.05, Bottom: 0.8, IC50: 2e-8, Hill: 2}, logDoses(1e-10, 1e-6, 9)},
		{"with zero doses", Fit{Top: 100, Bottom: 20, IC50: 1e-6, Hill: 0.7}, append([]float64{0, 0}, logDoses(1e-8, 1e-4, 8)...)},
		{"shallow, IC50 at the top dose", Fit{Top: 1, Bottom: 0, IC50: 1e-5, Hill: 0.5}, logDoses(1e-9, 1e-5, 10)},
	}
	for _, tt := range tests {
		y := make([]float64, len(tt.x))
		for i, x := range tt.x {
			y[i] = tt.want.Eval(x)
		}
		got, err := FitLogistic(tt.x, y)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !got.Converged || rel(got.IC50, tt.want.IC50) > 1e-4 || rel(got.Hill, tt.want.Hill) > 1e-4 ||
			math.Abs(got.Top-tt.want.Top) > 1e-4*math.Abs(tt.want.Top-tt.want.Bottom) ||
			math.Abs(got.Bottom-tt.want.Bottom) > 1e-4*math.Abs(tt.want.Top-tt.want.Bottom) || got.R2 < 1-1e-9 {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
		if !(got.IC50Lo <= got.IC50 && got.IC50 <= got.IC50Hi) || rel(got.IC50Hi, got.IC50Lo) > 1e-3 {
			t.Errorf("%s: exact data should give a collapsed CI around IC50, got [%g, %g]", tt.name, got.IC50Lo, got.IC50Hi)
		}
	}
}

func rel(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// TestFitLogisticNoisy fits noisy synthetic viability data (σ = 0.03, 3
// replicates of 8 doses) and checks that the estimates are near the truth and
// that the 95% interval covers the true IC50 in most of 100 data sets (the
// Wald interval is approximate: at least 88 of 100 required).
func TestFitLogisticNoisy(t *testing.T) {
	truth := Fit{Top: 1, Bottom: 0.15, IC50: 2e-7, Hill: 1.3}
	doses := logDoses(1e-9, 1e-5, 8)
	covered := 0
	for seed := range uint64(100) {
		r := rand.New(rand.NewPCG(seed, 7))
		var x, y []float64
		for range 3 {
			for _, d := range doses {
				x = append(x, d)
				y = append(y, truth.Eval(d)+0.03*r.NormFloat64())
			}
		}
		f, err := FitLogistic(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if !f.Converged || rel(f.IC50, truth.IC50) > 0.5 || math.Abs(f.Hill-truth.Hill) > 0.6 || f.R2 < 0.9 {
			t.Errorf("seed %d: fit %+v far from %+v", seed, f, truth)
		}
		if f.IC50Lo < truth.IC50 && truth.IC50 < f.IC50Hi {
			covered++
		}
	}
	if covered < 88 {
		t.Errorf("95%% CI covered the true IC50 in %d of 100 data sets", covered)
	}
}

func TestFitLogisticFlat(t *testing.T) {
	f, err := FitLogistic([]float64{0, 1e-9, 1e-8, 1e-7, 1e-6}, []float64{0.7, 0.7, 0.7, 0.7, 0.7})
	if !errors.Is(err, ErrFlat) || f.Top != 0.7 || f.Bottom != 0.7 || !math.IsNaN(f.IC50) || f.Converged {
		t.Errorf("flat data: %+v, %v; want ErrFlat with Top = Bottom = 0.7", f, err)
	}
}

func TestFitLogisticNoResponseInRange(t *testing.T) {
	// A response that begins only far above the doses: IC50 is not
	// determined and the fit says so.
	truth := Fit{Top: 1, Bottom: 0, IC50: 1, Hill: 1}
	x := logDoses(1e-12, 1e-9, 6)
	y := make([]float64, len(x))
	for i := range x {
		y[i] = truth.Eval(x[i]) + 1e-6*float64(i%2)
	}
	f, err := FitLogistic(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if f.Converged {
		t.Errorf("undetermined IC50 reported as converged: %+v", f)
	}
}

func TestFitLogisticErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		x, y []float64
	}{
		{"mismatch", []float64{1, 2, 3, 4}, []float64{1, 2, 3}},
		{"too few", []float64{1, 2, 3}, []float64{1, 2, 3}},
		{"negative dose", []float64{-1, 2, 3, 4}, []float64{1, 2, 3, 4}},
		{"NaN dose", []float64{math.NaN(), 2, 3, 4}, []float64{1, 2, 3, 4}},
		{"NaN response", []float64{1, 2, 3, 4}, []float64{1, math.NaN(), 3, 4}},
		{"infinite response", []float64{1, 2, 3, 4}, []float64{1, math.Inf(1), 3, 4}},
		{"one positive dose", []float64{0, 0, 1, 1}, []float64{1, 1, 0, 0}},
	} {
		if _, err := FitLogistic(c.x, c.y); err == nil || errors.Is(err, ErrFlat) {
			t.Errorf("%s: err = %v, want an input error", c.name, err)
		}
	}
}

func TestFitDose(t *testing.T) {
	f := Fit{Top: 1, Bottom: 0, IC50: 1e-7, Hill: 2}
	if d := f.Dose(0.5); rel(d, 1e-7) > 1e-12 {
		t.Errorf("Dose(0.5) = %g", d)
	}
	if d := f.Dose(0.2); rel(d, 2e-7) > 1e-12 { // (0.8/0.2)^(1/2) = 2
		t.Errorf("Dose(0.2) = %g", d)
	}
	for _, y := range []float64{1, 0, 1.2, -0.1} {
		if d := f.Dose(y); !math.IsNaN(d) {
			t.Errorf("Dose(%g) = %g, want NaN", y, d)
		}
	}
}

// TestBootstrapCoverage: over 40 simulated series with a known IC50 and
// noise of the stated standard error, the 95% bootstrap interval covers the
// truth in at least 85% of them (95% expected; a few misses are chance),
// and is never degenerate.
func TestBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("40 bootstraps of 200 fits")
	}
	x := []float64{1e-9, 3e-9, 1e-8, 3e-8, 1e-7, 3e-7, 1e-6, 3e-6, 1e-5}
	const ic50, top, bottom, se = 1e-7, 0.6, 0.05, 0.02
	rng := rand.New(rand.NewPCG(11, 12))
	covered := 0
	const trials = 40
	for trial := range trials {
		y := make([]float64, len(x))
		ses := make([]float64, len(x))
		for i, d := range x {
			y[i] = bottom + (top-bottom)/(1+d/ic50) + rng.NormFloat64()*se
			ses[i] = se
		}
		ci := BootstrapMidpoint(x, y, ses, 600, 0, 1, 200, uint64(trial))
		if !(ci.Lo > 0 && ci.Lo < ci.Hi) || ci.Used < 0.9 {
			t.Fatalf("trial %d: interval %v", trial, ci)
		}
		if ci.Lo <= ic50 && ic50 <= ci.Hi {
			covered++
		}
	}
	if covered < 34 {
		t.Errorf("the 95%% interval covered the true IC50 in %d of %d series", covered, trials)
	}
	t.Logf("coverage %d/%d", covered, trials)
}

// TestFitInKeepsAsymptotesInRange: a steep fall to exactly zero drives an
// unbounded Bottom below 0; FitLogisticIn keeps it in [0, 1].
func TestFitInKeepsAsymptotesInRange(t *testing.T) {
	x := []float64{1e-9, 1e-8, 1e-7, 1e-6, 1e-5}
	y := []float64{0.5, 0.48, 0.02, 0, 0}
	f, err := FitLogisticIn(x, y, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if f.Bottom < 0 || f.Top > 1 || f.Bottom > 0.05 || f.Top < 0.45 {
		t.Errorf("top %g bottom %g", f.Top, f.Bottom)
	}
}
