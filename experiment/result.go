package experiment

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/pharm"
)

// Result is the outcome of an experiment; its JSON form is the contract of
// ARCHITECTURE.md, documented field by field in the README.
type Result struct {
	Name         string            `json:"name"`
	Description  string            `json:"description,omitempty"`
	Engine       string            `json:"engine"`
	Context      string            `json:"context"`
	Seed         int64             `json:"seed"`
	Samples      int               `json:"samples"`
	Time         float64           `json:"time"`
	Version      string            `json:"version"`
	ModelHash    string            `json:"model_hash"`
	Complete     bool              `json:"complete"`
	IC50Doses    map[string]string `json:"ic50_doses,omitempty"` // drug → the dose its "IC50" became
	Arms         []ArmResult       `json:"arms"`
	DoseResponse []DoseResult      `json:"dose_response,omitempty"`
	Combination  *ComboResult      `json:"combination,omitempty"`
	Checks       []Check           `json:"checks,omitempty"`
	Warnings     []string          `json:"warnings"`
	Spec         *Spec             `json:"-"`
}

// Value is a readout's probability with its 95% confidence interval, the
// standard error computed from the trajectories and their number.
type Value struct {
	Value float64    `json:"value"`
	CI95  [2]float64 `json:"ci95"`
	SE    float64    `json:"se"`
	N     int        `json:"n"`
	// Exact marks a computed value (engine ode): SE 0, N 0.
	Exact bool `json:"exact,omitempty"`
}

// ArmResult is one arm: readouts at the end time and their time courses.
type ArmResult struct {
	Name string `json:"name"`
	// Stimuli are the inputs switched on in this arm: the spec's, or the
	// arm's own list when it gives one (which replaces the spec's).
	Stimuli  []string                `json:"stimuli"`
	Readouts map[string]Value        `json:"readouts"`
	Series   map[string][]float64    `json:"series"`      // "t" and one key per readout
	SeriesCI map[string][2][]float64 `json:"series_ci95"` // per readout: lower and upper bounds
	// Activities is every node's activity at the end time, when the spec
	// asks for them (Spec.Activities).
	Activities map[string]Value `json:"activities,omitempty"`
}

// DoseResult is one dose series with its log-logistic fit.
type DoseResult struct {
	Drug    string       `json:"drug"`
	Readout string       `json:"readout"`
	Base    string       `json:"base"`
	Doses   []string     `json:"doses"`
	DosesM  []float64    `json:"doses_M,omitempty"`
	Unit    string       `json:"unit,omitempty"` // for doses not in molar units
	Values  []float64    `json:"values"`
	CI95    [][2]float64 `json:"ci95"`
	SE      []float64    `json:"se"`
	N       int          `json:"n"`
	Exact   bool         `json:"exact,omitempty"` // computed values (engine ode)
	Fit     *FitResult   `json:"fit,omitempty"`
	FitNote string       `json:"fit_note,omitempty"`
}

// FitResult is a 4-parameter log-logistic fit of a dose series.
type FitResult struct {
	// Kind is "IC50" when the readout falls with dose, "EC50" when it rises.
	Kind string `json:"kind"`
	// Reported is false when the series has no midpoint worth reporting
	// (flat, not described by the curve, not converged, or a midpoint
	// outside the tested doses); the series' FitNote ("no IC50: …") says
	// why. The fitted curve is kept for the plot either way.
	Reported bool    `json:"reported"`
	IC50M    float64 `json:"ic50_M,omitempty"`
	IC50     float64 `json:"ic50,omitempty"` // in Unit when not molar
	// IC50CI is a 95% interval from a parametric bootstrap over each
	// dose's trajectories (pharm.BootstrapMidpoint); absent when fewer
	// than half of the replicates gave a fit.
	IC50CI *[2]float64 `json:"ic50_ci95,omitempty"`
	// Beyond is set when the interval reaches outside the tested doses:
	// an extrapolation.
	Beyond bool    `json:"ci_beyond_doses"`
	Hill   float64 `json:"hill"`
	Emax   float64 `json:"emax"` // top − bottom: the largest change the drug makes
	Bottom float64 `json:"bottom"`
	Top    float64 `json:"top"`
	R2     float64 `json:"r2"`
	// fitFunc is the fitted curve, for plots.
	fitFunc func(float64) float64
}

