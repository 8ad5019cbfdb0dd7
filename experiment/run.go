package experiment

import (
	"context"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/internal/parallel"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/pharm"
)

// Options set how an experiment runs; zero values mean the defaults.
type Options struct {
	Workers  int // default runtime.GOMAXPROCS(0)
	Progress Progress
	Version  string // ikklab version recorded in the result
	// Network, when not nil, replaces the knowledge base's network (same
	// node ids), e.g. with rescaled rates for a robustness analysis.
	Network *model.Network
	// IC50Doses, when not nil, are the doses "IC50" becomes, already
	// found (by the shard that ran them): Prepare does not find them again.
	IC50Doses map[string]string
}

// Progress receives the number of trajectories finished since the last call.
// It may be called from several goroutines.
type Progress interface{ Add(n int) }

// windows is the number of statistics windows of a run (the series'
// resolution); readouts are read in the last one.
const windows = 100

// run is one simulation of the plan.
type run struct {
	index int
	arm   *Arm
	extra map[string]dose.Dose // drugs added to the arm (dose series, matrix)
	out   *outcome
	warns []string
	err   error
}

// Run executes a validated spec: Prepare, Execute every run, Result.
func Run(ctx context.Context, k *kb.KB, s *Spec, opt Options) (*Result, error) {
	p, err := Prepare(ctx, k, s, opt)
	if err != nil {
		return nil, err
	}
	if err := p.Execute(ctx); err != nil {
		return nil, err
	}
	return p.Result()
}

// Plan is a spec ready to run: its network built, its "IC50" doses found,
// its sham arms added, and its runs listed in a fixed order (the arms, each
// dose series, the matrix). Runs can execute in any subset and any order,
// on any machine: each has its own seed (RunSeed), so a run's outcome
// depends only on the spec and its index. That is what sharding rests on.
type Plan struct {
	k        *kb.KB
	s        *Spec
	base     *model.Network
	opt      Options
	runs     []*run
	ic50     map[string]string
	resolved bool // false: interrupted while finding IC50 doses; no runs
}

// Prepare builds the plan of a validated spec. Finding the IC50 of drugs
// dosed at "IC50" runs simulations, so Prepare can take a while and be
// interrupted (then the plan has no runs and its result is incomplete).
func Prepare(ctx context.Context, k *kb.KB, s *Spec, opt Options) (*Plan, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	base, err := baseNetwork(k, s, opt.Network)
	if err != nil {
		return nil, err
	}
	s, ic50, complete, err := resolveIC50(ctx, k, s, opt)
	if err != nil {
		return nil, err
	}
	p := &Plan{k: k, s: s, base: base, opt: opt, ic50: ic50, resolved: complete}
	if !complete {
		return p, nil
	}
	if p.s, err = withShams(s); err != nil {
		return nil, err
	}
	if p.runs = plan(p.s); len(p.runs) == 0 {
		return nil, errNoRuns
	}
	return p, nil
}

// Len is the number of runs.
func (p *Plan) Len() int { return len(p.runs) }

// Cost estimates the work of every run (trajectories × simulated time;
// an ODE run counts as one trajectory), for balancing shards.
func (p *Plan) Cost() float64 {
	n := float64(p.s.Samples)
	if p.s.Engine == "ode" {
		n = 1
	}
	return n * p.s.Time
}

// IC50Doses are the doses "IC50" became (nil when no arm doses at IC50).
func (p *Plan) IC50Doses() map[string]string { return p.ic50 }

