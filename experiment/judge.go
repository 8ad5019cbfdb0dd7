package experiment

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
)

// Measured gives each arm's estimate of each readout: what the judge reads.
type Measured map[string]map[string]judge.Estimate

// Judgement is one expectation, judged: its verdict, why, and the tests
// behind it.
type Judgement struct {
	Verdict judge.Verdict `json:"verdict"`
	Reason  string        `json:"reason"`
	// Tests are the statistics behind the verdict: one per reference arm,
	// the criterion of a combination, or the trend.
	Tests []judge.Outcome `json:"tests"`
	// PositiveControl is the arm that shows a "same" readout can move.
	PositiveControl string `json:"positive_control,omitempty"`
	// Sham is the same criterion on each drug of a combination paired with
	// itself (its dose doubled against its dose alone).
	Sham []ShamResult `json:"sham,omitempty"`
}

// ShamResult is the combination criterion applied to a drug combined with
// itself.
type ShamResult struct {
	Arm     string        `json:"arm"` // the single-agent arm doubled
	Outcome judge.Outcome `json:"outcome"`
}

// ShamArm names the sham arm of single-agent arm a: a's drugs at twice their
// doses, the pair "a + a" of a sham combination.
func ShamArm(a string) string { return "sham " + a + "×2" }

// ShamOf returns the single-agent arm a sham arm doubles, the inverse of
// ShamArm.
func ShamOf(sham string) (string, bool) {
	a, ok := strings.CutPrefix(sham, "sham ")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(a, "×2")
}

// ShamArms returns, for each combination expectation (a criterion), the
// sham arms it needs that arms lacks: each single-agent arm that gives
// drugs, with every drug dose doubled (the same drug split into two halves
// of the doubled dose). Doses must be resolved (no "IC50").
func ShamArms(expect []kb.Expectation, arms []Arm) ([]Arm, error) {
	var out []Arm
	have := map[string]bool{}
	for _, a := range arms {
		have[a.Name] = true
	}
	for _, x := range expect {
		if x.Criterion == "" {
			continue
		}
		for _, name := range x.Vs {
			i := slices.IndexFunc(arms, func(a Arm) bool { return a.Name == name })
			if i < 0 || have[ShamArm(name)] || len(arms[i].Drugs) == 0 {
				continue
			}
			sham := arms[i]
			sham.Name = ShamArm(name)
			sham.Drugs = map[string]string{}
			for _, d := range slices.Sorted(maps.Keys(arms[i].Drugs)) {
				x, err := dose.Parse(arms[i].Drugs[d])
				if err != nil {
					return nil, fmt.Errorf("sham of arm %s: %w", name, err)
				}
				x.Value *= 2
				sham.Drugs[d] = x.String()
			}
			have[sham.Name] = true
			out = append(out, sham)
		}
	}
	return out, nil
}

// Judge decides an expectation on measured arms with the one judge of
// ikklab run and ikklab claims (package judge): margin ≤ 0 means the
// expectation's own margin or judge.DefaultMargin. A readout the arms did
// not measure is an error of the caller, reported as a failed judgement.
func Judge(x kb.Expectation, m Measured, margin float64) Judgement {
	margin = marginFor(x, margin)
	get := func(arm string) (judge.Estimate, bool) {
		e, ok := m[arm][x.Readout]
		return e, ok
	}
	a, ok := get(x.Arm)
	if !ok {
		return Judgement{Verdict: judge.Fail, Reason: fmt.Sprintf("%s was not measured in arm %s", x.Readout, x.Arm)}
	}
	var refs []judge.Estimate
	for _, vs := range x.Vs {
		b, ok := get(vs)
		if !ok {
			return Judgement{Verdict: judge.Fail, Reason: fmt.Sprintf("%s was not measured in arm %s", x.Readout, vs)}
		}
		refs = append(refs, b)
	}
	switch {
	case x.Criterion != "":
		return judgeCombination(x, m, a, refs, margin)
	case x.Change == "same":
		return judgeSame(x, m, a, refs, margin)
	}
	j := Judgement{Verdict: judge.Pass}
	for i, b := range refs {
		o := judge.Change(x.Change, judge.Diff(a, b), margin)
		o.Reason = fmt.Sprintf("%s vs %s: %s", x.Arm, x.Vs[i], o.Reason)
		j.add(o)
	}
	if s := x.StrongerThan; s != nil && j.Verdict == judge.Pass {
		c, ok1 := get(s.Arm)
		d, ok2 := get(s.Vs)
		if !ok1 || !ok2 {
			return Judgement{Verdict: judge.Fail, Reason: fmt.Sprintf("%s was not measured in arms %s and %s", x.Readout, s.Arm, s.Vs)}
		}
		diff := judge.Linear(judge.Term{Key: x.Arm, Coef: 1, Est: a}, judge.Term{Key: x.Vs[0], Coef: -1, Est: refs[0]},
			judge.Term{Key: s.Arm, Coef: -1, Est: c}, judge.Term{Key: s.Vs, Coef: 1, Est: d})
		o := judge.Change(x.Change, diff, margin)
		o.Reason = fmt.Sprintf("change in %s − change in %s: %s", x.Arm, s.Arm, o.Reason)
		j.add(o)
	}
	return j
}

