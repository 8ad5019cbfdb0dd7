package kinetic

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ikklab/ikklab/ode"
)

// Output names a variable to report: a symbol's value, except that a
// species is reported as its amount when Amount is set and as its
// concentration otherwise, whatever its hasOnlySubstanceUnits.
type Output struct {
	ID     string
	Amount bool
}

// Options control a simulation.
type Options struct {
	// Seed seeds the choice among simultaneous events of equal priority.
	Seed uint64
	// FiniteDifferences makes the stiff method use difference quotients
	// instead of the symbolic Jacobian.
	FiniteDifferences bool
	// ODE holds the solver's options; zero tolerances mean rtol 1e-10 and
	// absolute tolerances of 1e-12 × each component's initial magnitude
	// (the smallest non-zero one for components starting at zero).
	ODE ode.Options
}

// pending is a scheduled execution of an event.
type pending struct {
	event  int
	at     float64
	values []float64 // assignment values from trigger time (nil: compute at execution)
	seq    int
}

// run is the mutable state of one simulation.
type run struct {
	c       *Compiled
	solver  *ode.Solver
	y       []float64
	prev    []bool // each trigger's last value
	pending []pending
	seq     int
	ties    []int
	rng     *rand.Rand
}

// sync recomputes every symbol from the state at t.
func (c *Compiled) sync(t float64, y []float64) {
	c.env.t = t
	copy(c.env.y, y)
	for _, st := range c.runProg {
		c.env.vals[st.slot] = st.f(&c.env)
	}
}

