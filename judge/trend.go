package judge

import (
	"fmt"
	"math"
)

// Trend judges a dose-dependent change over a dose series: doses in
// increasing order and one Estimate per dose; only the means are ranked.
//
// It is Uninformative when the series cannot show a trend: fewer than 3
// doses; a falling series at the floor over most doses (more than half of
// the means ≤ margin) or a rising one at the ceiling over most doses (more
// than half ≥ 1 − margin), where the readout has nowhere left to go; or
// flat (max − min of the means ≤ margin). The reason says which. Otherwise it computes Spearman(doses,
// means) and passes when ρ has the sign of dir ("up" +, "down" −) and p <
// 0.05, failing otherwise; the reason gives ρ, p and n. Stat = ρ, P = p. A
// margin ≤ 0 means DefaultMargin. An unknown dir, mismatched lengths or
// non-finite numbers fail.
func Trend(dir string, doses []float64, values []Estimate, margin float64) Outcome {
	margin = defMargin(margin)
	o := Outcome{Verdict: Fail, Margin: margin}
	n := len(doses)
	switch {
	case dir != "up" && dir != "down":
		o.Reason = fmt.Sprintf("unknown direction %q: use \"up\" or \"down\"", dir)
		return o
	case len(values) != n:
		o.Reason = fmt.Sprintf("%d doses but %d values: give one value per dose", n, len(values))
		return o
	}
	means := make([]float64, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	floor, ceil := 0, 0
	for i, v := range values {
		if !finite(doses[i]) || !finite(v.Mean) {
			o.Reason = fmt.Sprintf("dose %d (%g) has value %g: not a usable number", i+1, doses[i], v.Mean)
			return o
		}
		means[i] = v.Mean
		lo, hi = math.Min(lo, v.Mean), math.Max(hi, v.Mean)
		if v.Mean <= margin {
			floor++
		}
		if v.Mean >= 1-margin {
			ceil++
		}
	}
	o.Verdict = Uninformative
	switch {
	case n < 3:
		o.Reason = fmt.Sprintf("only %d doses: a trend needs at least 3", n)
		return o
	case dir == "down" && 2*floor > n:
		o.Reason = fmt.Sprintf("%d of %d means are at the floor (≤ %.3f): the readout cannot fall further", floor, n, margin)
		return o
	case dir == "up" && 2*ceil > n:
		o.Reason = fmt.Sprintf("%d of %d means are at the ceiling (≥ %.3f): the readout cannot rise further", ceil, n, 1-margin)
		return o
	case hi-lo <= margin:
		o.Reason = fmt.Sprintf("the means span only %.3f (from %.3f to %.3f), within the margin %.3f: the series is flat", hi-lo, lo, hi, margin)
		return o
	}
	rho, p := Spearman(doses, means)
	o.Stat, o.P = rho, p
	test := "exact p"
	if n > exactMax {
		test = "p (t approximation)"
	}
	stats := fmt.Sprintf("ρ = %s over %d doses, %s = %.2g", num(rho), n, test, p)
	want, verb := 1.0, "rises"
	if dir == "down" {
		want, verb = -1, "falls"
	}
	switch {
	case want*rho <= 0:
		o.Verdict = Fail
		o.Reason = fmt.Sprintf("%s: the readout does not %s with dose", stats, map[string]string{"up": "rise", "down": "fall"}[dir])
	case !(p < 0.05):
		o.Verdict = Fail
		o.Reason = fmt.Sprintf("%s, not below 0.05", stats)
	default:
		o.Verdict = Pass
		o.Reason = fmt.Sprintf("%s < 0.05: the readout %s with dose", stats, verb)
	}
	return clean(o)
}
