package kinetic

import (
	"fmt"
	"math"
)

// build compiles the start-up and run-time programs, the derivatives, the
// switching roots and the events.
func (c *Compiled) build(ex func(*Expr, string) (*Expr, error)) error {
	m := c.m
	// Expanded copies of every expression that runs.
	laws := make([]*Expr, len(m.Reactions))
	locals := make([]map[string]float64, len(m.Reactions))
	for i, rx := range m.Reactions {
		var err error
		if laws[i], err = ex(rx.Law, "kinetic law of "+rx.ID); err != nil {
			return err
		}
		locals[i] = map[string]float64{}
		for _, p := range rx.Locals {
			locals[i][p.ID] = p.Value
		}
		if rx.Law == nil {
			laws[i] = N(0) // no kinetic law: the reaction does not run
		}
	}
	for ri := range m.Reactions {
		for _, list := range [][]SpeciesRef{m.Reactions[ri].Reactants, m.Reactions[ri].Products} {
			for k := range list {
				var err error
				if list[k].StoichMath, err = ex(list[k].StoichMath, "stoichiometryMath in "+m.Reactions[ri].ID); err != nil {
					return err
				}
			}
		}
	}
	ias := map[int]*Expr{}
	for _, a := range m.InitialAssignments {
		i, ok := c.slot[a.Symbol]
		if !ok {
			return fmt.Errorf("initial assignment to %q, which is not a compartment, species, parameter or species reference", a.Symbol)
		}
		if c.syms[i].kind == kRate {
			return fmt.Errorf("initial assignment to reaction %s", a.Symbol)
		}
		if _, dup := ias[i]; dup {
			return fmt.Errorf("two initial assignments to %s", a.Symbol)
		}
		e, err := ex(a.Math, "initial assignment to "+a.Symbol)
		if err != nil {
			return err
		}
		ias[i] = e
	}
	rxBySlot := map[int]int{}
	for i, rx := range m.Reactions {
		rxBySlot[c.slot[rx.ID]] = i
	}

	// The start: initial assignments, else assignment rules, else the
	// declared values.
	defs, deps := map[int]fn{}, map[int]map[int]bool{}
	compileInto := func(slot int, e *Expr, loc map[string]float64, roots *[]fn) error {
		sc := &scope{c: c, locals: loc, deps: map[int]bool{}, roots: roots}
		f, err := sc.compile(e)
		if err != nil {
			return fmt.Errorf("%s: %w", c.syms[slot].name, err)
		}
		defs[slot], deps[slot] = f, sc.deps
		return nil
	}
	for i, s := range c.syms {
		if e, ok := ias[i]; ok {
			if err := compileInto(i, e, nil, nil); err != nil {
				return err
			}
			continue
		}
		if r, ok := c.rules[s.name]; ok && r.Kind == AssignmentRule {
			if err := compileInto(i, r.Math, nil, nil); err != nil {
				return err
			}
			continue
		}
		if s.kind == kRate {
			ri := rxBySlot[i]
			if err := compileInto(i, laws[ri], locals[ri], nil); err != nil {
				return err
			}
			continue
		}
		v, f, d := c.declared(i)
		if f != nil {
			defs[i], deps[i] = f, d
			continue
		}
		defs[i], deps[i] = func(*env) float64 { return v }, nil
	}
	var err error
	if c.initProg, err = c.order(defs, deps); err != nil {
		return fmt.Errorf("initial values: %w", err)
	}

	// The run: state, then what depends on it.
	defs, deps = map[int]fn{}, map[int]map[int]bool{}
	c.runExprs = map[int]localExpr{}
	var roots []fn
	for i, s := range c.syms {
		switch s.kind {
		case kState:
			k := s.state
			if s.amount {
				ci := s.comp
				defs[i], deps[i] = func(en *env) float64 { return en.y[k] / en.vals[ci] }, map[int]bool{ci: true}
			} else {
				defs[i] = func(en *env) float64 { return en.y[k] }
			}
		case kAssigned:
			if err := compileInto(i, c.rules[s.name].Math, nil, &roots); err != nil {
				return err
			}
			c.runExprs[i] = localExpr{c.rules[s.name].Math, nil}
		case kRate:
			ri := rxBySlot[i]
			if err := compileInto(i, laws[ri], locals[ri], &roots); err != nil {
				return err
			}
			c.runExprs[i] = localExpr{laws[ri], locals[ri]}
		}
	}
	if c.runProg, err = c.order(defs, deps); err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	c.deriv = make([]fn, c.nState)
	c.derivExprs = make([]*Expr, c.nState)
	for i, s := range c.syms {
		if s.kind != kState {
			continue
		}
		sc := &scope{c: c, deps: map[int]bool{}, roots: &roots}
		var e *Expr
		if r, ok := c.rules[s.name]; ok && r.Kind == RateRule {
			e = r.Math
		} else if e, err = c.amountExpr(i); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		f, err := sc.compile(e)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		c.deriv[s.state], c.derivExprs[s.state] = f, e
	}
	for ei := range m.Events {
		ev := &m.Events[ei]
		ce := cEvent{ev: ev}
		sc := &scope{c: c, deps: map[int]bool{}, roots: &roots}
		what := fmt.Sprintf("event %d %s", ei+1, ev.ID)
		e, err := ex(ev.Trigger, what)
		if err != nil {
			return err
		}
		if ce.trigger, err = sc.compile(e); err != nil {
			return fmt.Errorf("%s trigger: %w", what, err)
		}
		sc.roots = nil
		for _, x := range []struct {
			e   *Expr
			dst *fn
		}{{ev.Delay, &ce.delay}, {ev.Priority, &ce.pri}} {
			if x.e == nil {
				continue
			}
			e, err := ex(x.e, what)
			if err != nil {
				return err
			}
			if *x.dst, err = sc.compile(e); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		for _, a := range ev.Assignments {
			ti, ok := c.slot[a.Symbol]
			if !ok || c.syms[ti].kind == kRate || c.syms[ti].kind == kAssigned {
				return fmt.Errorf("%s assigns %q, which is not a variable it may set", what, a.Symbol)
			}
			e, err := ex(a.Math, what)
			if err != nil {
				return err
			}
			f, err := sc.compile(e)
			if err != nil {
				return fmt.Errorf("%s assignment to %s: %w", what, a.Symbol, err)
			}
			ce.targets, ce.maths = append(ce.targets, ti), append(ce.maths, f)
		}
		c.events = append(c.events, ce)
	}
	c.roots = roots
	c.env = env{vals: make([]float64, len(c.syms)), y: make([]float64, c.nState)}
	c.buildJacobian()
	return nil
}

// declared is a symbol's value at the start when no initial assignment or
// rule sets it: a number, or (species given as amount but read as
// concentration, or the reverse) a function of the compartment's size.
func (c *Compiled) declared(i int) (float64, fn, map[int]bool) {
	s := c.syms[i]
	m := c.m
	switch {
	case i < len(m.Compartments):
		co := m.Compartments[i]
		if co.HasSize {
			return co.Size, nil, nil
		}
	case s.species >= 0:
		sp := m.Species[s.species]
		if !sp.HasInitial {
			break
		}
		v, ci := sp.Initial, s.comp
		switch {
		case sp.OnlySubstance && sp.InitialIsConcentration:
			return 0, func(en *env) float64 { return v * en.vals[ci] }, map[int]bool{ci: true}
		case !sp.OnlySubstance && !sp.InitialIsConcentration:
			return 0, func(en *env) float64 { return v / en.vals[ci] }, map[int]bool{ci: true}
		}
		return v, nil, nil
	default:
		for _, p := range m.Parameters {
			if p.ID == s.name && p.HasValue {
				return p.Value, nil, nil
			}
		}
		for _, rx := range m.Reactions {
			for _, list := range [][]SpeciesRef{rx.Reactants, rx.Products} {
				for _, sr := range list {
					if sr.ID == s.name {
						if sr.StoichMath != nil {
							sc := &scope{c: c, deps: map[int]bool{}}
							f, err := sc.compile(sr.StoichMath)
							if err == nil {
								return 0, f, sc.deps
							}
						}
						if sr.HasStoich {
							return sr.Stoichiometry, nil, nil
						}
					}
				}
			}
		}
	}
	return math.NaN(), nil, nil
}
