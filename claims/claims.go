package claims

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// DefaultSamples is the number of trajectories per run when none is given.
// It is set by the power of the equivalence test at the default margin, the
// weakest test the judge makes: two arms of n trajectories whose readouts
// have variance σ² differ with SE = sqrt(2σ²/n), and the two one-sided tests
// at α = 0.05 each (Schuirmann 1987) show a true difference of 0 as
// equivalent with probability P(|Z| < δ/SE − 1.645) = 1 − 2Φ(−(δ/SE −
// 1.645)) in the normal approximation. With δ = 0.03 and the
// worst case σ² = 0.25 that is 80% at n = 4,750; at 2,000 it was 20%, so an
// equivalence the model satisfies failed four times in five, and verdicts
// flipped with the random streams. 5,000 gives 82%.
const DefaultSamples = 5000

// Options set how claims are checked; zero values mean the defaults.
type Options struct {
	Only    []string // claim ids; default all
	Samples int      // trajectories per run; default DefaultSamples
	Time    float64  // default 50
	Seed    int64    // default 1
	Margin  float64  // default judge.DefaultMargin
	// Engine runs every experiment: "stochastic" (the default) or "ode".
	Engine string
	experiment.Options
}

// Report is the outcome of checking claims.
type Report struct {
	Claims        []Result `json:"claims"`
	Passed        int      `json:"passed"`
	Failed        int      `json:"failed"`
	Uninformative int      `json:"uninformative"`
	// Encoded and Emergent count the passing claims with a check that
	// restates one rule term and those whose every check needs two or more
	// steps.
	Encoded  int `json:"encoded"`
	Emergent int `json:"emergent"`
	// MechanismChecked counts the passing claims whose every directional
	// effect was shown to travel the path the review states.
	MechanismChecked int `json:"mechanism_checked"`
	// NotModelled counts the failing findings the network cannot run.
	NotModelled int    `json:"not_modelled,omitempty"`
	Samples     int    `json:"samples"`
	Engine      string `json:"engine,omitempty"`
	Seed        int64  `json:"seed"`
	Version     string `json:"version"`
	Complete    bool   `json:"complete"`
}

// Result is one claim, judged.
type Result struct {
	ID        string                      `json:"id"`
	Statement string                      `json:"statement"`
	Context   string                      `json:"context"`
	Reading   string                      `json:"reading,omitempty"`
	Evidence  []string                    `json:"evidence"`
	Arms      []ArmInfo                   `json:"arms"`
	Verdict   judge.Verdict               `json:"verdict"` // pass | fail | uninformative
	Class     string                      `json:"class"`   // encoded | emergent
	Mechanism string                      `json:"mechanism"`
	Measured  map[string]map[string]Value `json:"measured"` // arm → readout → value
	Series    map[string]SeriesValue      `json:"dose_series,omitempty"`
	Checks    []Check                     `json:"checks"`
	Warnings  []string                    `json:"warnings,omitempty"`
	// Source is where a validation finding comes from (nil for a claim).
	Source  *Source             `json:"source,omitempty"`
	paths   experiment.Measured // arm → every node read
	sources map[string][]string // arm → nodes it acts on
	next    successors          // the network's edges, for path searches
}

// Mechanism results of a claim.
const (
	MechanismChecked   = "checked"     // every directional effect travels the stated path
	MechanismWrongPath = "wrong path"  // an effect survives a cut of the stated path
	MechanismUncertain = "uncertain"   // a cut leaves about half of an effect: cannot tell
	MechanismNotStated = "not stated"  // the review names no path for some effect
	MechanismNone      = "not checked" // no directional effect to cut (same, or failed)
)

// Source is the origin of a validation finding.
type Source struct {
	Citation string `json:"citation"`
	PMID     string `json:"pmid,omitempty"`
	System   string `json:"system"`
	Relation string `json:"relation"` // supports | qualifies | contradicts the review
	Quote    string `json:"quote"`
	Status   string `json:"status"` // read | lead
	// NotModelled lists the nodes the finding needs that the network lacks.
	NotModelled []string `json:"not_modelled,omitempty"`
}

