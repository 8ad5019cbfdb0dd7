package judge

import (
	"fmt"
	"math"
	"strings"
)

// DefaultMargin is the smallest change in a probability that counts (0.03).
const DefaultMargin = 0.03

// Normal quantiles of the two intervals used here, rounded as usually
// printed (Φ⁻¹(0.975) = 1.95996, Φ⁻¹(0.95) = 1.64485).
const (
	z95 = 1.96  // two-sided 95%
	z90 = 1.645 // two-sided 90% (TOST at α = 0.05 each side)
)

// Estimate is a readout estimated from N trajectories: the mean of their
// values in [0, 1] and the standard error of that mean (sample variance with
// N−1). SE may be exactly 0 when every trajectory is at 0 or at 1. Exact
// marks a value computed, not sampled (the ODE engine): it has no sampling
// error, so the judge compares it with the margins alone.
type Estimate struct {
	Mean  float64 `json:"value"`
	SE    float64 `json:"se"`
	N     int     `json:"n"`
	Exact bool    `json:"exact,omitempty"`
}

// AdjustedSE returns the standard error after adding two pseudo-trajectories
// at 1 and two at 0 to the N observed (Agresti–Coull type): Σx = N·Mean and
// Σx² = SE²·N·(N−1) + N·Mean² are reconstructed, 2 is added to Σx and to Σx²
// and 4 to N, and the result is sqrt(var/N') with the recomputed sample
// variance var (clamped ≥ 0). With N ≤ 0 it returns 0.5 (nothing known). An
// estimate at exactly 0 or 1 thus has SE ≈ √2/(N+4), never 0, while a
// non-degenerate estimate keeps almost its empirical SE.
func (e Estimate) AdjustedSE() float64 {
	if e.Exact {
		return 0
	}
	if e.N <= 0 {
		return 0.5
	}
	n := float64(e.N)
	sx := n*e.Mean + 2
	sxx := e.SE*e.SE*n*(n-1) + n*e.Mean*e.Mean + 2
	n += 4
	v := (sxx - sx*sx/n) / (n - 1)
	if v < 0 {
		v = 0
	}
	return math.Sqrt(v / n)
}

// Verdict is the result of a judgement.
type Verdict string

// The three verdicts. Uninformative means the experiment cannot answer the
// question (no positive control, a readout at its floor, too few doses).
const (
	Pass          Verdict = "pass"
	Fail          Verdict = "fail"
	Uninformative Verdict = "uninformative"
)

// Outcome is one judged statistic. Its numbers are always finite.
type Outcome struct {
	Verdict Verdict    `json:"verdict"`
	Stat    float64    `json:"statistic"`          // the difference, excess or ρ tested
	CI      [2]float64 `json:"ci"`                 // interval of Stat (zero for trends)
	Level   float64    `json:"ci_level,omitempty"` // 0.95, or 0.90 for equivalence
	P       float64    `json:"p,omitempty"`        // trend tests: exact two-sided p
	Margin  float64    `json:"margin"`
	Reason  string     `json:"reason"` // e.g. "−0.214 [−0.236, −0.192] exceeds the margin 0.030 and excludes 0"
}

// Term is one term of a linear contrast between arms; terms with the same Key
// are the same arm (coefficients add up).
type Term struct {
	Key  string
	Coef float64
	Est  Estimate
}