// marginFor is the expectation's own margin, else margin, else
// judge.DefaultMargin.
func marginFor(x kb.Expectation, margin float64) float64 {
	switch {
	case x.Margin > 0:
		return x.Margin
	case margin > 0:
		return margin
	}
	return judge.DefaultMargin
}

// add records a test; the verdict is the worst of the tests (fail, then
// uninformative).
func (j *Judgement) add(o judge.Outcome) {
	j.Tests = append(j.Tests, o)
	switch {
	case o.Verdict == judge.Fail:
		j.Verdict = judge.Fail
	case o.Verdict == judge.Uninformative && j.Verdict == judge.Pass:
		j.Verdict = judge.Uninformative
	}
	var reasons []string
	for _, t := range j.Tests {
		reasons = append(reasons, t.Reason)
	}
	j.Reason = strings.Join(reasons, "; ")
}

// judgeSame is the equivalence test against each reference arm, informative
// only where a positive control shows that the readout moves against the
// same reference.
func judgeSame(x kb.Expectation, m Measured, a judge.Estimate, refs []judge.Estimate, margin float64) Judgement {
	j := Judgement{Verdict: judge.Pass}
	for i, b := range refs {
		if bound := judge.AtBound(a, b, margin); bound != "" {
			j.add(judge.Outcome{Verdict: judge.Uninformative, Stat: a.Mean - b.Mean, Margin: margin,
				Reason: fmt.Sprintf("%s vs %s: both at the %s (%.3f and %.3f), where the readout cannot differ", x.Arm, x.Vs[i], bound, a.Mean, b.Mean)})
			continue
		}
		ctrl, name := positiveControl(x, m, x.Vs[i], b, margin)
		o := judge.Same(judge.Diff(a, b), ctrl, margin)
		if name != "" {
			j.PositiveControl = name
			o.Reason = fmt.Sprintf("%s vs %s (positive control %s): %s", x.Arm, x.Vs[i], name, o.Reason)
		} else {
			o.Reason = fmt.Sprintf("%s vs %s: %s", x.Arm, x.Vs[i], o.Reason)
		}
		j.add(o)
	}
	return j
}

// positiveControl returns the difference between the positive-control arm
// and the reference: the expectation's control, or the first other arm (by
// name, shams left out) in which the readout moves by more than the margin.
func positiveControl(x kb.Expectation, m Measured, vs string, b judge.Estimate, margin float64) (*judge.Estimate, string) {
	try := func(arm string) *judge.Estimate {
		c, ok := m[arm][x.Readout]
		if !ok {
			return nil
		}
		d := judge.Diff(c, b)
		return &d
	}
	if x.Control != "" {
		return try(x.Control), x.Control
	}
	for _, arm := range slices.Sorted(maps.Keys(m)) {
		if arm == x.Arm || arm == vs || Synthetic(arm) || slices.Contains(x.Vs, arm) {
			continue
		}
		d := try(arm)
		if d == nil {
			continue
		}
		dir := "up"
		if d.Mean < 0 {
			dir = "down"
		}
		if judge.Change(dir, *d, margin).Verdict == judge.Pass {
			return d, arm
		}
	}
	return nil, ""
}

// Synthetic reports whether an arm is one the judge adds (a sham or a
// mechanism cut), never a positive control.
func Synthetic(arm string) bool {
	return strings.HasPrefix(arm, "sham ") || strings.HasPrefix(arm, "cut ")
}