// Execute simulates every run, in parallel. An interrupted run stays
// without an outcome.
func (p *Plan) Execute(ctx context.Context) error {
	if len(p.runs) == 0 { // interrupted while finding IC50 doses
		return nil
	}
	var progress Progress = nopProgress{}
	if p.opt.Progress != nil {
		progress = LockProgress(p.opt.Progress)
	}
	parallel.For(ctx, len(p.runs), p.opt.Workers, func(i int) {
		inner := max(1, p.opt.Workers/min(p.opt.Workers, len(p.runs)))
		p.ExecuteRun(ctx, i, inner, progress) // its error stays with the run
	})
	for _, r := range p.runs {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// Samples is the trajectories of each run.
func (p *Plan) Samples() int { return p.s.Samples }

// ExecuteRun simulates run i alone with the given workers, reporting to
// progress (nil: nowhere; it must be safe for concurrent use when runs go
// side by side, see LockProgress). Different runs, of this plan or
// others, may execute concurrently.
func (p *Plan) ExecuteRun(ctx context.Context, i, workers int, progress Progress) error {
	if i < 0 || i >= len(p.runs) {
		return fmt.Errorf("run %d outside 0..%d", i, len(p.runs)-1)
	}
	if progress == nil {
		progress = nopProgress{}
	}
	r := p.runs[i]
	r.out, r.warns, r.err = simulate(ctx, p.k, p.s, p.base, r, max(workers, 1), progress)
	return r.err
}

// Result assembles the result from the runs' outcomes; it is incomplete
// when some run has none.
func (p *Plan) Result() (*Result, error) {
	if !p.resolved {
		res := header(p.s, p.base, p.opt)
		res.Complete = false
		return res, nil
	}
	res, err := assemble(p.k, p.s, p.base, p.runs, p.opt)
	if res != nil {
		res.IC50Doses = p.ic50
	}
	return res, err
}

// withShams returns s with the sham arms its combination expectations need.
func withShams(s *Spec) (*Spec, error) {
	shams, err := ShamArms(s.Expect, s.Arms)
	if err != nil || len(shams) == 0 {
		return s, err
	}
	sc := *s
	sc.Arms = append(slices.Clone(s.Arms), shams...)
	return &sc, nil
}

type nopProgress struct{}

func (nopProgress) Add(int) {}

// LockProgress returns p made safe for runs that report side by side.
func LockProgress(p Progress) Progress { return &lockedProgress{p: p} }

type lockedProgress struct {
	mu sync.Mutex
	p  Progress
}

func (l *lockedProgress) Add(n int) {
	l.mu.Lock()
	l.p.Add(n)
	l.mu.Unlock()
}

// plan lists the runs: the arms, then each dose series, then the matrix.
func plan(s *Spec) []*run {
	var runs []*run
	add := func(a *Arm, extra map[string]dose.Dose) {
		runs = append(runs, &run{index: len(runs), arm: a, extra: extra})
	}
	arm := func(name string) *Arm {
		for i := range s.Arms {
			if s.Arms[i].Name == name {
				return &s.Arms[i]
			}
		}
		return &s.Arms[0]
	}
	for i := range s.Arms {
		add(&s.Arms[i], nil)
	}
	for _, d := range s.DoseResponse {
		for _, ds := range d.Doses {
			x, _ := dose.Parse(ds)
			add(arm(d.Base), map[string]dose.Dose{d.Drug: x})
		}
	}
	if c := s.Combination; c != nil {
		for _, da := range c.Doses[0] {
			for _, db := range c.Doses[1] {
				x, _ := dose.Parse(da)
				y, _ := dose.Parse(db)
				add(arm(c.Base), map[string]dose.Dose{c.Drugs[0]: x, c.Drugs[1]: y})
			}
		}
	}
	return runs
}

// RunCount returns the number of simulations a spec asks for, including
// the sham arms of combination expectations and the dose series that find the IC50 of drugs dosed at "IC50".
func RunCount(s *Spec) int {
	shams := map[string]bool{}
	for _, x := range s.Expect {
		if x.Criterion != "" {
			for _, a := range x.Vs {
				shams[a] = true
			}
		}
	}
	return len(plan(s)) + len(shams) + len(IC50Drugs(s.Arms))*len(IC50Grid)
}

// RunSeed derives run r's seed from the spec's seed (splitmix64), so that
// every run has its own streams whatever the order runs execute in.
func RunSeed(seed int64, r int) int64 {
	z := uint64(seed) + uint64(r+1)*0x9E3779B97F4A7C15
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return int64((z ^ z>>31) >> 1)
}

// baseNetwork is the built-in network with the spec's context, stimuli and
// engine applied (everything but the arm).
func baseNetwork(k *kb.KB, s *Spec, override *model.Network) (*model.Network, error) {
	net := s.net // a model file
	if net == nil {
		var err error
		if net, err = k.Network(); err != nil {
			return nil, err
		}
	}
	if override != nil {
		net = override
	}
	var err error
	if s.Engine == "async" {
		nodes := append([]model.Node(nil), net.Nodes...)
		for i := range nodes {
			if nodes[i].Rule != nil {
				nodes[i].Up, nodes[i].Down = model.LogicRate(1, true), model.LogicRate(1, false)
			}
		}
		if net, err = model.NewWith(net.Name, nodes, net.Params, net.Init); err != nil {
			return nil, err
		}
	}
	return net, nil
}

// fixed is a node held on or off by a context or an arm.
type fixed struct {
	node string
	on   bool
}

// contextSettings returns the nodes the spec's context holds and the
// initial states it sets.
func contextSettings(k *kb.KB, s *Spec) ([]fixed, map[string]bool) {
	var held []fixed
	initial := map[string]bool{}
	switch c := s.Context; {
	case c.Inline != nil:
		for _, id := range sortedKeys(c.Inline.Mutations) {
			held = append(held, fixed{id, c.Inline.Mutations[id] == "on"})
		}
		for _, id := range c.Inline.Overexpress {
			held = append(held, fixed{id, true})
		}
		for _, id := range c.Inline.Knockout {
			held = append(held, fixed{id, false})
		}
		for id, v := range c.Inline.Initial {
			initial[id] = v == "on"
		}
	case c.ID != "":
		ctx, _ := k.Context(c.ID)
		for _, set := range ctx.Sets {
			if set.Fixed() {
				held = append(held, fixed{set.Node, set.On()})
			} else {
				initial[set.Node] = set.On()
			}
		}
	}
	return held, initial
}

// hold fixes the held nodes (later entries win).
func hold(net *model.Network, held []fixed) (*model.Network, error) {
	m := map[string]bool{}
	for _, h := range held {
		m[h.node] = h.on
	}
	return net.Fix(m)
}

// simulate performs one run.
func simulate(ctx context.Context, k *kb.KB, s *Spec, base *model.Network, r *run, workers int, progress Progress) (*outcome, []string, error) {
	if ctx.Err() != nil {
		return nil, nil, nil
	}
	held, initial := contextSettings(k, s)
	for _, st := range armStimuli(s, r.arm) {
		initial[st] = true
	}
	net, err := base.SetInitial(initial)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range r.arm.Knockout {
		held = append(held, fixed{id, false})
	}
	for _, id := range append(append([]string(nil), r.arm.Overexpress...), r.arm.Add...) {
		held = append(held, fixed{id, true})
	}
	if net, err = hold(net, held); err != nil {
		return nil, nil, err
	}
	doses := map[string]dose.Dose{}
	for id, d := range r.arm.Drugs {
		doses[id], _ = dose.Parse(d)
	}
	for id, d := range r.extra {
		doses[id] = d // a series or matrix dose replaces the arm's own dose of that drug
	}
	effects, warnings, err := pharm.Effects(s.drugs(k), doses)
	if err != nil {
		return nil, nil, err
	}
	var warns []string
	for _, w := range warnings {
		warns = append(warns, w.String())
	}
	effects = withKnockdowns(effects, r.arm.Knockdown)
	if len(effects) > 0 {
		if net, err = pharm.Apply(net, effects, pharm.Options{}); err != nil {
			return nil, nil, err
		}
	}
	if net, err = net.Clamp(r.arm.Clamp); err != nil {
		return nil, nil, err
	}
	if net, err = allInternal(net); err != nil {
		return nil, nil, err
	}
	params, err := net.ParamValues()
	if err != nil {
		return nil, nil, err
	}
	eng, err := engineFor(s.Engine)
	if err != nil {
		return nil, nil, err
	}
	readouts := s.Readouts
	if s.Activities {
		readouts = nil
		for _, n := range net.Nodes {
			readouts = append(readouts, n.ID)
		}
	}
	res, err := eng.run(ctx, net, params, runSettings{samples: s.Samples, time: s.Time, seed: RunSeed(s.Seed, r.index),
		workers: workers, readouts: readouts, progress: progress})
	if err == nil && res != nil && !res.Complete {
		// Interrupted: a run counts only when all its trajectories ran (a
		// run stopped before its first chunk has no windows at all).
		return nil, warns, nil
	}
	return res, warns, err
}

// allInternal makes every node internal: an experiment reads its readouts
// from the per-node series (stochastic.Options.Series), so it keeps no
// statistics for joint output states at all. Joint states of many readouts
// (a claim reads every node on its paths) would otherwise grow with 2^n and
// could exceed the engine's memory budget; per-node statistics are the same
// either way.
func allInternal(net *model.Network) (*model.Network, error) {
	nodes := append([]model.Node(nil), net.Nodes...)
	for i := range nodes {
		nodes[i].Internal = true
	}
	return model.NewWith(net.Name, nodes, net.Params, net.Init)
}

// withKnockdowns adds partial losses (inhibition of the given fraction) to
// the drug effects, combining with a drug on the same node as independent
// inhibition.
func withKnockdowns(effects []pharm.Effect, kd map[string]float64) []pharm.Effect {
	for _, id := range sortedKeys(kd) {
		found := false
		for i := range effects {
			if effects[i].Node == id {
				effects[i].Inhibition = 1 - (1-effects[i].Inhibition)*(1-kd[id])
				found = true
			}
		}
		if !found {
			effects = append(effects, pharm.Effect{Node: id, Inhibition: kd[id]})
		}
	}
	return effects
}

// ModelHash identifies the network a result came from (model.Network.Hash).
func ModelHash(net *model.Network) string { return net.Hash() }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// ci95 is a normal-approximation 95% interval clamped to [0, 1], rounded
// to 12 decimals as the probabilities are (logic/stochastic), so CSV and
// JSON give both to the same precision.
func ci95(p, se float64) [2]float64 {
	r := func(x float64) float64 { return math.Round(x*1e12) / 1e12 }
	return [2]float64{r(math.Max(0, p-1.96*se)), r(math.Min(1, p+1.96*se))}
}