// ComboResult is a two-drug dose matrix with synergy scores.
type ComboResult struct {
	Drugs   []string           `json:"drugs"`
	Readout string             `json:"readout"`
	Doses   [][]string         `json:"doses"`
	Matrix  [][]float64        `json:"matrix"` // rows: doses of the first drug; columns: of the second
	SE      [][]float64        `json:"se"`     // standard error of each cell's value over its trajectories
	N       int                `json:"n"`      // trajectories per cell
	Synergy map[string]float64 `json:"synergy"`
	// SynergyCI is each score's 95% interval from a parametric bootstrap
	// over the cells' trajectories (200 replicates seeded by the matrix).
	SynergyCI map[string][2]float64  `json:"synergy_ci95,omitempty"`
	Excess    map[string][][]float64 `json:"synergy_matrix"`
	Note      string                 `json:"synergy_note,omitempty"`
	Direction string                 `json:"effect_direction,omitempty"` // how responses became effects
}

// Check is an expectation of the spec, judged.
type Check struct {
	Expectation
	Value  float64   `json:"value"`
	Others []float64 `json:"vs_values"`
	Pass   bool      `json:"pass"`
	Judgement
}

// Passed reports whether every expectation holds.
func (r *Result) Passed() bool {
	for _, c := range r.Checks {
		if !c.Pass {
			return false
		}
	}
	return true
}

// header is a result with the spec's description and nothing run yet.
func header(s *Spec, base *model.Network, opt Options) *Result {
	res := &Result{Name: s.Name, Description: s.Description, Engine: s.Engine, Context: s.Context.String(), Seed: s.Seed,
		Samples: s.Samples, Time: s.Time, Version: opt.Version, ModelHash: ModelHash(base), Complete: true, Spec: s, Warnings: []string{}}
	if res.Context == "" {
		res.Context = "none"
	}
	return res
}

func assemble(k *kb.KB, s *Spec, base *model.Network, runs []*run, opt Options) (*Result, error) {
	res := header(s, base, opt)
	warned := map[string]bool{}
	for _, r := range runs {
		if r.out == nil || !r.out.Complete {
			res.Complete = false
		}
		for _, msg := range r.warns {
			if !warned[msg] {
				warned[msg] = true
				res.Warnings = append(res.Warnings, msg)
			}
		}
	}
	sort.Strings(res.Warnings)
	next := 0
	take := func() *run { r := runs[next]; next++; return r }
	for range s.Arms {
		r := take()
		if r.out == nil {
			continue
		}
		res.Arms = append(res.Arms, armResult(s, r))
	}
	for _, d := range s.DoseResponse {
		dr := DoseResult{Drug: d.Drug, Readout: d.Readout, Base: d.Base, Doses: d.Doses}
		complete := true
		for _, ds := range d.Doses {
			r := take()
			if r.out == nil {
				complete = false
				continue
			}
			v := readout(r, d.Readout)
			dr.Values = append(dr.Values, v.Value)
			dr.CI95 = append(dr.CI95, v.CI95)
			dr.SE = append(dr.SE, v.SE)
			dr.N, dr.Exact = v.N, v.Exact
			x, _ := dose.Parse(ds)
			if m, ok := x.Molar(); ok {
				dr.DosesM = append(dr.DosesM, m)
			} else {
				dr.Unit = x.Unit.Name
			}
		}
		if complete {
			fitSeries(&dr, d)
		}
		res.DoseResponse = append(res.DoseResponse, dr)
	}
	if c := s.Combination; c != nil {
		cr := &ComboResult{Drugs: c.Drugs, Readout: c.Readout, Doses: c.Doses, N: s.Samples}
		complete := true
		for range c.Doses[0] {
			row := make([]float64, len(c.Doses[1]))
			se := make([]float64, len(c.Doses[1]))
			for j := range c.Doses[1] {
				r := take()
				if r.out == nil {
					complete = false
					continue
				}
				v := readout(r, c.Readout)
				row[j], se[j] = v.Value, v.SE
			}
			cr.Matrix = append(cr.Matrix, row)
			cr.SE = append(cr.SE, se)
		}
		if complete {
			synergy(cr, c)
		}
		res.Combination = cr
	}
	res.Checks = checks(s, res)
	if !res.Complete {
		res.Warnings = append(res.Warnings, "interrupted: some runs did not finish; their arms, doses or cells are missing")
	}
	return res, nil
}

func readout(r *run, node string) Value {
	p := r.out.Nodes[node]
	e := r.out.Err[node]
	last := len(p) - 1
	return Value{Value: p[last], CI95: ci95(p[last], e[last]), SE: e[last], N: r.out.Samples, Exact: r.out.Exact}
}

