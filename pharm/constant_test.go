package pharm

import (
	"math"
	"testing"
)

// TestConstantTest: a series that differs from its mean only by its noise
// has a large p; a real fall a small one; a point at 0 with se 0 is taken
// with the floor 0.5/n, not as infinitely precise.
func TestConstantTest(t *testing.T) {
	se := func(s float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	tests := []struct {
		name   string
		y, se  []float64
		n      int
		flatAt bool // p > 0.05
	}{
		{"constant", []float64{0.3, 0.3, 0.3, 0.3}, se(0.01, 4), 1000, true},
		{"noise", []float64{0.352, 0.319, 0.337, 0.346, 0.335, 0.334, 0.344, 0.327}, se(0.0144, 8), 1000, true},
		{"a fall", []float64{0.33, 0.33, 0.32, 0.30, 0.25, 0.15, 0.08, 0.05}, se(0.0144, 8), 1000, false},
		{"zeros with se 0", []float64{0, 0, 0, 0.001}, se(0, 4), 1000, true},
	}
	for _, tt := range tests {
		chi2, p := ConstantTest(tt.y, tt.se, tt.n)
		if math.IsNaN(p) || (p > 0.05) != tt.flatAt {
			t.Errorf("%s: χ² %.2f, p %.3g; want flat %v", tt.name, chi2, p, tt.flatAt)
		}
	}
	if _, p := ConstantTest([]float64{1}, []float64{0.1}, 10); !math.IsNaN(p) {
		t.Errorf("one point: p %g, want NaN", p)
	}
}