// Linear returns the contrast Σ c·Mean with SE = sqrt(Σ_k c_k²·AdjustedSE_k²)
// over distinct keys: the coefficients of equal keys are merged first (the
// Estimate of the first term with that key is used), so (a−b)−(c−b) = a−c.
// N is the smallest N of the terms with a non-zero merged coefficient (0 when
// there are none). The SE returned is already adjusted: Change, Equivalent and
// Same use it as is.
func Linear(terms ...Term) Estimate {
	type arm struct {
		coef float64
		est  Estimate
	}
	var order []string
	arms := make(map[string]*arm, len(terms))
	for _, t := range terms {
		if a, ok := arms[t.Key]; ok {
			a.coef += t.Coef
			continue
		}
		arms[t.Key] = &arm{coef: t.Coef, est: t.Est}
		order = append(order, t.Key)
	}
	out := Estimate{Exact: true}
	var v float64
	first := true
	for _, k := range order {
		a := arms[k]
		if a.coef == 0 {
			continue
		}
		out.Mean += a.coef * a.est.Mean
		se := a.est.AdjustedSE()
		v += a.coef * a.coef * se * se
		if first || a.est.N < out.N {
			out.N = a.est.N
		}
		out.Exact = out.Exact && a.est.Exact
		first = false
	}
	out.SE = math.Sqrt(v)
	out.Exact = out.Exact && !first // an empty contrast is not a computed value
	return out
}

// Diff is Linear(a − b) with keys "a" and "b".
func Diff(a, b Estimate) Estimate {
	return Linear(Term{Key: "a", Coef: 1, Est: a}, Term{Key: "b", Coef: -1, Est: b})
}

// failure says why a change did not pass.
type failure int

const (
	passed failure = iota
	badDir
	notFinite
	wrongWay // Mean ≤ 0 for "up", ≥ 0 for "down"
	belowMargin
	ciHasZero
)

// change tests d in direction dir ("up" or "down") against margin (already
// defaulted) and returns the outcome without its reason, and why it failed.
func change(dir string, d Estimate, margin float64) (Outcome, failure) {
	lo, hi := d.Mean-z95*d.SE, d.Mean+z95*d.SE
	o := Outcome{Verdict: Fail, Stat: d.Mean, CI: [2]float64{lo, hi}, Level: 0.95, Margin: margin}
	switch {
	case dir != "up" && dir != "down":
		return o, badDir
	case !finite(d.Mean) || !finite(d.SE) || d.SE < 0:
		return o, notFinite
	}
	s := 1.0
	if dir == "down" {
		s = -1
	}
	switch {
	case s*d.Mean <= 0:
		return o, wrongWay
	case s*d.Mean <= margin:
		return o, belowMargin
	case (dir == "up" && lo <= 0) || (dir == "down" && hi >= 0):
		return o, ciHasZero
	}
	o.Verdict = Pass
	return o, passed
}

// Change judges a directional change d (a contrast, e.g. from Diff): dir "up"
// passes when d.Mean > margin and the 95% CI d.Mean ± 1.96·d.SE has lower
// bound > 0; "down" is the mirror. Otherwise it fails, the reason saying
// whether the change goes the wrong way, stays within the margin or has a CI
// that includes 0. A margin ≤ 0 means DefaultMargin. An unknown dir fails.
func Change(dir string, d Estimate, margin float64) Outcome {
	margin = defMargin(margin)
	o, why := change(dir, d, margin)
	est := fmtCI(d.Mean, o.CI)
	switch why {
	case passed:
		o.Reason = fmt.Sprintf("%s exceeds the margin %.3f and excludes 0", est, margin)
	case badDir:
		o.Reason = fmt.Sprintf("unknown direction %q: use \"up\" or \"down\"", dir)
	case notFinite:
		o.Reason = fmt.Sprintf("the difference %g (SE %g) is not a usable number", d.Mean, d.SE)
	case wrongWay:
		o.Reason = fmt.Sprintf("%s goes %s, not %s", est, opposite(dir, d.Mean), dir)
	case belowMargin:
		o.Reason = fmt.Sprintf("%s does not exceed the margin %.3f", est, margin)
	case ciHasZero:
		o.Reason = fmt.Sprintf("%s exceeds the margin %.3f but its 95%% CI includes 0", est, margin)
	}
	return clean(o)
}