// armStimuli are the inputs on in arm a: its own list when it gives one
// (even empty), else the spec's.
func armStimuli(s *Spec, a *Arm) []string {
	st := s.Stimuli
	if a.Stimuli != nil {
		st = *a.Stimuli
	}
	return append([]string{}, st...)
}

func armResult(s *Spec, r *run) ArmResult {
	a := ArmResult{Name: r.arm.Name, Stimuli: armStimuli(s, r.arm), Readouts: map[string]Value{}, Series: map[string][]float64{}, SeriesCI: map[string][2][]float64{}}
	// Series points are at the end of each window.
	t := make([]float64, len(r.out.Times))
	for i, x := range r.out.Times {
		t[i] = x + r.out.Tick
	}
	a.Series["t"] = t
	for _, id := range s.Readouts {
		a.Readouts[id] = readout(r, id)
		p, e := r.out.Nodes[id], r.out.Err[id]
		lo, hi := make([]float64, len(p)), make([]float64, len(p))
		for i := range p {
			c := ci95(p[i], e[i])
			lo[i], hi[i] = c[0], c[1]
		}
		a.Series[id] = p
		a.SeriesCI[id] = [2][]float64{lo, hi}
	}
	if s.Activities {
		a.Activities = map[string]Value{}
		for id := range r.out.Nodes {
			a.Activities[id] = readout(r, id)
		}
	}
	return a
}

// fitSeries fits a 4-parameter log-logistic curve to a dose series.
// Midpoint criteria: a series whose values span less than the judge's
// margin (or twice their largest standard error) is flat, and a curve that
// explains less than minR2 of the variance does not describe it.
const (
	flatMargin = 0.03
	minR2      = 0.8
	replicates = 200
)

func fitSeries(dr *DoseResult, d DoseSeries) {
	xs := dr.DosesM
	if dr.Unit != "" {
		xs = nil
		for _, ds := range d.Doses {
			x, _ := dose.Parse(ds)
			xs = append(xs, x.Value)
		}
	}
	fit, err := pharm.FitLogisticIn(xs, dr.Values, 0, 1)
	if err != nil {
		dr.FitNote = fmt.Sprintf("no IC50: %v", err)
		return
	}
	f := &FitResult{Kind: "IC50", Hill: finite(fit.Hill), Bottom: finite(fit.Bottom), Top: finite(fit.Top), Emax: finite(fit.Top - fit.Bottom), R2: finite(fit.R2)}
	if fit.Bottom > fit.Top {
		f.Kind = "EC50"
	}
	if dr.Unit == "" {
		f.IC50M = fit.IC50
	} else {
		f.IC50 = fit.IC50
	}
	f.fitFunc = fit.Eval
	dr.Fit = f
	lo, hi := minMax(xs)
	show := func(x float64) string {
		if dr.Unit != "" {
			return fmt.Sprintf("%.3g %s", x, dr.Unit)
		}
		m := dose.FromMolar(x)
		return fmt.Sprintf("%.3g %s", m.Value, m.Unit.Name)
	}
	vlo, vhi := minMax01(dr.Values)
	noise := 0.0
	for _, se := range dr.SE {
		noise = math.Max(noise, 2*se)
	}
	margin := math.Max(flatMargin, noise)
	chi2, p := pharm.ConstantTest(dr.Values, dr.SE, dr.N)
	slope, below, above := onSlope(fit, xs)
	switch {
	case vhi-vlo < margin:
		dr.FitNote = fmt.Sprintf("no %s: the series is flat (its values span %.3f, within the margin %.3f)", f.Kind, vhi-vlo, margin)
	case p > 0.05: // no difference from a constant beyond the noise
		dr.FitNote = fmt.Sprintf("no %s: the series is flat (it does not differ from a constant beyond its noise: χ² %.1f on %d df, p %.2f)", f.Kind, chi2, len(dr.Values)-1, p)
	case fit.IC50 < lo: // before convergence: a midpoint outside the doses is why a fit cannot settle it
		dr.FitNote = fmt.Sprintf("no %s: the fitted midpoint %s lies below the lowest dose tested (%s)", f.Kind, show(fit.IC50), show(lo))
	case fit.IC50 > hi:
		dr.FitNote = fmt.Sprintf("no %s: the fitted midpoint %s lies above the highest dose tested (%s)", f.Kind, show(fit.IC50), show(hi))
	case !(fit.R2 >= minR2):
		dr.FitNote = fmt.Sprintf("no %s: the log-logistic curve does not describe the series (r² %.2f < %.2f; not monotone?)", f.Kind, fit.R2, minR2)
	case slope < 2:
		below, above = math.Max(below, lo), math.Min(above, hi)
		dr.FitNote = fmt.Sprintf("no %s: the curve falls between %s and %s with %s tested on its slope (Hill %.3g), so the midpoint is anywhere between them; more doses in between would place it", f.Kind, show(below), show(above), map[int]string{0: "no dose", 1: "only one dose"}[slope], fit.Hill)
	case !fit.Converged:
		dr.FitNote = fmt.Sprintf("no %s: the fit did not converge (an asymptote or the midpoint is not determined by the doses tested)", f.Kind)
	default:
		f.Reported = true
		ci := pharm.BootstrapMidpoint(xs, dr.Values, dr.SE, dr.N, 0, 1, replicates, seriesSeed(dr))
		if !math.IsNaN(ci.Lo) {
			f.IC50CI = &[2]float64{ci.Lo, ci.Hi}
			f.Beyond = ci.Lo < lo || ci.Hi > hi
		}
	}
}