// Simulate integrates from time 0 and reports the outputs at each time
// (ascending, ≥ 0): one row per time, one column per output.
func (c *Compiled) Simulate(ctx context.Context, times []float64, outs []Output, o Options) ([][]float64, error) {
	cols := make([]func() float64, len(outs))
	for j, out := range outs {
		f, err := c.output(out)
		if err != nil {
			return nil, err
		}
		cols[j] = f
	}
	for i := 1; i < len(times); i++ {
		if !(times[i] >= times[i-1]) {
			return nil, fmt.Errorf("output times are not ascending at %g", times[i])
		}
	}
	y0, err := c.start()
	if err != nil {
		return nil, err
	}
	opt := o.ODE
	if opt.RelTol == 0 {
		opt.RelTol = 1e-10
	}
	if opt.AbsTol == 0 && opt.AbsTols == nil && c.nState > 0 {
		// Per component: 1e-12 of its initial magnitude, or of the
		// smallest non-zero initial magnitude for components that start
		// at zero (amounts in one model span 1e-6 to 1e6).
		small := math.Inf(1)
		for _, v := range y0 {
			if v != 0 {
				small = math.Min(small, math.Abs(v))
			}
		}
		if math.IsInf(small, 1) {
			small = 1
		}
		opt.AbsTols = make([]float64, c.nState)
		for k, v := range y0 {
			if v == 0 {
				v = small
			}
			opt.AbsTols[k] = 1e-12 * math.Abs(v)
		}
	}
	if opt.Method == ode.Auto && o.ODE.Method == ode.Auto {
		opt.Method = ode.Rodas5P
	}
	n := c.nState
	if n == 0 {
		n = 1 // a dummy component keeps the solver's time running
		y0 = []float64{0}
	}
	prob := ode.Problem{N: n, F: func(t float64, y, dy []float64) {
		if c.nState == 0 {
			dy[0] = 0
			return
		}
		c.sync(t, y)
		for k, f := range c.deriv {
			dy[k] = f(&c.env)
		}
	}}
	if c.jac != nil && !o.FiniteDifferences {
		prob.Jacobian = c.jacobianAt
	}
	for _, g := range c.roots {
		g := g
		prob.Events = append(prob.Events, ode.Event{G: func(t float64, y []float64) float64 {
			if c.nState > 0 {
				c.sync(t, y)
			} else {
				c.env.t = t
			}
			return g(&c.env)
		}})
	}
	solver, err := ode.NewSolver(prob, opt)
	if err != nil {
		return nil, err
	}
	r := &run{c: c, solver: solver, y: append([]float64(nil), y0...), prev: make([]bool, len(c.events)),
		rng: rand.New(rand.NewPCG(o.Seed, 0x6b696e65746963))}
	for i, ce := range c.events {
		r.prev[i] = ce.ev.InitialValue
	}
	if err := r.restart(0); err != nil {
		return nil, err
	}
	if err := r.events(0); err != nil {
		return nil, err
	}
	rows := make([][]float64, 0, len(times))
	for _, tOut := range times {
		for {
			target := tOut
			if next, ok := r.nextPending(); ok && next < target {
				target = next
			}
			stop, err := solver.Advance(ctx, target, r.y)
			if err != nil {
				return nil, err
			}
			// Whether a comparison switched, a delayed event is due or
			// neither, triggers are checked at every stop.
			if err := r.events(stop.T); err != nil {
				return nil, err
			}
			if len(stop.Events) == 0 && stop.T >= tOut {
				break
			}
		}
		c.syncAt(tOut, r.y)
		row := make([]float64, len(cols))
		for j, f := range cols {
			row[j] = f()
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (c *Compiled) syncAt(t float64, y []float64) {
	if c.nState > 0 {
		c.sync(t, y)
	} else {
		c.sync(t, nil)
	}
}

// output compiles the reader of one reported variable.
func (c *Compiled) output(o Output) (func() float64, error) {
	i, ok := c.slot[o.ID]
	if !ok {
		return nil, fmt.Errorf("output %q is not a symbol of the model", o.ID)
	}
	s := c.syms[i]
	if s.species < 0 {
		return func() float64 { return c.env.vals[i] }, nil
	}
	only := c.m.Species[s.species].OnlySubstance
	ci := s.comp
	switch {
	case o.Amount == only:
		return func() float64 { return c.env.vals[i] }, nil
	case o.Amount:
		return func() float64 { return c.env.vals[i] * c.env.vals[ci] }, nil
	}
	return func() float64 { return c.env.vals[i] / c.env.vals[ci] }, nil
}

// restart hands the current state to the solver after a change.
func (r *run) restart(t float64) error {
	c := r.c
	if c.nState == 0 {
		return r.solver.Init(t, []float64{0})
	}
	return r.solver.Init(t, r.y)
}

func (r *run) nextPending() (float64, bool) {
	if len(r.pending) == 0 {
		return 0, false
	}
	m := math.Inf(1)
	for _, p := range r.pending {
		m = math.Min(m, p.at)
	}
	return m, true
}

// maxCascade bounds event executions at one time point (an event whose
// assignments re-trigger it would loop forever).
const maxCascade = 100000

// events handles everything that happens at time t: triggers that turned
// true schedule their events, non-persistent events whose trigger turned
// false are cancelled, and due executions run one at a time, highest
// priority first, re-checking triggers after each.
func (r *run) events(t float64) error {
	c := r.c
	changed := false
	for n := 0; ; n++ {
		if n > maxCascade {
			return fmt.Errorf("more than %d event executions at t = %g", maxCascade, t)
		}
		c.syncAt(t, r.y)
		for i, ce := range c.events {
			now := ce.trigger(&c.env) != 0
			if now && !r.prev[i] {
				p := pending{event: i, at: t, seq: r.seq}
				r.seq++
				if ce.delay != nil {
					d := ce.delay(&c.env)
					if !(d >= 0) {
						return fmt.Errorf("event %s: delay %g at t = %g", ce.ev.ID, d, t)
					}
					p.at = t + d
				}
				if ce.ev.FromTrigger {
					p.values = make([]float64, len(ce.maths))
					for k, f := range ce.maths {
						p.values[k] = f(&c.env)
					}
				}
				r.pending = append(r.pending, p)
			}
			r.prev[i] = now
		}
		// Cancel non-persistent events whose trigger is false.
		keep := r.pending[:0]
		for _, p := range r.pending {
			if !c.events[p.event].ev.Persistent && !r.prev[p.event] {
				continue
			}
			keep = append(keep, p)
		}
		r.pending = keep
		// The due execution with the highest priority; ties are broken at
		// random (SBML L3 §4.11.5), from the run's seeded stream.
		r.ties = r.ties[:0]
		bestPri := math.Inf(-1)
		for k, p := range r.pending {
			if p.at > t {
				continue
			}
			pri := math.Inf(-1)
			if f := c.events[p.event].pri; f != nil {
				pri = f(&c.env)
			}
			switch {
			case len(r.ties) == 0 || pri > bestPri:
				r.ties, bestPri = append(r.ties[:0], k), pri
			case pri == bestPri:
				r.ties = append(r.ties, k)
			}
		}
		if len(r.ties) == 0 {
			break
		}
		best := r.ties[0]
		if len(r.ties) > 1 {
			best = r.ties[r.rng.IntN(len(r.ties))]
		}
		p := r.pending[best]
		r.pending = append(r.pending[:best], r.pending[best+1:]...)
		r.execute(p)
		changed = true
	}
	if changed {
		return r.restart(t)
	}
	return nil
}

// execute applies one event's assignments simultaneously. A species
// assigned a concentration gets the amount that concentration has in its
// compartment's size before the event, even when the same event resizes
// the compartment (SBML Test Suite 01779).
func (r *run) execute(p pending) {
	c := r.c
	ce := c.events[p.event]
	vals := p.values
	if vals == nil {
		vals = make([]float64, len(ce.maths))
		for k, f := range ce.maths {
			vals[k] = f(&c.env)
		}
	}
	states := make([]float64, len(ce.targets))
	for k, ti := range ce.targets {
		s := c.syms[ti]
		states[k] = vals[k]
		if s.kind == kState && s.amount {
			states[k] *= c.env.vals[s.comp]
		}
	}
	oldSize := map[int]float64{}
	for _, ti := range ce.targets {
		if ti < len(c.m.Compartments) {
			oldSize[ti] = c.env.vals[ti]
		}
	}
	for k, ti := range ce.targets {
		s := c.syms[ti]
		c.env.vals[ti] = vals[k]
		if s.kind == kState {
			r.y[s.state] = states[k]
		}
	}
	// A species integrated as a concentration (a rate rule) keeps its
	// amount when an event resizes its compartment, and one assigned by the
	// same event gets the amount of that concentration at the old size
	// (Test Suite 01505, 01506).
	for _, s := range c.syms {
		v0, resized := oldSize[s.comp]
		if s.species < 0 || !resized || s.kind != kState || s.amount || c.m.Species[s.species].OnlySubstance {
			continue
		}
		r.y[s.state] *= v0 / c.env.vals[s.comp]
	}
	copy(c.env.y, r.y)
}

// Variables lists what a time course reports by default: every species (as
// its symbol: a concentration unless hasOnlySubstanceUnits), then the
// compartments and parameters that are not constant.
func (m *Model) Variables() []Output {
	var out []Output
	for _, s := range m.Species {
		out = append(out, Output{ID: s.ID, Amount: s.OnlySubstance})
	}
	for _, c := range m.Compartments {
		if !c.Constant {
			out = append(out, Output{ID: c.ID})
		}
	}
	for _, p := range m.Parameters {
		if !p.Constant {
			out = append(out, Output{ID: p.ID})
		}
	}
	return out
}

// start computes every symbol's value at time 0 and returns the initial
// state.
func (c *Compiled) start() ([]float64, error) {
	c.env.t = 0
	for _, st := range c.initProg {
		c.env.vals[st.slot] = st.f(&c.env)
	}
	y0 := make([]float64, c.nState)
	for _, s := range c.syms {
		if s.kind != kState {
			continue
		}
		v := c.env.vals[c.slot[s.name]]
		if s.amount {
			v *= c.env.vals[s.comp]
		}
		y0[s.state] = v
	}
	copy(c.env.y, y0)
	for _, v := range y0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("an initial value is %g (a species, compartment or parameter without a value?)", v)
		}
	}
	return y0, nil
}
