package plots

import (
	"errors"
	"fmt"
	"math"
)

// Errors returned (wrapped, with the series and index) by the plot functions.
var (
	// ErrEmpty: nothing to draw (no series, or a series without points).
	ErrEmpty = errors.New("plots: nothing to draw")
	// ErrLength: slices that must match in length do not.
	ErrLength = errors.New("plots: lengths differ")
	// ErrNotFinite: a value is NaN or ±Inf.
	ErrNotFinite = errors.New("plots: value is not finite")
	// ErrDomain: a value outside its domain (a negative dose, a lower bound
	// above the upper bound, times out of order).
	ErrDomain = errors.New("plots: value out of range")
)

// checkFinite reports the first NaN or ±Inf in xs, naming the slice.
func checkFinite(series, field string, xs []float64) error {
	for i, v := range xs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: %s[%d] is %v (%w)", series, field, i, v, ErrNotFinite)
		}
	}
	return nil
}

// checkLen reports a slice whose length is not n.
func checkLen(series, field string, xs []float64, n int, against string) error {
	if len(xs) != n {
		return fmt.Errorf("%s: %d values in %s but %d in %s (%w)", series, len(xs), field, n, against, ErrLength)
	}
	return nil
}

// checkBounds reports lo[i] > hi[i] (swapped confidence bounds).
func checkBounds(series string, lo, hi []float64) error {
	for i := range lo {
		if lo[i] > hi[i] {
			return fmt.Errorf("%s: Lo[%[4]d] = %[2]g is above Hi[%[4]d] = %[3]g; are Lo and Hi swapped? (%[5]w)", series, lo[i], hi[i], i, ErrDomain)
		}
	}
	return nil
}

// seriesName quotes a series' name for error messages.
func seriesName(kind, name string, i int) string {
	if name == "" {
		return fmt.Sprintf("%s %d", kind, i)
	}
	return fmt.Sprintf("%s %d (%q)", kind, i, name)
}