// onSlope counts the doses tested that lie on the fitted curve's slope,
// where it has moved between 5% and 95% of the way from top to bottom, and
// returns the doses that bracket the slope: the highest still above it and
// the lowest already past it. The midpoint and the Hill slope are two
// numbers, so a fit with fewer than two doses on its slope has not placed
// the midpoint: any point between the brackets fits as well (a very steep
// fit to a noisy series put it at one of them, with a confidence interval
// ending there). A curve without a slope (top = bottom) counts as placed,
// for the other checks to judge.
func onSlope(fit pharm.Fit, xs []float64) (n int, below, above float64) {
	span := fit.Bottom - fit.Top
	if span == 0 || math.IsNaN(span) {
		return len(xs), 0, 0
	}
	below, above = math.Inf(-1), math.Inf(1)
	for _, x := range xs {
		if x <= 0 {
			continue
		}
		switch f := (fit.Eval(x) - fit.Top) / span; {
		case f <= 0.05:
			below = math.Max(below, x)
		case f >= 0.95:
			above = math.Min(above, x)
		default:
			n++
		}
	}
	return n, below, above
}

// seriesSeed derives the bootstrap seed from the series, so that its
// interval is reproducible.
func seriesSeed(dr *DoseResult) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, dr.Drug, dr.Readout, dr.Base, dr.Doses, dr.Values)
	return h.Sum64()
}

