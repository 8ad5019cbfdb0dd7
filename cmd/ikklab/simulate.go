package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/logic/stochastic"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/pharm"
)

// listFlag collects a repeatable string flag.
// maxSimulateSamples bounds -samples (or a cfg's sample_count) as a run
// spec's samples are bounded (experiment.MaxSamples; simulate is also in
// the lean build, which has no experiment package): ten million
// trajectories of a large model already take hours on a laptop.
const maxSimulateSamples = 10_000_000

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func runSimulate(e *env, args []string) int {
	fs := newFlags("simulate", "MODEL", `Simulate a logical model stochastically with MaBoSS's semantics (continuous-time
Markov chain, Gillespie's algorithm, time-averaged statistics per window).
MODEL is "ikklab" (the built-in network; phenotypes are its outputs) or a file:
.bnd (its .cfg beside it is read), .bnet, .sbml/.xml. Settings come from the cfg,
then -e statements, then the flags below.

An SBML core model (reactions, rules, events; a .xml/.sbml without the qual
package) is integrated as ODEs instead: -time T (default 100) and -points N
give the output times, and species are reported as concentrations (amounts
when hasOnlySubstanceUnits), with the non-constant compartments and
parameters. MODEL may also be a built-in kinetic model: hoffmann2002 (the
IκB–NF-κB module, BIOMD0000000140) or hoffmann2002-ikke-tbk1 (with IKKε and
TBK1 on the IKK complex; -set IKKe_activity=1 -set TBK1_activity=1).`, e,
		"ikklab simulate ikklab -context tnbc -samples 10000",
		"ikklab simulate ikklab -overexpress TNF -knockout IKKε -format json",
		"ikklab simulate ikklab -context tnbc -drugs momelotinib=1uM,trametinib=10nM",
		"ikklab simulate CellFateModel.bnd -cfg CellFateModel_1.cfg -e '$XIAP_del = FALSE;' -samples 100000",
		"ikklab simulate model.bnet -time 50 -format csv > probtraj.csv",
		"ikklab simulate model.bnd -o results/   # result.json, probtraj.csv, fixed_points.csv, final_nodes.csv",
		"ikklab simulate sizek.bnd -final -samples 1000000   # states at max_time only, like MaBoSS --final",
		"ikklab simulate BIOMD0000000140.xml -time 2600 -points 600 -format csv   # an SBML kinetic model",
		"ikklab simulate hoffmann2002-ikke-tbk1 -time 2300 -set IKKe_activity=1")
	var cfgs, stmts listFlag
	fs.Var(&cfgs, "cfg", "MaBoSS cfg `FILE` to apply (repeatable; default: NAME.cfg and NAME.bnd.cfg beside a .bnd)")
	fs.Var(&stmts, "e", "cfg `STATEMENTS` applied after the cfg files, e.g. '$XIAP_del = FALSE;' (repeatable)")
	context := fs.String("context", "", "knowledge-base `CONTEXT` to apply (built-in model): its fixed nodes and initial states")
	knockout := fs.String("knockout", "", "comma-separated `NODES` fixed off (infinitely fast flips, as pyMaBoSS mutants)")
	overexpress := fs.String("overexpress", "", "comma-separated `NODES` fixed on")
	drugs := fs.String("drugs", "", "drugs at doses, e.g. `momelotinib=1uM,trametinib=10nM` (built-in model; see 'ikklab kb drugs')")
	samples := fs.Int("samples", 0, "trajectories (default: the cfg's sample_count)")
	maxTime := fs.Float64("time", 0, "simulated `TIME` (default: the cfg's max_time)")
	tick := fs.Float64("tick", 0, "statistics window width (default: the cfg's time_tick)")
	seed := fs.Int64("seed", 0, "random seed: trajectory k uses seed+k (default: the cfg's seed_pseudorandom)")
	workers := workersFlag(fs, "parallel workers (default: one per CPU); results do not depend on it")
	format := formatFlag(fs, "table", "table", "json", "csv")
	outDir := outDirFlag(fs, "also write result.json, probtraj.csv, fixed_points.csv and final_nodes.csv into `DIR`")
	quiet := fs.Bool("q", false, "no progress bar")
	all := fs.Bool("all", false, "table: list every output state (default: the 20 most probable)")
	final := fs.Bool("final", false, "keep only each trajectory's state at max_time, like MaBoSS --final: probabilities of output states and nodes at that time (binomial errors), no per-window series or transition entropy; -format csv and -o write final_states.csv instead of probtraj.csv")
	points := fs.Int("points", 100, "SBML kinetic models: output `N` intervals (N+1 times from 0 to -time)")
	method := fs.String("method", "rodas5p", "SBML kinetic models: ODE `METHOD`: rodas5p (stiff), dopri5 (explicit) or auto")
	var sets listFlag
	fs.Var(&sets, "set", "SBML kinetic models: set parameter `ID=VALUE` (repeatable), e.g. IKKe_activity=1")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	if len(fs.pos) != 1 {
		return fail(e, "simulate", exitUsage, errors.New("give one MODEL: ikklab, or a .bnd, .bnet or .sbml file"))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if kinetic, err := isKineticName(fs.pos[0]); err != nil {
		return fail(e, "simulate", exitUsage, err)
	} else if kinetic {
		return simulateKinetic(e, fs.pos[0], set, *maxTime, *points, *method, *format, *outDir, sets)
	}
	for _, f := range []string{"points", "method", "set"} {
		if set[f] {
			return fail(e, "simulate", exitUsage, fmt.Errorf("-%s applies to SBML kinetic models, not to the logical model %s", f, fs.pos[0]))
		}
	}

	net, cfg, err := loadModelCfg(e, fs.pos[0], cfgs)
	if err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	var muts []stochastic.Mutation
	// The names of -context, -knockout, -overexpress and -drugs are checked
	// together, so a command with several typos shows them all at once, in
	// one line as a list flag does.
	var bad []error
	if *context != "" {
		if !strings.EqualFold(fs.pos[0], builtin) {
			return fail(e, "simulate", exitUsage, fmt.Errorf("-context applies to the built-in model (ikklab), not %s", fs.pos[0]))
		}
		held, extra, err := contextSettings(e, *context)
		switch {
		case err != nil:
			bad = append(bad, fmt.Errorf("-context: %w", err))
		default:
			if net, err = net.Fix(held); err != nil {
				return fail(e, "simulate", exitUsage, err)
			}
			stmts = append(extra, stmts...)
		}
	}
	if len(stmts) > 0 {
		if net, cfg, err = maboss.Apply(net, cfg, stmts...); err != nil {
			return fail(e, "simulate", exitUsage, err)
		}
	}
	if cfg.PhysRandGen {
		fmt.Fprintln(e.stderr, "warning: use_physrandgen = 1 (MaBoSS's unseeded physical random source): ikklab uses its seeded generator instead, so results stay reproducible; add -e 'use_physrandgen = 0;' to silence this")
	}
	given := map[string]string{} // node → the flag that fixes it
	for _, m := range []struct {
		flag, list string
		on         bool
	}{{"-knockout", *knockout, false}, {"-overexpress", *overexpress, true}} {
		if m.list == "" {
			continue
		}
		ids, err := resolveNodes(net, m.list)
		if err != nil {
			bad = append(bad, fmt.Errorf("%s: %w", m.flag, err))
			continue
		}
		for _, id := range ids {
			if prev, dup := given[id]; dup {
				return fail(e, "simulate", exitUsage, fmt.Errorf("%s %s: %s is already fixed by %s", m.flag, id, id, prev))
			}
			given[id] = m.flag
			muts = append(muts, stochastic.Mutation{Node: id, On: m.on})
		}
	}
	if *drugs != "" {
		if !strings.EqualFold(fs.pos[0], builtin) {
			return fail(e, "simulate", exitUsage, fmt.Errorf("-drugs applies to the built-in model (ikklab), whose drugs and potencies the knowledge base holds"))
		}
		if net, err = applyDrugs(e, net, *drugs); err != nil {
			bad = append(bad, err)
		}
	}
	if err := joinOneLine(bad); err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	opt := stochastic.Options{Samples: cfg.SampleCount, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed,
		DiscreteTime: cfg.DiscreteTime, Workers: *workers, Mutations: muts, FinalOnly: *final}
	if set["samples"] {
		opt.Samples = *samples
	}
	if set["time"] {
		opt.MaxTime = *maxTime
	}
	if set["tick"] {
		opt.TimeTick = *tick
	}
	if set["seed"] {
		opt.Seed = *seed
	}
	switch {
	case opt.Samples < 1 || opt.Samples > maxSimulateSamples:
		return fail(e, "simulate", exitUsage, fmt.Errorf("-samples %d outside 1..%d", opt.Samples, maxSimulateSamples))
	case !(opt.MaxTime > 0) || math.IsInf(opt.MaxTime, 0):
		return fail(e, "simulate", exitUsage, fmt.Errorf("-time %g must be positive", opt.MaxTime))
	case !(opt.TimeTick > 0):
		return fail(e, "simulate", exitUsage, fmt.Errorf("-tick %g must be positive", opt.TimeTick))
	case opt.MaxTime/opt.TimeTick > 1e6:
		return fail(e, "simulate", exitUsage, fmt.Errorf("time_tick %g over max_time %g gives %g statistics windows, more than 1,000,000: raise time_tick (-tick) or lower max_time (-time)", opt.TimeTick, opt.MaxTime, math.Ceil(opt.MaxTime/opt.TimeTick)))
	}
	// The JSON-shaped result, with its per-window node series, goes into
	// JSON output, the table and result.json only: a CSV probability table
	// (MaBoSS's probtraj or final states) has no use for either, and the
	// series cost memory and time in every window.
	wantJSON := *outDir != "" || *format != "csv"
	for _, n := range net.Nodes {
		if wantJSON && !n.Internal && len(opt.Series) < 64 {
			opt.Series = append(opt.Series, n.ID)
		}
	}
	params, err := maboss.ParamValues(net.Params)
	if err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	bar := newProgress(e, *quiet, int64(opt.Samples), "simulate", "traj")
	opt.Progress = bar
	res, err := stochastic.Simulate(e.ctx, net, params, opt)
	bar.Done()
	if err != nil {
		// The model cannot be run as given (a rate negative, infinite or
		// NaN, say): an input error.
		return fail(e, "simulate", exitUsage, err)
	}
	var out *simulation
	if wantJSON {
		out = simulateJSON(net, res)
	}
	if *outDir != "" {
		dir, err := resultDir(*outDir, res.Complete)
		if err == nil {
			err = writeSimulateDir(dir, out, res)
		}
		if err != nil {
			return fail(e, "simulate", exitOutput, err)
		}
		if !res.Complete {
			fmt.Fprintf(e.stderr, "ikklab simulate: the partial result is in %s; %s is untouched\n", dir, *outDir)
		}
	}
	switch *format {
	case "json":
		if code := writeJSON(e, "simulate", out); code != 0 {
			return code
		}
	case "csv":
		write := res.WriteProbTraj
		if res.FinalOnly {
			write = res.WriteFinal
		}
		if err := write(e.stdout); err != nil {
			return fail(e, "simulate", exitFailed, err)
		}
	default:
		printSimulation(e.stdout, fs.pos[0], out, res, *all)
	}
	if !res.Complete {
		fmt.Fprintf(e.stderr, "ikklab simulate: interrupted after %d of %d trajectories; results are partial (\"complete\": false)\n", res.Samples, opt.Samples)
		return exitStopped
	}
	return exitOK
}

// contextSettings returns the nodes a knowledge-base context fixes and
// istate statements for the nodes it only starts on or off.
func contextSettings(e *env, name string) (map[string]bool, []string, error) {
	k, err := e.kb()
	if err != nil {
		return nil, nil, err
	}
	id, err := k.ResolveContext(name)
	if err != nil {
		return nil, nil, err
	}
	c, _ := k.Context(id)
	held := map[string]bool{}
	var stmts []string
	for _, s := range c.Sets {
		if s.Fixed() {
			held[s.Node] = s.On()
		} else {
			stmts = append(stmts, fmt.Sprintf("%s.istate = %s;", s.Node, map[bool]string{true: "1", false: "0"}[s.On()]))
		}
	}
	return held, stmts, nil
}

// simulation is the JSON contract of "ikklab simulate -format json".
type simulation struct {
	Model       string               `json:"model"`
	Samples     int                  `json:"samples"`
	Time        float64              `json:"time"`
	TimeTick    float64              `json:"time_tick"`
	Seed        int64                `json:"seed"`
	Complete    bool                 `json:"complete"`
	Transitions int64                `json:"transitions"`
	FinalStates map[string]float64   `json:"final_states"`
	FinalErrors map[string]float64   `json:"final_states_error"`
	FinalNodes  map[string]float64   `json:"final_nodes"`
	FixedPoints []fixedPointJSON     `json:"fixed_points"`
	Series      simulationSeries     `json:"series"`
	Entropy     map[string][]float64 `json:"entropy"`
	Outputs     []string             `json:"outputs"`
	// FinalOnly (-final): the final_* fields are the states at max_time,
	// the series have the single time max_time, and entropy has H only.
	FinalOnly bool `json:"final_only,omitempty"`
}

type fixedPointJSON struct {
	nodes       []string // every node
	on          []string
	Probability float64
}

// MarshalJSON writes {"state": {node: 0|1, ...}, "probability": p}, the
// map built only while it is written (a model with thousands of fixed
// points keeps just their on-lists).
func (f fixedPointJSON) MarshalJSON() ([]byte, error) {
	st := make(map[string]int, len(f.nodes))
	for _, id := range f.nodes {
		st[id] = 0
	}
	for _, id := range f.on {
		st[id] = 1
	}
	return json.Marshal(struct {
		State       map[string]int `json:"state"`
		Probability float64        `json:"probability"`
	}{st, f.Probability})
}

type simulationSeries struct {
	T      []float64            `json:"t"`
	States map[string][]float64 `json:"states"`
	Nodes  map[string][]float64 `json:"nodes"`
}

func simulateJSON(net *model.Network, r *stochastic.Result) *simulation {
	s := &simulation{Model: net.Name, Samples: r.Samples, Time: r.MaxTime, TimeTick: r.TimeTick, Seed: r.Seed, Complete: r.Complete,
		Transitions: r.Transitions, FinalStates: map[string]float64{}, FinalErrors: map[string]float64{}, FinalNodes: r.FinalNodes,
		Series:  simulationSeries{T: r.Times, States: map[string][]float64{}, Nodes: r.Nodes},
		Entropy: map[string][]float64{"H": r.H, "TH": r.TH, "ErrorTH": r.ErrTH}, Outputs: r.Outputs, FinalOnly: r.FinalOnly}
	if r.FinalOnly {
		s.Entropy = map[string][]float64{"H": r.H}
	}
	last := len(r.Times) - 1
	for _, st := range r.States {
		s.Series.States[st.Label] = st.Prob
		if last >= 0 && st.Prob[last] > 0 {
			s.FinalStates[st.Label] = st.Prob[last]
			s.FinalErrors[st.Label] = st.Err[last]
		}
	}
	s.FixedPoints = []fixedPointJSON{}
	ids := make([]string, len(net.Nodes))
	for i := range net.Nodes {
		ids[i] = net.Nodes[i].ID
	}
	for _, fp := range r.FixedPoints {
		s.FixedPoints = append(s.FixedPoints, fixedPointJSON{ids, fp.On(), fp.Probability})
	}
	return s
}

// tableStates is how many output states the table lists without -all.
const tableStates = 20

func printSimulation(w io.Writer, name string, s *simulation, r *stochastic.Result, all bool) {
	when, windows := "last window", fmt.Sprintf("windows of %g", s.TimeTick)
	if s.FinalOnly {
		when, windows = fmt.Sprintf("at time %g", s.Time), "final states only"
	}
	fmt.Fprintf(w, "%s: %d trajectories, time %g (%s), seed %d, %.1f transitions per trajectory\n\n",
		name, s.Samples, s.Time, windows, s.Seed, float64(s.Transitions)/math.Max(1, float64(s.Samples)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "OUTPUT STATE (%s)\tPROBABILITY\t± SE\n", when)
	labels := sortedKeys(s.FinalStates)
	sort.SliceStable(labels, func(i, j int) bool { return s.FinalStates[labels[i]] > s.FinalStates[labels[j]] })
	for k, l := range labels {
		if k == tableStates && !all {
			rest := 0.0
			for _, m := range labels[k:] {
				rest += s.FinalStates[m]
			}
			fmt.Fprintf(tw, "(%d more states; -all lists them)\t%.4f\t\n", len(labels)-k, rest)
			break
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\n", l, s.FinalStates[l], s.FinalErrors[l])
	}
	tw.Flush()
	if len(s.Outputs) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "OUTPUT NODE\tP(on), %s\n", when)
		for _, n := range s.Outputs {
			fmt.Fprintf(tw, "%s\t%.4f\n", n, s.FinalNodes[n])
		}
		tw.Flush()
	}
	if len(r.FixedPoints) > 0 {
		total := 0.0
		for _, fp := range r.FixedPoints {
			total += fp.Probability
		}
		fmt.Fprintf(w, "\n%d fixed points reached by %.1f%% of trajectories; the most frequent:\n", len(r.FixedPoints), 100*total)
		for i, fp := range r.FixedPoints {
			if i == 5 {
				break
			}
			on := slices.Sorted(slices.Values(fp.On()))
			fmt.Fprintf(w, "  %.4f  on: %s\n", fp.Probability, clip(strings.Join(on, " "), 110))
		}
	}
}

func writeSimulateDir(dir string, s *simulation, r *stochastic.Result) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{"result.json": append(data, '\n')}
	var b strings.Builder
	name, write := "probtraj.csv", r.WriteProbTraj
	if r.FinalOnly {
		name, write = "final_states.csv", r.WriteFinal
	}
	if err := write(&b); err != nil {
		return err
	}
	files[name] = []byte(b.String())
	b.Reset()
	b.WriteString("probability,state\n")
	for _, fp := range r.FixedPoints {
		on := slices.Sorted(slices.Values(fp.On()))
		fmt.Fprintf(&b, "%g,%q\n", fp.Probability, strings.Join(on, " "))
	}
	files["fixed_points.csv"] = []byte(b.String())
	b.Reset()
	b.WriteString("node,probability\n")
	for _, id := range sortedKeys(r.FinalNodes) {
		fmt.Fprintf(&b, "%s,%g\n", id, r.FinalNodes[id])
	}
	files["final_nodes.csv"] = []byte(b.String())
	return atomicfile.WriteDir(dir, files)
}

// applyDrugs parses "drug=dose,..." and applies the drugs' target occupancy
// to the network's rates (package pharm), printing a warning for every
// potency used that was not read in its source.
func applyDrugs(e *env, net *model.Network, list string) (*model.Network, error) {
	k, err := e.kb()
	if err != nil {
		return nil, err
	}
	doses := map[string]dose.Dose{}
	err = eachItem(list, func(item string) error {
		name, amount, ok := strings.Cut(item, "=")
		if !ok {
			return fmt.Errorf("bad item %s: want DRUG=DOSE, e.g. momelotinib=1uM", expr.Quote(item))
		}
		id, err := k.ResolveDrug(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		d, err := dose.Parse(amount)
		if err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		dr, _ := k.Drug(id)
		if err := dr.CheckDose(amount, d); err != nil {
			return err
		}
		if _, dup := doses[id]; dup {
			return fmt.Errorf("%s given twice", id)
		}
		doses[id] = d
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("-drugs: %w", err)
	}
	effects, warns, err := pharm.Effects(k, doses)
	if err != nil {
		return nil, fmt.Errorf("-drugs: %w", err)
	}
	for _, w := range warns {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	return pharm.Apply(net, effects, pharm.Options{})
}
