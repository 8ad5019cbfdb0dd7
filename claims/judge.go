package claims

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// Mechanism is the check that an effect travels the path the review
// states: each node of the path held at its activity in the reference arm,
// in the expectation's arm, must remove at least half of the effect.
type Mechanism struct {
	Via    []string `json:"via"`
	Cuts   []Cut    `json:"cuts,omitempty"`
	Result string   `json:"result"` // checked | wrong path | uncertain | not stated
	// Carrier is, for a cut that leaves the effect standing, a path from
	// the perturbed nodes to the readout around the cut node, with each
	// node's activity in the reference and the arm.
	Carrier []string `json:"carrier,omitempty"`
}

// Cut is one node of the stated path, held.
type Cut struct {
	Node string `json:"node"`
	// Held is the activity each node of the cut is held at: its value in
	// the reference arm.
	Held []float64 `json:"held"`
	// Remaining is the fraction of the effect left with the node held (the
	// effect with the cut over the effect without), with its 95% interval.
	Remaining   float64    `json:"remaining"`
	RemainingCI [2]float64 `json:"remaining_ci95"`
	// Result is holds (significantly less than CutThreshold of the effect
	// is left), fails (significantly more) or uncertain.
	Result string `json:"result"`
}

// CutThreshold is the fraction of an effect a cut of its path must remove
// for the effect to count as travelling that path.
const CutThreshold = 0.5

// cutName names the arm that holds node at its activity in vs, run as arm.
func cutName(arm, vs, node string) string { return "cut " + node + " in " + arm + " at " + vs }

// via returns the stated path of an expectation: its own or the claim's.
func via(c *kb.Claim, x kb.Expectation) []string {
	if x.Via != nil {
		return x.Via
	}
	return c.Via
}

// mechanismTargets returns the cuts an expectation's mechanism check makes:
// the stated path less the readout and the nodes the two arms act on
// directly. A via entry "A+B" names nodes cut together (redundant
// partners the review names as one, such as cIAP1/2).
func (r *Result) mechanismTargets(c *kb.Claim, x kb.Expectation) []string {
	var out []string
	for _, entry := range via(c, x) {
		var keep []string
		for _, n := range viaNodes(entry) {
			if n != x.Readout && !slices.Contains(r.sources[x.Arm], n) && !slices.Contains(r.sources[x.Vs[0]], n) {
				keep = append(keep, n)
			}
		}
		if len(keep) > 0 {
			out = append(out, strings.Join(keep, "+"))
		}
	}
	return out
}