// ArmInfo describes an arm for the report.
type ArmInfo struct {
	Name    string `json:"name"`
	Context string `json:"context"`
	Does    string `json:"does"`
}

// Value is a probability with its 95% confidence interval, its standard
// error from the trajectories and their number.
type Value = experiment.Value

// SeriesValue is a dose series' readout values.
type SeriesValue struct {
	Drug   string               `json:"drug"`
	Doses  []string             `json:"doses"`
	Values map[string][]float64 `json:"values"` // readout → value per dose
	SE     map[string][]float64 `json:"se"`     // readout → standard error per dose
	N      int                  `json:"n"`
	Exact  bool                 `json:"exact,omitempty"` // computed values (engine ode)
}

// Check is one expectation, judged.
type Check struct {
	Expect string `json:"expect"`
	Pass   bool   `json:"pass"`
	experiment.Judgement
	// Class is encoded when the readout's rule reads a node the arms
	// perturb (the check restates one rule term), emergent otherwise.
	Class     string     `json:"class"`
	Mechanism *Mechanism `json:"mechanism,omitempty"`
	Path      []string   `json:"path,omitempty"`
	BreaksAt  string     `json:"breaks_at,omitempty"`
}

// Evaluate runs and judges the claims of the knowledge base.
func Evaluate(ctx context.Context, k *kb.KB, opt Options) (*Report, error) {
	return evaluateAll(ctx, k, opt, len(k.Claims), func(i int) (*kb.Claim, *Source) { return &k.Claims[i], nil })
}

// EvaluateFindings runs and judges the validation findings of the knowledge
// base (Options.Only selects finding ids) with the claims' judge. A finding
// whose needed nodes the network lacks is reported failing as not modelled.
func EvaluateFindings(ctx context.Context, k *kb.KB, opt Options) (*Report, error) {
	return evaluateAll(ctx, k, opt, len(k.Findings), func(i int) (*kb.Claim, *Source) {
		f := &k.Findings[i]
		return &f.Claim, &Source{Citation: f.Citation, PMID: f.PMID, System: f.System, Relation: f.Relation,
			Quote: f.Quote, Status: f.Status, NotModelled: k.Missing(f)}
	})
}

// streams numbers an item's random streams by its id (FNV-1a), not by its
// place in the file, so adding, removing or moving one claim or finding
// never changes the verdicts of the others. Claim and finding ids differ
// (C…, V…), so a finding never shares a stream with a claim.
func streams(id string) int64 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int64(h.Sum32())
}

