package pharm

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ConstantTest tests whether responses y, each a mean over n trajectories
// with standard error se, differ from a constant: χ² = Σ ((yᵢ − ȳ)/seᵢ)²
// about the inverse-variance weighted mean ȳ, on len(y) − 1 degrees of
// freedom, and its p value (a large p: the series is flat within its
// noise). Each seᵢ is taken as at least seFloor(n), as BootstrapMidpoint
// takes it. With fewer than two points, or se
// of another length, p is NaN.
func ConstantTest(y, se []float64, n int) (chi2, p float64) {
	if len(y) < 2 || len(se) != len(y) {
		return math.NaN(), math.NaN()
	}
	floor := seFloor(n)
	var sw, swy float64
	w := make([]float64, len(y))
	for i, v := range y {
		s := math.Max(se[i], floor)
		w[i] = 1 / (s * s)
		sw += w[i]
		swy += w[i] * v
	}
	mean := swy / sw
	for i, v := range y {
		chi2 += w[i] * (v - mean) * (v - mean)
	}
	return chi2, 1 - distuv.ChiSquared{K: float64(len(y) - 1)}.CDF(chi2)
}

// seFloor is the least standard error a mean over n trajectories is taken
// to have, 0.5/n: a mean at 0 or 1 has a sample error of 0, which would make
// it infinitely precise.
func seFloor(n int) float64 { return 0.5 / math.Max(1, float64(n)) }