// viaNodes splits a via entry into its nodes.
func viaNodes(entry string) []string {
	parts := strings.Split(entry, "+")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// directional reports whether an expectation gets a mechanism check: an
// up or down change against one reference arm.
func directional(x kb.Expectation) bool {
	return (x.Change == "up" || x.Change == "down") && len(x.Vs) == 1 && x.Criterion == ""
}

// cutArms lists the arms of the claim's mechanism checks (one per arm,
// reference and node, shared by the expectations that need it), each node
// held at its activity in the reference arm.
func (r *Result) cutArms(c *kb.Claim, arms []claimArm, armIndex map[string]int) []claimArm {
	var out []claimArm
	seen := map[string]bool{}
	for _, x := range c.Expect {
		if !directional(x) {
			continue
		}
		for _, n := range r.mechanismTargets(c, x) {
			name := cutName(x.Arm, x.Vs[0], n)
			if seen[name] {
				continue
			}
			seen[name] = true
			a := arms[armIndex[x.Arm]]
			a.arm.Name = name
			a.arm.Clamp = map[string]float64{}
			for _, node := range viaNodes(n) {
				a.arm.Clamp[node] = clamp01(r.paths[x.Vs[0]][node].Mean)
			}
			out = append(out, a)
		}
	}
	return out
}

func clamp01(p float64) float64 { return math.Min(1, math.Max(0, p)) }

// judge decides one expectation with the one judge, then classifies it and
// checks its mechanism.
func (r *Result) judge(net *model.Network, c *kb.Claim, x kb.Expectation, margin float64) Check {
	ch := Check{Expect: x.Describe()}
	if x.Trend != "" {
		ch.Judgement = r.judgeTrend(x, margin)
		ch.Class = r.class(net, x.Readout, r.sources["series "+x.Series])
	} else {
		ch.Judgement = experiment.Judge(x, r.paths, margin)
		var src []string
		for _, a := range append([]string{x.Arm}, x.Vs...) {
			src = append(src, r.sources[a]...)
		}
		ch.Class = r.class(net, x.Readout, src, nil)
		if ch.Verdict == judge.Fail && x.Change != "same" && x.Criterion == "" {
			ch.Path, ch.BreaksAt = r.breaks(x.Arm, x.Vs[0], x.Readout)
		}
		if directional(x) && ch.Verdict == judge.Pass {
			ch.Mechanism = r.mechanism(c, x)
			switch ch.Mechanism.Result {
			case MechanismWrongPath:
				ch.Verdict = judge.Fail
				ch.Reason += "; wrong path: " + ch.Mechanism.describe()
			case MechanismUncertain:
				ch.Verdict = judge.Uninformative
				ch.Reason += "; the path is uncertain: " + ch.Mechanism.describe() + fmt.Sprintf(" (a cut must leave significantly less than %.0f%%)", 100*CutThreshold)
			}
		}
	}
	ch.Pass = ch.Verdict == judge.Pass
	return ch
}

// class is "encoded" when the readout is perturbed itself or its rule
// reads a perturbed node (one rule term restated), "emergent" otherwise.
func (r *Result) class(net *model.Network, readout string, sources ...[]string) string {
	for _, src := range sources {
		if slices.Contains(src, readout) {
			return "encoded"
		}
		for _, e := range net.Regulators(readout) {
			if slices.Contains(src, e.Source) {
				return "encoded"
			}
		}
	}
	return "emergent"
}

// mechanism checks that the effect of a directional expectation travels its
// stated path. With a the arm, b the reference and c the arm with a node
// held, the cut leaves more than half of the effect when
// s·((c − b) − ½(a − b)) > 0, s the sign of a − b; the contrast
// c − ½a − ½b has a 95% CI from the three arms (judge.Linear), and the cut
// holds or fails only where that interval excludes 0.
func (r *Result) mechanism(c *kb.Claim, x kb.Expectation) *Mechanism {
	m := &Mechanism{Via: via(c, x)}
	targets := r.mechanismTargets(c, x)
	if len(targets) == 0 {
		m.Result = MechanismNotStated
		return m
	}
	a := r.paths[x.Arm][x.Readout]
	b := r.paths[x.Vs[0]][x.Readout]
	effect := a.Mean - b.Mean
	sign := math.Copysign(1, effect)
	m.Result = MechanismChecked
	for _, n := range targets {
		name := cutName(x.Arm, x.Vs[0], n)
		cut, ok := r.paths[name][x.Readout]
		if !ok || effect == 0 {
			continue
		}
		d := judge.Linear(judge.Term{Key: name, Coef: 1, Est: cut}, judge.Term{Key: x.Arm, Coef: -0.5, Est: a}, judge.Term{Key: x.Vs[0], Coef: -0.5, Est: b})
		lo, hi := sign*(d.Mean-1.96*d.SE), sign*(d.Mean+1.96*d.SE)
		if lo > hi {
			lo, hi = hi, lo
		}
		cu := Cut{Node: n, Remaining: (cut.Mean - b.Mean) / effect,
			RemainingCI: [2]float64{CutThreshold + lo/math.Abs(effect), CutThreshold + hi/math.Abs(effect)}, Result: "uncertain"}
		switch {
		case hi < 0:
			cu.Result = "holds"
		case lo > 0:
			cu.Result = "fails"
		}
		for _, node := range viaNodes(n) {
			cu.Held = append(cu.Held, r.paths[x.Vs[0]][node].Mean)
		}
		m.Cuts = append(m.Cuts, cu)
		switch {
		case cu.Result == "fails" && m.Result != MechanismWrongPath:
			m.Result = MechanismWrongPath
			m.Carrier = r.carrier(x, n)
		case cu.Result == "uncertain" && m.Result == MechanismChecked:
			m.Result = MechanismUncertain
		}
	}
	return m
}

// heldText writes the activities a cut holds its nodes at.
func heldText(held []float64) string {
	var parts []string
	for _, h := range held {
		parts = append(parts, fmt.Sprintf("%.2f", h))
	}
	return strings.Join(parts, "+")
}

// describe says which cuts did not remove the effect.
func (m *Mechanism) describe() string {
	var parts []string
	for _, c := range m.Cuts {
		if c.Result != "holds" {
			parts = append(parts, fmt.Sprintf("holding %s at %s leaves %.0f%% [%.0f%%, %.0f%%] of the effect", c.Node, heldText(c.Held),
				100*c.Remaining, 100*c.RemainingCI[0], 100*c.RemainingCI[1]))
		}
	}
	s := strings.Join(parts, ", ")
	if len(m.Carrier) > 0 {
		s += "; it travels " + strings.Join(m.Carrier, " → ")
	}
	return s
}

// carrier is the shortest path from what the arms perturb to the readout
// that avoids the via entry (every node of an A+B group), with each node's
// activity in the reference and the arm: where the effect goes instead.
func (r *Result) carrier(x kb.Expectation, entry string) []string {
	return r.annotate(r.pathFrom(x.Arm, x.Readout, viaNodes(entry)...), x.Arm, x.Vs[0])
}

// pathFrom is the shortest path from any node arm perturbs to readout that
// avoids the nodes avoid.
func (r *Result) pathFrom(arm, readout string, avoid ...string) []string {
	var best []string
	for _, src := range r.sources[arm] {
		p := r.next.shortestPath(src, readout, avoid...)
		if p != nil && (best == nil || len(p) < len(best)) {
			best = p
		}
	}
	return best
}

// annotate writes each node of a path with its activity in vs and arm.
func (r *Result) annotate(path []string, arm, vs string) []string {
	var out []string
	for _, n := range path {
		va, okA := r.paths[arm][n]
		vb, okB := r.paths[vs][n]
		if !okA || !okB {
			out = append(out, n)
			continue
		}
		out = append(out, fmt.Sprintf("%s %.2f→%.2f", n, vb.Mean, va.Mean))
	}
	return out
}

// breaks finds the path from what the arm perturbs to the readout and the
// first node on it whose value does not differ between the two arms.
func (r *Result) breaks(arm, vs, readout string) ([]string, string) {
	path := r.pathFrom(arm, readout)
	at := ""
	for _, n := range path {
		va, okA := r.paths[arm][n]
		vb, okB := r.paths[vs][n]
		if okA && okB && at == "" && math.Abs(va.Mean-vb.Mean) < judge.DefaultMargin {
			at = n
		}
	}
	return r.annotate(path, arm, vs), at
}

// judgeTrend tests a monotone trend over a dose series.
func (r *Result) judgeTrend(x kb.Expectation, margin float64) experiment.Judgement {
	s, ok := r.Series[x.Series]
	if !ok {
		return experiment.Judgement{Verdict: judge.Fail, Reason: "dose series not run"}
	}
	var xs []float64
	var ys []judge.Estimate
	for i, d := range s.Doses {
		v, _ := dose.Parse(d)
		xs = append(xs, v.Base())
		ys = append(ys, judge.Estimate{Mean: s.Values[x.Readout][i], SE: s.SE[x.Readout][i], N: s.N, Exact: s.Exact})
	}
	j := experiment.JudgeTrend(x, xs, ys, margin)
	var vals []string
	for i, y := range ys {
		vals = append(vals, fmt.Sprintf("%s: %.3f", s.Doses[i], y.Mean))
	}
	j.Reason += " over " + strings.Join(vals, ", ")
	return j
}