// Equivalent is the equivalence test by two one-sided tests: it passes when
// the 90% CI d.Mean ± 1.645·d.SE lies inside (−margin, +margin), and fails
// otherwise. A margin ≤ 0 means DefaultMargin.
func Equivalent(d Estimate, margin float64) Outcome {
	margin = defMargin(margin)
	lo, hi := d.Mean-z90*d.SE, d.Mean+z90*d.SE
	o := Outcome{Verdict: Fail, Stat: d.Mean, CI: [2]float64{lo, hi}, Level: 0.90, Margin: margin}
	switch {
	case !finite(d.Mean) || !finite(d.SE) || d.SE < 0:
		o.Reason = fmt.Sprintf("the difference %g (SE %g) is not a usable number", d.Mean, d.SE)
	case lo > -margin && hi < margin:
		o.Verdict = Pass
		o.Reason = fmt.Sprintf("%s: the 90%% CI is inside ±%.3f", fmtCI(d.Mean, o.CI), margin)
	default:
		o.Reason = fmt.Sprintf("%s: the 90%% CI is not inside ±%.3f", fmtCI(d.Mean, o.CI), margin)
	}
	return clean(o)
}

// Same judges "no change" between two arms: d is their difference and control
// the positive control's difference (the readout compared between a
// positive-control arm and the same reference), or nil when there is none.
// The verdict is Uninformative, never Pass, when control is nil or the
// control does not pass Change in its own direction (the sign of
// control.Mean) with the same margin; otherwise it is Equivalent(d, margin).
// Stat and CI are those of d at 90% in every case.
func Same(d Estimate, control *Estimate, margin float64) Outcome {
	eq := Equivalent(d, margin)
	if control == nil {
		eq.Verdict = Uninformative
		eq.Reason = fmt.Sprintf("nothing shows that the readout can move in this setting (no positive control), so %s cannot show it unchanged",
			fmtCI(d.Mean, eq.CI))
		return eq
	}
	dir := "up"
	if control.Mean < 0 {
		dir = "down"
	}
	c := Change(dir, *control, margin)
	if c.Verdict != Pass {
		eq.Verdict = Uninformative
		eq.Reason = fmt.Sprintf("the readout does not move in this setting (positive control %s)", c.Reason)
		return eq
	}
	if eq.Verdict == Pass {
		eq.Reason += fmt.Sprintf(", while the positive control moves %s", fmtCI(control.Mean, c.CI))
	}
	return eq
}

// AtBound reports whether two arms both sit at the floor (both means ≤
// margin) or both at the ceiling (both ≥ 1 − margin), and which: there a
// readout shows no difference because it cannot, whatever moves elsewhere.
func AtBound(a, b Estimate, margin float64) string {
	margin = defMargin(margin)
	switch {
	case a.Mean <= margin && b.Mean <= margin:
		return "floor"
	case a.Mean >= 1-margin && b.Mean >= 1-margin:
		return "ceiling"
	}
	return ""
}

func defMargin(m float64) float64 {
	if !(m > 0) || math.IsInf(m, 1) {
		return DefaultMargin
	}
	return m
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// opposite names the direction a non-zero mean actually goes.
func opposite(dir string, mean float64) string {
	switch {
	case mean == 0:
		return "nowhere"
	case mean > 0:
		return "up"
	}
	return "down"
}

// num formats x as "%+.3f" with a true minus sign (U+2212), as printed.
func num(x float64) string {
	s := fmt.Sprintf("%+.3f", x)
	if s == "-0.000" {
		s = "+0.000"
	}
	return strings.Replace(s, "-", "−", 1)
}

// fmtCI formats "mean [lo, hi]".
func fmtCI(mean float64, ci [2]float64) string {
	return fmt.Sprintf("%s [%s, %s]", num(mean), num(ci[0]), num(ci[1]))
}

// clean replaces non-finite numbers of o by 0 so that it encodes as JSON; the
// reason already quotes the bad input.
func clean(o Outcome) Outcome {
	z := func(x *float64) {
		if !finite(*x) {
			*x = 0
		}
	}
	z(&o.Stat)
	z(&o.CI[0])
	z(&o.CI[1])
	z(&o.P)
	z(&o.Margin)
	return o
}
