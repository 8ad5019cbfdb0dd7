package judge

import (
	"fmt"
	"math"
	"strings"
)

// BlissExcess is the excess of a combination over Bliss independence,
// positive when the pair does more than independent action in direction dir.
// Effects are fractions of what the readout can lose or gain:
//
//   - "down" (a readout drugs lower, e.g. proliferation): f = 1 − y/y₀, so
//     Bliss expects y_exp = y_a·y_b/y₀ and the excess is y_exp − y_ab;
//   - "up" (a readout drugs raise, e.g. apoptosis): the fraction of the room
//     above the control, 1 − y_exp = (1−y_a)(1−y_b)/(1−y₀), and the excess is
//     y_ab − y_exp.
//
// The SE follows by the delta method from the four AdjustedSEs (the arms are
// independent runs). y₀ ("down") or 1 − y₀ ("up") is bounded below by 1/(N+4)
// so that nothing divides by 0. N is the smallest N of the four. An unknown
// dir gives NaN Mean and SE.
func BlissExcess(dir string, combo, a, b, control Estimate) Estimate {
	n := min(combo.N, a.N, b.N, control.N)
	exact := combo.Exact && a.Exact && b.Exact && control.Exact
	guard := 1 / float64(max(n, 0)+4)
	if exact {
		guard = 1e-12 // computed values: only division by zero to avoid
	}
	sab, sa, sb, s0 := combo.AdjustedSE(), a.AdjustedSE(), b.AdjustedSE(), control.AdjustedSE()
	var ex, gab, ga, gb, g0 float64 // excess and its partial derivatives
	switch dir {
	case "down":
		y0 := math.Max(control.Mean, guard)
		ex = a.Mean*b.Mean/y0 - combo.Mean
		gab, ga, gb = -1, b.Mean/y0, a.Mean/y0
		g0 = -a.Mean * b.Mean / (y0 * y0)
	case "up":
		q := math.Max(1-control.Mean, guard)
		ra, rb := 1-a.Mean, 1-b.Mean
		ex = combo.Mean - 1 + ra*rb/q
		gab, ga, gb = 1, -rb/q, -ra/q
		g0 = ra * rb / (q * q)
	default:
		return Estimate{Mean: math.NaN(), SE: math.NaN(), N: n}
	}
	se := math.Sqrt(gab*gab*sab*sab + ga*ga*sa*sa + gb*gb*sb*sb + g0*g0*s0*s0)
	return Estimate{Mean: ex, SE: se, N: n, Exact: exact}
}

// HSAExcess is the excess of a combination over its highest single agent:
// for "down" min(y_a, y_b) − y_ab, for "up" y_ab − max(y_a, y_b), with the SE
// of that difference from the adjusted SEs of the combination and the
// stronger arm (a on a tie), and N the smaller of their N. An unknown dir
// gives NaN Mean and SE.
func HSAExcess(dir string, combo, a, b Estimate) Estimate {
	switch dir {
	case "down":
		best := a
		if b.Mean < a.Mean {
			best = b
		}
		return Linear(Term{Key: "single", Coef: 1, Est: best}, Term{Key: "combo", Coef: -1, Est: combo})
	case "up":
		best := a
		if b.Mean > a.Mean {
			best = b
		}
		return Linear(Term{Key: "combo", Coef: 1, Est: combo}, Term{Key: "single", Coef: -1, Est: best})
	}
	return Estimate{Mean: math.NaN(), SE: math.NaN(), N: min(combo.N, a.N, b.N)}
}

// Synergy judges a combination against a null model, dir "down" or "up" as
// in BlissExcess:
//   - "hsa": the excess over the stronger single agent (a, b at the
//     combination's doses);
//   - "bliss": the excess over independent action against the untreated
//     control; Uninformative when the control leaves no room to move in dir
//     (≤ margin for "down", ≥ 1 − margin for "up");
//   - "loewe": the excess over dose additivity at an equipotent design: a
//     and b are the single agents at twice their doses. When each drug is
//     given at a dose of equal effect and their curves have the same shape,
//     Loewe additivity (d_a/D_a(E) + d_b/D_b(E) = 1) expects the pair to act
//     like either drug at twice its dose; the excess is over the stronger of
//     the two.
//
// It passes when the excess exceeds the margin and its 95% CI excludes 0,
// i.e. when Change("up", excess, margin) passes; the reason names the
// criterion, e.g. "Bliss excess +0.041 [+0.012, +0.070] exceeds the margin
// 0.030 and excludes 0". An unknown criterion or direction fails with a
// reason naming the allowed ones (case-insensitive). A margin ≤ 0 means
// DefaultMargin.
func Synergy(criterion, dir string, combo, a, b, control Estimate, margin float64) Outcome {
	margin = defMargin(margin)
	var name string
	var ex Estimate
	switch strings.ToLower(criterion) {
	case "bliss":
		name, ex = "Bliss", BlissExcess(dir, combo, a, b, control)
	case "hsa":
		name, ex = "HSA", HSAExcess(dir, combo, a, b)
	case "loewe":
		name, ex = "Loewe", HSAExcess(dir, combo, a, b)
	default:
		return Outcome{Verdict: Fail, Margin: margin,
			Reason: fmt.Sprintf("unknown synergy criterion %q: use \"bliss\", \"hsa\" or \"loewe\"", criterion)}
	}
	if dir != "up" && dir != "down" {
		return Outcome{Verdict: Fail, Margin: margin,
			Reason: fmt.Sprintf("unknown direction %q for the %s excess: use \"down\" (drugs lower the readout) or \"up\" (drugs raise it)", dir, name)}
	}
	if name == "Bliss" && (dir == "down" && control.Mean <= margin || dir == "up" && control.Mean >= 1-margin) {
		return Outcome{Verdict: Uninformative, Margin: margin, Stat: control.Mean,
			Reason: fmt.Sprintf("the untreated readout is %.3f: no room for the drugs to move it %s, so Bliss independence cannot be tested", control.Mean, dir)}
	}
	o, why := change("up", ex, margin)
	est := name + " excess " + fmtCI(ex.Mean, o.CI)
	switch why {
	case passed:
		o.Reason = fmt.Sprintf("%s exceeds the margin %.3f and excludes 0", est, margin)
	case wrongWay:
		o.Reason = fmt.Sprintf("%s is not positive: the pair does no more than the %s", est, nullName(name))
	case belowMargin:
		o.Reason = fmt.Sprintf("%s does not exceed the margin %.3f", est, margin)
	case ciHasZero:
		o.Reason = fmt.Sprintf("%s exceeds the margin %.3f but its 95%% CI includes 0", est, margin)
	default:
		o.Reason = fmt.Sprintf("the %s excess %g (SE %g) is not a usable number", name, ex.Mean, ex.SE)
	}
	return clean(o)
}

func nullName(criterion string) string {
	switch criterion {
	case "HSA":
		return "stronger drug alone"
	case "Loewe":
		return "stronger drug alone at twice its dose (dose additivity)"
	}
	return "two drugs acting independently"
}
