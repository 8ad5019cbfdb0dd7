package claims

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// Options set how claims are checked; zero values mean the defaults.
type Options struct {
	Only    []string // claim ids; default all
	Samples int      // trajectories per run; default 2000
	Time    float64  // default 50
	Seed    int64    // default 1
	Margin  float64  // default 0.03
	experiment.Options
}

// Report is the outcome of checking claims.
type Report struct {
	Claims   []Result `json:"claims"`
	Passed   int      `json:"passed"`
	Failed   int      `json:"failed"`
	Samples  int      `json:"samples"`
	Seed     int64    `json:"seed"`
	Version  string   `json:"version"`
	Complete bool     `json:"complete"`
}

// Result is one claim, judged.
type Result struct {
	ID        string                      `json:"id"`
	Statement string                      `json:"statement"`
	Context   string                      `json:"context"`
	Reading   string                      `json:"reading,omitempty"`
	Evidence  []string                    `json:"evidence"`
	Arms      []ArmInfo                   `json:"arms"`
	Verdict   string                      `json:"verdict"`  // pass | fail
	Measured  map[string]map[string]Value `json:"measured"` // arm → readout → value
	Series    map[string]SeriesValue      `json:"dose_series,omitempty"`
	Checks    []Check                     `json:"checks"`
	Warnings  []string                    `json:"warnings,omitempty"`
	paths     map[string]map[string]experiment.Value
	sources   map[string][]string // arm → nodes it acts on
}

// ArmInfo describes an arm for the report.
type ArmInfo struct {
	Name    string `json:"name"`
	Context string `json:"context"`
	Does    string `json:"does"`
}

// Value is a probability with its 95% confidence interval.
type Value struct {
	Value float64    `json:"value"`
	CI95  [2]float64 `json:"ci95"`
}

// SeriesValue is a dose series' readout values.
type SeriesValue struct {
	Drug   string               `json:"drug"`
	Doses  []string             `json:"doses"`
	Values map[string][]float64 `json:"values"` // readout → value per dose
}

// Check is one expectation, judged.
type Check struct {
	Expect   string   `json:"expect"`
	Pass     bool     `json:"pass"`
	Detail   string   `json:"detail"`
	Path     []string `json:"path,omitempty"`
	BreaksAt string   `json:"breaks_at,omitempty"`
}