// judgeCombination tests the combination arm against the null its
// criterion names, and the same criterion on each single agent combined
// with itself: a criterion the sham passes too cannot tell the pair from
// more of one drug, and the verdict is uninformative. Loewe's null is the
// sham arms themselves (each drug at twice its dose), at an equipotent
// design: single agents whose effects differ by more than the margin make
// it uninformative.
func judgeCombination(x kb.Expectation, m Measured, combo judge.Estimate, refs []judge.Estimate, margin float64) Judgement {
	ref := x.Reference
	if ref == "" {
		ref = "control"
	}
	y0, ok := m[ref][x.Readout]
	if !ok && x.Criterion == "bliss" {
		return Judgement{Verdict: judge.Fail, Reason: fmt.Sprintf("%s was not measured in the reference arm %s", x.Readout, ref)}
	}
	if x.Criterion == "loewe" {
		return judgeLoewe(x, m, combo, refs, margin)
	}
	j := Judgement{Verdict: judge.Pass}
	o := judge.Synergy(x.Criterion, x.Change, combo, refs[0], refs[1], y0, margin)
	o.Reason = fmt.Sprintf("%s vs %s and %s: %s", x.Arm, x.Vs[0], x.Vs[1], o.Reason)
	j.add(o)
	shamPassed := []string{}
	for i, single := range x.Vs {
		sham, ok := m[ShamArm(single)][x.Readout]
		if !ok {
			continue
		}
		so := judge.Synergy(x.Criterion, x.Change, sham, refs[i], refs[i], y0, margin)
		j.Sham = append(j.Sham, ShamResult{Arm: single, Outcome: so})
		if so.Verdict == judge.Pass {
			shamPassed = append(shamPassed, fmt.Sprintf("%s with itself (%+.3f)", single, so.Stat))
		}
	}
	if len(j.Sham) == 0 {
		j.Verdict = judge.Uninformative
		j.Reason += "; no sham control was possible (the single arms give no drug)"
	} else if j.Verdict == judge.Pass && len(shamPassed) > 0 {
		j.Verdict = judge.Uninformative
		j.Reason += fmt.Sprintf("; the sham pair passes the %s criterion too: %s", x.Criterion, strings.Join(shamPassed, ", "))
	} else if j.Verdict == judge.Pass {
		var shams []string // what a pass rests on: each sham pair's excess, failing the criterion
		for _, sh := range j.Sham {
			shams = append(shams, fmt.Sprintf("%s with itself %+.3f", sh.Arm, sh.Outcome.Stat))
		}
		j.Reason += "; the sham pairs do not pass (" + strings.Join(shams, ", ") + ")"
	}
	return j
}

// judgeLoewe tests the combination against each single agent at twice its
// dose (the sham arms): dose additivity at an equipotent design.
func judgeLoewe(x kb.Expectation, m Measured, combo judge.Estimate, refs []judge.Estimate, margin float64) Judgement {
	var doubled []judge.Estimate
	for _, single := range x.Vs {
		d, ok := m[ShamArm(single)][x.Readout]
		if !ok {
			return Judgement{Verdict: judge.Uninformative, Reason: fmt.Sprintf("criterion loewe needs %s at twice its dose; no sham arm could be run (no drug)", single)}
		}
		doubled = append(doubled, d)
	}
	if d := refs[0].Mean - refs[1].Mean; math.Abs(d) > margin {
		return Judgement{Verdict: judge.Uninformative, Reason: fmt.Sprintf("%s and %s differ by %+.3f alone: not an equipotent design, where dose additivity is the doubled dose of either", x.Vs[0], x.Vs[1], d)}
	}
	j := Judgement{Verdict: judge.Pass}
	o := judge.Synergy("loewe", x.Change, combo, doubled[0], doubled[1], judge.Estimate{}, margin)
	o.Reason = fmt.Sprintf("%s vs %s and %s at twice their doses: %s", x.Arm, ShamArm(x.Vs[0]), ShamArm(x.Vs[1]), o.Reason)
	j.add(o)
	return j
}

// JudgeTrend decides a dose-dependent change over a dose series.
func JudgeTrend(x kb.Expectation, doses []float64, values []judge.Estimate, margin float64) Judgement {
	margin = marginFor(x, margin)
	j := Judgement{Verdict: judge.Pass}
	j.add(judge.Trend(x.Trend, doses, values, margin))
	return j
}

// Estimate is v as the judge reads it.
func (v Value) Estimate() judge.Estimate {
	return judge.Estimate{Mean: v.Value, SE: v.SE, N: v.N, Exact: v.Exact}
}
