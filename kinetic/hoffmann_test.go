package kinetic_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/kinetic"
	"github.com/ikklab/ikklab/ode"
)

// nuclearNFkB simulates BIOMD0000000140 (Hoffmann et al. 2002, Science
// 298:1241: the IκB–NF-κB module; its event raises IKK to 0.1 µM at
// t = 2000 min after equilibration) and returns free nuclear NF-κB each
// minute from the stimulus to 600 min after.
func nuclearNFkB(t *testing.T, method ode.Method, rtol float64) []float64 {
	t.Helper()
	path := filepath.Join(external.Dir(t, "biomodels"), "BIOMD0000000140.xml")
	m, err := sbml.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := kinetic.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	var times []float64
	for k := 0; k <= 600; k++ {
		times = append(times, 2000+float64(k))
	}
	rows, err := c.Simulate(context.Background(), times, []kinetic.Output{{ID: "NFkB_nuc"}},
		kinetic.Options{ODE: ode.Options{Method: method, RelTol: rtol}})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}

// Under the TNF stimulus (persistent IKK activity) nuclear NF-κB shows
// damped oscillations: a first peak 15–45 min after stimulation and a
// period of 90–150 min (Hoffmann 2002, Fig. 2: first peak at about 30
// min, later peaks smaller).
func TestHoffmannOscillation(t *testing.T) {
	v := nuclearNFkB(t, ode.Rodas5P, 1e-8)
	var peaks []int
	for i := 1; i+1 < len(v); i++ {
		if v[i] > v[i-1] && v[i] >= v[i+1] {
			peaks = append(peaks, i)
		}
	}
	t.Logf("peaks of nuclear NF-κB (min after stimulus: µM): %v", func() []string {
		var s []string
		for _, p := range peaks {
			s = append(s, formatPeak(p, v[p]))
		}
		return s
	}())
	if len(peaks) < 3 {
		t.Fatalf("%d peaks in 600 min, want damped oscillations", len(peaks))
	}
	if first := peaks[0]; first < 15 || first > 45 {
		t.Errorf("first peak %d min after the stimulus, want 15–45", first)
	}
	for i := 1; i < 3; i++ {
		if period := peaks[i] - peaks[i-1]; period < 90 || period > 150 {
			t.Errorf("period %d→%d: %d min, want 90–150", i, i+1, period)
		}
		if v[peaks[i]] >= v[peaks[i-1]] {
			t.Errorf("peak %d (%.4g) not below peak %d (%.4g): not damped", i+1, v[peaks[i]], i, v[peaks[i-1]])
		}
	}
	if pre := v[0]; pre > 0.1*v[peaks[0]] {
		t.Errorf("nuclear NF-κB before the stimulus %.3g, above a tenth of the first peak", pre)
	}
}

// The explicit and the stiff method agree to 1e-4 (relative to the first
// peak) at every minute at rtol 1e-8.
func TestHoffmannSolversAgree(t *testing.T) {
	a := nuclearNFkB(t, ode.Rodas5P, 1e-8)
	b := nuclearNFkB(t, ode.DormandPrince, 1e-8)
	peak := 0.0
	for _, x := range a {
		peak = math.Max(peak, x)
	}
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(a[i]-b[i])/peak)
	}
	t.Logf("largest difference %.2g of the peak", worst)
	if worst > 1e-4 {
		t.Errorf("Rodas5P and Dormand–Prince differ by %.2g of the peak", worst)
	}
}

func formatPeak(minute int, v float64) string { return fmt.Sprintf("%d: %.4g", minute, v) }