// Check runs and judges the claims of the knowledge base.
func Evaluate(ctx context.Context, k *kb.KB, opt Options) (*Report, error) {
	if opt.Samples == 0 {
		opt.Samples = 2000
	}
	if opt.Time == 0 {
		opt.Time = 50
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Margin == 0 {
		opt.Margin = 0.03
	}
	net := opt.Network
	if net == nil {
		var err error
		if net, err = k.Network(); err != nil {
			return nil, err
		}
	}
	rep := &Report{Samples: opt.Samples, Seed: opt.Seed, Version: opt.Version, Complete: true}
	for i, c := range k.Claims {
		if len(opt.Only) > 0 && !slices.Contains(opt.Only, c.ID) {
			continue
		}
		if ctx.Err() != nil {
			rep.Complete = false
			break
		}
		r, err := evaluate(ctx, k, net, &k.Claims[i], opt, int64(i))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.ID, err)
		}
		if r == nil {
			rep.Complete = false
			break
		}
		rep.Claims = append(rep.Claims, *r)
		if r.Verdict == "pass" {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	return rep, nil
}

// evaluate runs one claim: each arm is a one-arm experiment in its own
// context and stimuli; dose series run on their base arm.
func evaluate(ctx context.Context, k *kb.KB, net *model.Network, c *kb.Claim, opt Options, index int64) (*Result, error) {
	r := &Result{ID: c.ID, Statement: c.Statement, Context: c.Context, Reading: c.Reading, Evidence: c.Evidence,
		Measured: map[string]map[string]Value{}, Series: map[string]SeriesValue{}, paths: map[string]map[string]experiment.Value{}, sources: map[string][]string{}}
	readouts := map[string]bool{}
	for _, x := range c.Expect {
		readouts[x.Readout] = true
	}
	// Nodes on the paths from perturbed nodes to readouts are read too, to
	// say where a failing path breaks.
	pathNodes := map[string]bool{}
	for _, a := range c.Arms {
		r.sources[a.Name] = a.Nodes(k)
		for _, src := range r.sources[a.Name] {
			for ro := range readouts {
				for _, n := range shortestPath(net, src, ro) {
					pathNodes[n] = true
				}
			}
		}
	}
	var all []string
	for n := range readouts {
		all = append(all, n)
	}
	for n := range pathNodes {
		if !readouts[n] {
			all = append(all, n)
		}
	}
	sort.Strings(all)
	ic50, failed, complete, err := resolveIC50(ctx, k, c, opt, index)
	if err != nil || !complete {
		return nil, err
	}
	if len(failed) > 0 {
		r.Checks, r.Verdict = failed, "fail"
		return r, nil
	}
	armByName := map[string]kb.Arm{}
	specs := make([]*experiment.Spec, len(c.Arms))
	for ai, a := range c.Arms {
		does := describeArm(a, c.Stimuli)
		for _, d := range slices.Sorted(maps.Keys(ic50)) {
			if kb.IsIC50(a.Drugs[d]) {
				does = strings.ReplaceAll(does, d+" "+a.Drugs[d], d+" "+ic50[d]+" (its IC50)")
			}
		}
		a.Drugs = experiment.Arm{Drugs: a.Drugs}.WithDoses(ic50).Drugs
		armByName[a.Name] = a
		ctxID := a.Context
		if ctxID == "" {
			ctxID = c.Context
		}
		r.Arms = append(r.Arms, ArmInfo{Name: a.Name, Context: ctxID, Does: does})
		specs[ai] = specFor(c, a, all, opt, index*100+int64(ai))
	}
	results, err := runAll(ctx, k, specs, opt.Options)
	if err != nil || results == nil {
		return nil, err
	}
	for ai, a := range c.Arms {
		res := results[ai]
		r.Measured[a.Name] = map[string]Value{}
		r.paths[a.Name] = map[string]experiment.Value{}
		for _, n := range all {
			v := res.Arms[0].Readouts[n]
			r.paths[a.Name][n] = v
			if readouts[n] {
				r.Measured[a.Name][n] = Value{v.Value, v.CI95}
			}
		}
		for _, w := range res.Warnings {
			if !slices.Contains(r.Warnings, w) {
				r.Warnings = append(r.Warnings, w)
			}
		}
	}
	for si, s := range c.DoseSeries {
		base := armByName[s.Base]
		spec := specFor(c, base, sortedSet(readouts), opt, index*100+50+int64(si))
		spec.DoseResponse = []experiment.DoseSeries{{Drug: s.Drug, Doses: s.Doses, Readout: spec.Readouts[0], Base: base.Name}}
		res, err := experiment.Run(ctx, k, spec, opt.Options)
		if err != nil {
			return nil, err
		}
		if !res.Complete {
			return nil, nil
		}
		sv := SeriesValue{Drug: s.Drug, Doses: s.Doses, Values: map[string][]float64{}}
		// The runner reads every readout in each run; re-run per readout
		// is not needed: take the first readout from the fit and the
		// others from their own series.
		for _, ro := range spec.Readouts {
			sub := *spec
			sub.DoseResponse = []experiment.DoseSeries{{Drug: s.Drug, Doses: s.Doses, Readout: ro, Base: base.Name}}
			if ro != spec.Readouts[0] {
				if res, err = experiment.Run(ctx, k, &sub, opt.Options); err != nil {
					return nil, err
				}
			}
			sv.Values[ro] = res.DoseResponse[0].Values
		}
		r.Series[s.Name] = sv
	}
	for _, x := range c.Expect {
		r.Checks = append(r.Checks, judge(net, c, x, r, opt.Margin))
	}
	r.Verdict = "pass"
	for _, ch := range r.Checks {
		if !ch.Pass {
			r.Verdict = "fail"
		}
	}
	return r, nil
}

func sortedSet(m map[string]bool) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// specFor builds the one-arm experiment of a claim arm.
func specFor(c *kb.Claim, a kb.Arm, readouts []string, opt Options, index int64) *experiment.Spec {
	ctxID := a.Context
	if ctxID == "" {
		ctxID = c.Context
	}
	stimuli := c.Stimuli
	if a.Stimuli != nil {
		stimuli = a.Stimuli
	}
	arm := experiment.Arm{Name: a.Name, Knockout: a.Knockout, Overexpress: a.Overexpress, Knockdown: a.Knockdown, Add: a.Add, Drugs: a.Drugs}
	return &experiment.Spec{Version: 1, Name: c.ID + "/" + a.Name, Model: "ikklab", Engine: "stochastic",
		Context: experiment.ContextRef{ID: ctxID}, Stimuli: append([]string(nil), stimuli...), Time: opt.Time,
		Samples: opt.Samples, Seed: experiment.RunSeed(opt.Seed, int(index)), Readouts: readouts, Arms: []experiment.Arm{arm}}
}

// shortestPath returns the nodes of a shortest regulatory path from src to
// dst (both included), or nil.
func shortestPath(net *model.Network, src, dst string) []string {
	next := map[string][]string{}
	for _, e := range net.Edges() {
		next[e.Source] = append(next[e.Source], e.Target)
	}
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
			if _, seen := prev[m]; !seen {
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

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// se recovers a standard error from a 95% interval.
func se(v experiment.Value) float64 { return (v.CI95[1] - v.CI95[0]) / (2 * 1.96) }

// runAll runs one-arm experiments side by side, one per worker (each is
// small: a run of a few thousand trajectories does not split across
// workers). Every spec carries its own seed, so results do not depend on the
// number of workers. It returns nil results when interrupted.
func runAll(ctx context.Context, k *kb.KB, specs []*experiment.Spec, opt experiment.Options) ([]*experiment.Result, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	one := opt
	one.Workers = 1
	if opt.Progress != nil {
		one.Progress = experiment.LockProgress(opt.Progress)
	}
	results := make([]*experiment.Result, len(specs))
	errs := make([]error, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(specs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = experiment.Run(ctx, k, specs[i], one)
			}
		}()
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, res := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if res == nil || !res.Complete || len(res.Arms) == 0 {
			return nil, nil
		}
	}
	return results, nil
}