// evaluateAll judges n items, item i given by at, in order.
func evaluateAll(ctx context.Context, k *kb.KB, opt Options, n int, at func(i int) (*kb.Claim, *Source)) (*Report, error) {
	if opt.Samples == 0 {
		opt.Samples = DefaultSamples
	}
	if opt.Time == 0 {
		opt.Time = 50
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Margin == 0 {
		opt.Margin = judge.DefaultMargin
	}
	net, err := baseNetwork(k, opt)
	if err != nil {
		return nil, err
	}
	rep := &Report{Samples: opt.Samples, Seed: opt.Seed, Engine: opt.Engine, Version: opt.Version, Complete: true}
	for i := range n {
		c, src := at(i)
		if len(opt.Only) > 0 && !slices.Contains(opt.Only, c.ID) {
			continue
		}
		if ctx.Err() != nil {
			rep.Complete = false
			break
		}
		index := streams(c.ID)
		var r *Result
		if src != nil && len(src.NotModelled) > 0 {
			r = notModelled(c, src)
		} else if r, err = evaluate(ctx, k, net, c, opt, index); err != nil {
			return nil, fmt.Errorf("%s: %w", c.ID, err)
		}
		if r == nil {
			rep.Complete = false
			break
		}
		r.Source = src
		rep.add(r)
	}
	return rep, nil
}

// notModelled is the result of a finding the network cannot run: it fails.
func notModelled(c *kb.Claim, src *Source) *Result {
	return &Result{ID: c.ID, Statement: c.Statement, Context: c.Context, Reading: c.Reading, Evidence: c.Evidence,
		Verdict: judge.Fail, Class: "emergent", Mechanism: MechanismNone,
		Warnings: []string{"not modelled: the network has no node " + strings.Join(src.NotModelled, ", ")}}
}

// add counts a judged claim.
func (rep *Report) add(r *Result) {
	rep.Claims = append(rep.Claims, *r)
	switch r.Verdict {
	case judge.Pass:
		rep.Passed++
		if r.Class == "encoded" {
			rep.Encoded++
		} else {
			rep.Emergent++
		}
		if r.Mechanism == MechanismChecked {
			rep.MechanismChecked++
		}
	case judge.Uninformative:
		rep.Uninformative++
	default:
		rep.Failed++
		if r.Source != nil && len(r.Source.NotModelled) > 0 {
			rep.NotModelled++
		}
	}
}

// claimArm is an arm as run: its settings and where it runs.
type claimArm struct {
	arm     experiment.Arm
	context string
	stimuli []string
}

// newClaimArm is claim arm a with the given drug doses, in its context and
// stimuli (the claim's unless the arm sets its own).
func newClaimArm(c *kb.Claim, a kb.Arm, drugs map[string]string) claimArm {
	stimuli := c.Stimuli
	if a.Stimuli != nil {
		stimuli = a.Stimuli
	}
	return claimArm{arm: experiment.Arm{Name: a.Name, Knockout: a.Knockout, Overexpress: a.Overexpress, Knockdown: a.Knockdown, Add: a.Add, Drugs: drugs},
		context: cmp.Or(a.Context, c.Context), stimuli: stimuli}
}

// evaluate runs one claim: each arm is a one-arm experiment in its own
// context and stimuli, then the sham arms of its combinations, then the cuts
// of its mechanism checks; dose series run on their base arm.
func evaluate(ctx context.Context, k *kb.KB, net *model.Network, c *kb.Claim, opt Options, index int64) (*Result, error) {
	r := &Result{ID: c.ID, Statement: c.Statement, Context: c.Context, Reading: c.Reading, Evidence: c.Evidence,
		Measured: map[string]map[string]Value{}, Series: map[string]SeriesValue{}, paths: experiment.Measured{}, sources: map[string][]string{}, next: successorsOf(net)}
	readouts := map[string]bool{}
	for _, x := range c.Expect {
		readouts[x.Readout] = true
	}
	// Nodes on the paths from perturbed nodes to readouts, the nodes of the
	// stated mechanism and the paths around each of its cuts are read too,
	// to say where a failing path breaks, to hold the mechanism at its
	// reference activity and to show where the effect goes instead.
	read := maps.Clone(readouts)
	for _, a := range c.Arms {
		r.sources[a.Name] = a.Nodes(k)
		for _, src := range r.sources[a.Name] {
			for ro := range readouts {
				for _, n := range r.next.shortestPath(src, ro) {
					read[n] = true
				}
			}
		}
	}
	for _, x := range c.Expect {
		for _, entry := range via(c, x) {
			for _, n := range viaNodes(entry) {
				read[n] = true
			}
		}
		if !directional(x) {
			continue
		}
		for _, cut := range r.mechanismTargets(c, x) {
			for _, src := range r.sources[x.Arm] {
				for _, n := range r.next.shortestPath(src, x.Readout, viaNodes(cut)...) {
					read[n] = true
				}
			}
		}
	}
	all := slices.Sorted(maps.Keys(read))
	ic50, failed, complete, err := resolveIC50(ctx, k, c, opt, index)
	if err != nil || !complete {
		return nil, err
	}
	if len(failed) > 0 {
		r.Checks, r.Verdict, r.Class, r.Mechanism = failed, judge.Fail, "emergent", MechanismNone
		return r, nil
	}
	var arms []claimArm
	var expArms []experiment.Arm
	armIndex := map[string]int{}
	for _, a := range c.Arms {
		does := describeArm(a, c.Stimuli)
		for _, d := range slices.Sorted(maps.Keys(ic50)) {
			if kb.IsIC50(a.Drugs[d]) {
				does = strings.ReplaceAll(does, d+" "+a.Drugs[d], d+" "+ic50[d]+" (its IC50)")
			}
		}
		ca := newClaimArm(c, a, experiment.Arm{Drugs: a.Drugs}.WithDoses(ic50).Drugs)
		armIndex[a.Name] = len(arms)
		arms = append(arms, ca)
		expArms = append(expArms, ca.arm)
		r.Arms = append(r.Arms, ArmInfo{Name: a.Name, Context: ca.context, Does: does})
	}
	shams, err := experiment.ShamArms(c.Expect, expArms)
	if err != nil {
		return nil, err
	}
	for _, s := range shams {
		of, _ := experiment.ShamOf(s.Name)
		single := arms[armIndex[of]]
		armIndex[s.Name] = len(arms)
		arms = append(arms, claimArm{arm: s, context: single.context, stimuli: single.stimuli})
		r.Arms = append(r.Arms, ArmInfo{Name: s.Name, Context: single.context, Does: "sham control: " + kb.Arm{Drugs: s.Drugs}.Describe()})
		r.sources[s.Name] = r.sources[single.arm.Name]
	}
	// Then the mechanism checks: each stated node held at its activity in
	// the reference arm, in the expectation's arm.
	for _, phase := range []func() []claimArm{
		func() []claimArm { return arms },
		func() []claimArm { return r.cutArms(c, arms, armIndex) },
	} {
		first := len(r.paths)
		ok, err := r.run(ctx, k, c, phase(), first, all, opt, index)
		if err != nil || !ok {
			return nil, err
		}
	}
	for si, s := range c.DoseSeries {
		base := arms[armIndex[s.Base]]
		sv, ok, err := runSeries(ctx, k, c, s, base, slices.Sorted(maps.Keys(readouts)), opt, index*100+50+int64(si))
		if err != nil || !ok {
			return nil, err
		}
		r.Series[s.Name] = sv
		r.sources["series "+s.Name] = append(slices.Clone(r.sources[s.Base]), kb.Arm{Drugs: map[string]string{s.Drug: ""}}.Nodes(k)...)
	}
	for _, x := range c.Expect {
		r.Checks = append(r.Checks, r.judge(net, c, x, opt.Margin))
	}
	r.conclude()
	return r, nil
}

// maxArms is the number of arms, shams and cuts a claim may run: streams
// index·100 + 0…49 are its arms, +50… its dose series, +90… its IC50 series.
const maxArms = 50

// run simulates arms side by side and records what they read; arm i gets
// stream first+i. It reports false when interrupted.
func (r *Result) run(ctx context.Context, k *kb.KB, c *kb.Claim, arms []claimArm, first int, read []string, opt Options, index int64) (bool, error) {
	if first+len(arms) > maxArms {
		return false, fmt.Errorf("%d arms, sham controls and mechanism cuts: more than the %d a claim may run", first+len(arms), maxArms)
	}
	specs := make([]*experiment.Spec, len(arms))
	for i, a := range arms {
		specs[i] = specFor(c, a, read, opt, index*100+int64(first+i))
	}
	results, err := runAll(ctx, k, specs, opt.Options)
	if err != nil || results == nil {
		return false, err
	}
	for i, a := range arms {
		res := results[i]
		r.paths[a.arm.Name] = map[string]judge.Estimate{}
		measured := map[string]Value{}
		for _, n := range read {
			v := res.Arms[0].Readouts[n]
			r.paths[a.arm.Name][n] = v.Estimate()
			if slices.ContainsFunc(c.Expect, func(x kb.Expectation) bool { return x.Readout == n }) {
				measured[n] = v
			}
		}
		if !strings.HasPrefix(a.arm.Name, "cut ") {
			r.Measured[a.arm.Name] = measured
		}
		for _, w := range res.Warnings {
			if !slices.Contains(r.Warnings, w) {
				r.Warnings = append(r.Warnings, w)
			}
		}
	}
	return true, nil
}

// runSeries runs a dose series on its base arm and reads each readout.
func runSeries(ctx context.Context, k *kb.KB, c *kb.Claim, s kb.DoseSeries, base claimArm, readouts []string, opt Options, index int64) (SeriesValue, bool, error) {
	spec := specFor(c, base, readouts, opt, index)
	sv := SeriesValue{Drug: s.Drug, Doses: s.Doses, Values: map[string][]float64{}, SE: map[string][]float64{}}
	for _, ro := range readouts {
		sub := *spec
		sub.DoseResponse = []experiment.DoseSeries{{Drug: s.Drug, Doses: s.Doses, Readout: ro, Base: base.arm.Name}}
		res, err := experiment.Run(ctx, k, &sub, opt.Options)
		if err != nil || !res.Complete {
			return sv, false, err
		}
		d := res.DoseResponse[0]
		sv.Values[ro], sv.SE[ro], sv.N, sv.Exact = d.Values, d.SE, d.N, d.Exact
	}
	return sv, true, nil
}

// conclude sets the claim's verdict (fail before uninformative before
// pass), class (encoded when any check restates a rule term) and mechanism
// from its checks.
func (r *Result) conclude() {
	r.Verdict, r.Class, r.Mechanism = judge.Pass, "emergent", MechanismNone
	directional := 0
	for _, ch := range r.Checks {
		switch ch.Verdict {
		case judge.Fail:
			r.Verdict = judge.Fail
		case judge.Uninformative:
			if r.Verdict == judge.Pass {
				r.Verdict = judge.Uninformative
			}
		}
		if ch.Class == "encoded" {
			r.Class = "encoded"
		}
		if m := ch.Mechanism; m != nil {
			directional++
			// The claim's mechanism is its checks' worst: wrong path, then
			// uncertain, then not stated, then checked.
			if rank[m.Result] > rank[r.Mechanism] {
				r.Mechanism = m.Result
			}
		}
	}
	if directional == 0 {
		r.Mechanism = MechanismNone
	}
}

// rank orders mechanism results from best to worst.
var rank = map[string]int{MechanismNone: 0, MechanismChecked: 1, MechanismNotStated: 2, MechanismUncertain: 3, MechanismWrongPath: 4}

// specFor builds the one-arm experiment of a claim arm.
func specFor(c *kb.Claim, a claimArm, readouts []string, opt Options, index int64) *experiment.Spec {
	engine := opt.Engine
	if engine == "" {
		engine = "stochastic"
	}
	return &experiment.Spec{Version: 1, Name: c.ID + "/" + a.arm.Name, Model: "ikklab", Engine: engine,
		Context: experiment.ContextRef{ID: a.context}, Stimuli: append([]string(nil), a.stimuli...), Time: opt.Time,
		Samples: opt.Samples, Seed: experiment.RunSeed(opt.Seed, int(index)), Readouts: readouts, Arms: []experiment.Arm{a.arm}}
}

// successors maps each node to the nodes it regulates.
type successors map[string][]string

// successorsOf lists a network's edges once, for the path searches of a
// claim's reports.
func successorsOf(net *model.Network) successors {
	next := successors{}
	for _, e := range net.Edges() {
		next[e.Source] = append(next[e.Source], e.Target)
	}
	return next
}

// shortestPath returns the nodes of a shortest regulatory path from src to
// dst (both included) that passes through none of the nodes avoid, or nil.
func (next successors) shortestPath(src, dst string, avoid ...string) []string {
	prev := map[string]string{src: ""}
	queue := []string{src}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == dst {
			var path []string
			for x := dst; x != ""; x = prev[x] {
				path = append([]string{x}, path...)
			}
			return path
		}
		for _, m := range next[n] {
			if _, seen := prev[m]; !seen && !slices.Contains(avoid, m) {
				prev[m] = n
				queue = append(queue, m)
			}
		}
	}
	return nil
}

func describeArm(a kb.Arm, stimuli []string) string {
	if a.Stimuli == nil && len(stimuli) > 0 {
		a.Stimuli = stimuli
	}
	return a.Describe()
}

// runAll runs one-arm experiments side by side, one per worker (each is
// small: a run of a few thousand trajectories does not split across
// workers). Every spec carries its own seed, so results do not depend on the
// number of workers. It returns nil results when interrupted.
func runAll(ctx context.Context, k *kb.KB, specs []*experiment.Spec, opt experiment.Options) ([]*experiment.Result, error) {
	results, err := experiment.RunAll(ctx, k, specs, opt)
	if err != nil {
		return nil, err
	}
	for _, res := range results {
		if res == nil || !res.Complete || len(res.Arms) == 0 {
			return nil, nil
		}
	}
	return results, nil
}