func minMax01(vs []float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

func minMax(xs []float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		if x > 0 {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	return lo, hi
}

// synergy scores the matrix (effect = fractional decrease of the readout).
func synergy(cr *ComboResult, c *Combination) {
	var da, db []float64
	for _, s := range c.Doses[0] {
		x, _ := dose.Parse(s)
		da = append(da, x.Base())
	}
	for _, s := range c.Doses[1] {
		x, _ := dose.Parse(s)
		db = append(db, x.Base())
	}
	// A readout the drugs raise (apoptosis) is scored as the fraction of
	// the room above the control that they fill; one they lower
	// (proliferation) as the fraction of the control they remove.
	dir := pharm.Decreasing
	last := cr.Matrix[len(cr.Matrix)-1]
	if last[len(last)-1] > cr.Matrix[0][0] {
		dir = pharm.IncreasingFraction
	}
	sc, err := pharm.Synergy(pharm.Matrix{DosesA: da, DosesB: db, Response: cr.Matrix, Direction: dir})
	if err != nil {
		cr.Note = fmt.Sprintf("synergy not scored: %v", err)
		return
	}
	cr.Synergy = map[string]float64{}
	cr.Excess = map[string][][]float64{}
	var unscored []string
	for _, s := range []pharm.Score{sc.Bliss, sc.HSA, sc.Loewe, sc.ZIP} {
		if !allFinite(s.Excess) || math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0) {
			unscored = append(unscored, s.Method) // undefined: absent, never 0
			continue
		}
		cr.Synergy[s.Method] = s.Mean
		cr.Excess[s.Method] = s.Excess
	}
	if len(unscored) > 0 {
		cr.Note = fmt.Sprintf("%s not scored: undefined on this matrix", strings.Join(unscored, ", "))
	}
	cr.Direction = dir.String()
	cr.SynergyCI = synergyCI(cr, da, db, dir)
	for _, m := range unscored {
		delete(cr.SynergyCI, m) // no interval for a score that is not there
	}
}

// synergyCI bootstraps the synergy scores: each replicate draws every cell
// from a normal distribution with its standard error (at least 0.5/n for a
// cell at 0 or 1), clamped to [0, 1], and rescores; the interval of a score
// is the 2.5–97.5 percentile of its replicates that could be scored.
func synergyCI(cr *ComboResult, da, db []float64, dir pharm.Direction) map[string][2]float64 {
	h := fnv.New64a()
	fmt.Fprint(h, cr.Drugs, cr.Readout, cr.Doses, cr.Matrix)
	rng := rand.New(rand.NewPCG(h.Sum64(), 1))
	reps := map[string][]float64{}
	m := make([][]float64, len(cr.Matrix))
	for i := range m {
		m[i] = make([]float64, len(cr.Matrix[i]))
	}
	for range replicates {
		for i, row := range cr.Matrix {
			for j, v := range row {
				se := 0.0
				if i < len(cr.SE) && j < len(cr.SE[i]) {
					se = cr.SE[i][j]
				}
				m[i][j] = math.Max(0, math.Min(1, v+rng.NormFloat64()*math.Max(se, 0.5/float64(max(1, cr.N)))))
			}
		}
		sc, err := pharm.Synergy(pharm.Matrix{DosesA: da, DosesB: db, Response: m, Direction: dir})
		if err != nil {
			continue
		}
		for _, s := range []pharm.Score{sc.Bliss, sc.HSA, sc.Loewe, sc.ZIP} {
			if !math.IsNaN(s.Mean) && !math.IsInf(s.Mean, 0) {
				reps[s.Method] = append(reps[s.Method], s.Mean)
			}
		}
	}
	out := map[string][2]float64{}
	for k, xs := range reps {
		if len(xs) < replicates/2 {
			continue
		}
		slices.Sort(xs)
		out[k] = [2]float64{quantile(xs, 0.025), quantile(xs, 0.975)}
	}
	return out
}

// quantile is the linearly interpolated p-quantile of sorted xs.
func quantile(xs []float64, p float64) float64 {
	k := p * float64(len(xs)-1)
	i := int(k)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (k-float64(i))*(xs[i+1]-xs[i])
}

// allFinite says whether every cell of m is a finite number.
func allFinite(m [][]float64) bool {
	for _, row := range m {
		for _, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	return true
}

// finite replaces NaN and infinities (which JSON cannot hold) by 0.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// checks judges the spec's expectations with the one judge (Judge).
func checks(s *Spec, res *Result) []Check {
	m := Measured{}
	for _, a := range res.Arms {
		m[a.Name] = map[string]judge.Estimate{}
		for id, v := range a.Readouts {
			m[a.Name][id] = v.Estimate()
		}
	}
	var out []Check
	for _, x := range s.Expect {
		c := Check{Expectation: x}
		if arm := notRun(x, m); arm != "" && !res.Complete {
			c.Judgement = Judgement{Verdict: judge.Uninformative, Reason: fmt.Sprintf("not judged: arm %s did not run (interrupted)", arm)}
		} else {
			c.Judgement = Judge(x, m, 0)
		}
		c.Value = m[x.Arm][x.Readout].Mean
		for _, name := range x.Vs {
			c.Others = append(c.Others, m[name][x.Readout].Mean)
		}
		c.Pass = c.Verdict == judge.Pass
		out = append(out, c)
	}
	return out
}

// notRun returns the first arm that expectation x compares and that has no
// measurements in m ("" when every one ran): in an interrupted run such a
// check is not judged, rather than failed against values never measured.
func notRun(x kb.Expectation, m Measured) string {
	arms := append([]string{x.Arm}, x.Vs...)
	if st := x.StrongerThan; st != nil {
		arms = append(arms, st.Arm, st.Vs)
	}
	for _, a := range arms {
		if _, ok := m[a]; a != "" && !ok {
			return a
		}
	}
	return ""
}

// ArmActivity reads one arm's node activities from a result JSON, for
// colouring a map: every node's when the spec asked for activities, else
// its readouts'. An empty arm name means the first arm.
func ArmActivity(resultJSON []byte, arm string) (map[string]float64, error) {
	var res struct {
		Arms []ArmResult `json:"arms"`
	}
	if err := json.Unmarshal(resultJSON, &res); err != nil {
		return nil, fmt.Errorf("not a result: %v", err)
	}
	var names []string
	for _, a := range res.Arms {
		if arm != "" && a.Name != arm {
			names = append(names, a.Name)
			continue
		}
		values := a.Activities
		if values == nil {
			values = a.Readouts
		}
		out := make(map[string]float64, len(values))
		for id, v := range values {
			out[id] = v.Value
		}
		return out, nil
	}
	return nil, fmt.Errorf("no arm %q%s (arms: %s)", arm, model.DidYouMean(arm, names...), strings.Join(names, ", "))
}
