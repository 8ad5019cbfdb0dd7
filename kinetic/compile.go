package kinetic

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// symKind says where a symbol's value comes from during a run.
type symKind int

const (
	kConst    symKind = iota // set at the start; changed only by events
	kState                   // integrated: a component of the ODE state
	kAssigned                // an assignment rule, evaluated at every step
	kRate                    // a reaction's rate
)

type symbol struct {
	name string
	kind symKind
	// state is the component of y (kState); amount says y holds the
	// species' amount while the symbol is its concentration.
	state  int
	amount bool
	// Species and compartment links (−1 when none).
	species, comp int
}

// env is what compiled math reads: the symbol values, the state and time.
type env struct {
	vals []float64
	y    []float64
	t    float64
}

type fn func(*env) float64

// step computes one symbol's value.
type step struct {
	slot int
	f    fn
}

// Compiled is a model ready to simulate: its symbols, the programs that
// compute them, and the ODE right-hand side.
type Compiled struct {
	m      *Model
	syms   []symbol
	slot   map[string]int
	rules  map[string]*Rule // by variable
	nState int

	initProg []step // values at the start, in dependency order
	runProg  []step // values from the state, in dependency order
	deriv    []fn   // dy/dt per state component
	roots    []fn   // relational sub-expressions (g = lhs − rhs) where the dynamics switch

	events []cEvent
	env    env

	// The expressions behind runProg and deriv, for the symbolic
	// Jacobian.
	runExprs   map[int]localExpr
	derivExprs []*Expr
	jac        *jacobian // nil: finite differences
}

// localExpr is an expression with the local parameters it sees.
type localExpr struct {
	e      *Expr
	locals map[string]float64
}

type cEvent struct {
	ev                  *Event
	trigger, delay, pri fn
	targets             []int // symbol slots
	maths               []fn
}

// Compile checks a model and builds its simulation.
func Compile(m *Model) (*Compiled, error) {
	if len(m.Unsupported) > 0 {
		return nil, &Unsupported{Feature: strings.Join(m.Unsupported, ", ")}
	}
	c := &Compiled{m: m, slot: map[string]int{}, rules: map[string]*Rule{}}
	add := func(name string, sp, comp int) error {
		if _, dup := c.slot[name]; dup {
			return fmt.Errorf("id %q defined twice", name)
		}
		c.slot[name] = len(c.syms)
		c.syms = append(c.syms, symbol{name: name, species: sp, comp: comp})
		return nil
	}
	for _, co := range m.Compartments {
		if err := add(co.ID, -1, -1); err != nil {
			return nil, err
		}
	}
	for i, sp := range m.Species {
		if err := add(sp.ID, i, -1); err != nil {
			return nil, err
		}
	}
	for _, p := range m.Parameters {
		if err := add(p.ID, -1, -1); err != nil {
			return nil, err
		}
	}
	for _, rx := range m.Reactions {
		for _, list := range [][]SpeciesRef{rx.Reactants, rx.Products} {
			for _, sr := range list {
				if sr.ID != "" {
					if err := add(sr.ID, -1, -1); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	for _, rx := range m.Reactions {
		if err := add(rx.ID, -1, -1); err != nil {
			return nil, err
		}
		c.syms[c.slot[rx.ID]].kind = kRate
	}
	for _, sp := range m.Species {
		ci, ok := c.slot[sp.Compartment]
		if !ok || ci >= len(m.Compartments) {
			return nil, fmt.Errorf("species %s: compartment %q is not a compartment", sp.ID, sp.Compartment)
		}
		c.syms[c.slot[sp.ID]].comp = ci
	}
	fns := map[string]*Function{}
	for i := range m.Functions {
		fns[m.Functions[i].ID] = &m.Functions[i]
	}
	budget := maxExpandedNodes
	ex := func(e *Expr, what string) (*Expr, error) {
		if e == nil {
			return nil, nil
		}
		x, err := expand(e, fns, &budget)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return x, nil
	}
	// Rules, with function calls expanded.
	for i := range m.Rules {
		r := m.Rules[i]
		if r.Kind == AlgebraicRule {
			return nil, &Unsupported{Feature: "algebraic rule"}
		}
		if _, ok := c.slot[r.Variable]; !ok {
			return nil, fmt.Errorf("rule for %q, which is not a compartment, species, parameter or species reference", r.Variable)
		}
		if _, dup := c.rules[r.Variable]; dup {
			return nil, fmt.Errorf("two rules for %s", r.Variable)
		}
		var err error
		if r.Math, err = ex(r.Math, "rule for "+r.Variable); err != nil {
			return nil, err
		}
		c.rules[r.Variable] = &r
	}
	// Kinds and state components.
	for i := range c.syms {
		s := &c.syms[i]
		if s.kind == kRate {
			continue
		}
		if r, ok := c.rules[s.name]; ok {
			if r.Kind == AssignmentRule {
				s.kind = kAssigned
			} else {
				s.kind, s.state = kState, c.nState
				c.nState++
			}
			continue
		}
		if s.species >= 0 {
			// Reactions (and events) change amounts, and a constant
			// species keeps its amount: integrate the amount, so the
			// concentration follows its compartment's size.
			s.kind, s.state, s.amount = kState, c.nState, !m.Species[s.species].OnlySubstance
			c.nState++
		}
	}
	return c, c.build(ex)
}

// scope resolves names while compiling: local parameters shadow globals.
type scope struct {
	c      *Compiled
	locals map[string]float64
	deps   map[int]bool // symbol slots read
	// roots, when set, collects g = lhs − rhs of every comparison.
	roots *[]fn
}

func (sc *scope) compile(e *Expr) (fn, error) {
	switch e.Op {
	case Num:
		v := e.Value
		return func(*env) float64 { return v }, nil
	case True:
		return func(*env) float64 { return 1 }, nil
	case False:
		return func(*env) float64 { return 0 }, nil
	case Time:
		return func(en *env) float64 { return en.t }, nil
	case Avogadro:
		return func(*env) float64 { return AvogadroConstant }, nil
	case Sym:
		if v, ok := sc.locals[e.Name]; ok {
			return func(*env) float64 { return v }, nil
		}
		i, ok := sc.c.slot[e.Name]
		if !ok {
			return nil, fmt.Errorf("unknown symbol %q", e.Name)
		}
		sc.deps[i] = true
		return func(en *env) float64 { return en.vals[i] }, nil
	case RateOf:
		if _, local := sc.locals[e.Args[0].Name]; local {
			return func(*env) float64 { return 0 }, nil // a local parameter is constant
		}
		return sc.c.rateOf(e.Args[0].Name, sc)
	case Delay:
		return nil, &Unsupported{Feature: "delay csymbol"}
	case Call:
		return nil, fmt.Errorf("call of unknown function %q", e.Name)
	case Piecewise:
		n := len(e.Args)
		var vals, conds []fn
		for i := 0; i+1 < n; i += 2 {
			v, err := sc.compile(e.Args[i])
			if err != nil {
				return nil, err
			}
			cnd, err := sc.compile(e.Args[i+1])
			if err != nil {
				return nil, err
			}
			vals, conds = append(vals, v), append(conds, cnd)
		}
		var otherwise fn = func(*env) float64 { return math.NaN() }
		if n%2 == 1 {
			var err error
			if otherwise, err = sc.compile(e.Args[n-1]); err != nil {
				return nil, err
			}
		}
		return func(en *env) float64 {
			for i, cnd := range conds {
				if cnd(en) != 0 {
					return vals[i](en)
				}
			}
			return otherwise(en)
		}, nil
	}
	args := make([]fn, len(e.Args))
	for i, a := range e.Args {
		f, err := sc.compile(a)
		if err != nil {
			return nil, err
		}
		args[i] = f
	}
	op := e.Op
	if sc.roots != nil && len(args) >= 2 {
		switch op {
		case Gt, Lt, Geq, Leq, Eq, Neq:
			for i := 1; i < len(args); i++ {
				a, b := args[i-1], args[i]
				*sc.roots = append(*sc.roots, func(en *env) float64 { return a(en) - b(en) })
			}
		}
	}
	switch len(args) {
	case 1:
		a := args[0]
		switch op {
		case Minus:
			return func(en *env) float64 { return -a(en) }, nil
		case Exp:
			return func(en *env) float64 { return math.Exp(a(en)) }, nil
		case Ln:
			return func(en *env) float64 { return math.Log(a(en)) }, nil
		case Not:
			return func(en *env) float64 { return b2f(a(en) == 0) }, nil
		}
		return func(en *env) float64 { return apply(op, []float64{a(en)}) }, nil
	case 2:
		a, b := args[0], args[1]
		switch op {
		case Plus:
			return func(en *env) float64 { return a(en) + b(en) }, nil
		case Minus:
			return func(en *env) float64 { return a(en) - b(en) }, nil
		case Times:
			return func(en *env) float64 { return a(en) * b(en) }, nil
		case Divide:
			return func(en *env) float64 { return a(en) / b(en) }, nil
		case Power:
			return func(en *env) float64 { return math.Pow(a(en), b(en)) }, nil
		case Gt:
			return func(en *env) float64 { return b2f(a(en) > b(en)) }, nil
		case Lt:
			return func(en *env) float64 { return b2f(a(en) < b(en)) }, nil
		case Geq:
			return func(en *env) float64 { return b2f(a(en) >= b(en)) }, nil
		case Leq:
			return func(en *env) float64 { return b2f(a(en) <= b(en)) }, nil
		}
		return func(en *env) float64 { return apply(op, []float64{a(en), b(en)}) }, nil
	}
	return func(en *env) float64 {
		x := make([]float64, len(args))
		for i, a := range args {
			x[i] = a(en)
		}
		return apply(op, x)
	}, nil
}

// rateOf compiles the rate of change of a symbol.
func (c *Compiled) rateOf(name string, sc *scope) (fn, error) {
	i, ok := c.slot[name]
	if !ok {
		return nil, fmt.Errorf("rateOf unknown symbol %q", name)
	}
	s := c.syms[i]
	switch s.kind {
	case kConst:
		return func(*env) float64 { return 0 }, nil
	case kAssigned, kRate:
		return nil, &Unsupported{Feature: "rateOf of a symbol set by an assignment rule"}
	}
	if r, ok := c.rules[name]; ok && r.Kind == RateRule {
		return sc.compile(r.Math)
	}
	// A species changed by reactions: dn/dt, and for a concentration
	// d[S]/dt = (dn/dt)/V − [S]·(dV/dt)/V.
	dn, err := c.amountRate(i, sc)
	if err != nil {
		return nil, err
	}
	if !s.amount {
		return dn, nil
	}
	ci := s.comp
	sc.deps[ci] = true
	sc.deps[i] = true
	dV, err := c.rateOf(c.syms[ci].name, sc)
	if err != nil {
		return nil, err
	}
	return func(en *env) float64 {
		v := en.vals[ci]
		return dn(en)/v - en.vals[i]*dV(en)/v
	}, nil
}

// amountRate compiles the rate of change of a species' amount.
func (c *Compiled) amountRate(i int, sc *scope) (fn, error) {
	e, err := c.amountExpr(i)
	if err != nil {
		return nil, err
	}
	return sc.compile(e)
}

// amountExpr is Σ ±stoichiometry · rate · conversion factor over the
// reactions that change a species, as an expression (reaction ids stand
// for their rates).
func (c *Compiled) amountExpr(i int) (*Expr, error) {
	sp := c.m.Species[c.syms[i].species]
	if sp.Boundary || sp.Constant {
		return N(0), nil
	}
	var terms []*Expr
	for _, rx := range c.m.Reactions {
		if rx.Law == nil {
			continue
		}
		for side, list := range [][]SpeciesRef{rx.Reactants, rx.Products} {
			sign := -1.0
			if side == 1 {
				sign = 1
			}
			for k := range list {
				sr := &list[k]
				if sr.Species != sp.ID {
					continue
				}
				var coef *Expr
				switch {
				case sr.StoichMath != nil:
					coef = sr.StoichMath
				case sr.ID != "":
					// A named stoichiometry is a symbol (rules, initial
					// assignments and events may set it).
					coef = S(sr.ID)
				case sr.HasStoich:
					coef = N(sr.Stoichiometry)
				default:
					return nil, fmt.Errorf("reaction %s: species reference to %s has no stoichiometry", rx.ID, sr.Species)
				}
				terms = append(terms, prod(N(sign), coef, S(rx.ID)))
			}
		}
	}
	cf := sp.ConversionFactor
	if cf == "" {
		cf = c.m.ConversionFactor
	}
	if cf != "" {
		if _, ok := c.slot[cf]; !ok {
			return nil, fmt.Errorf("species %s: conversion factor %q is not a parameter", sp.ID, cf)
		}
		return prod(sum(terms...), S(cf)), nil
	}
	return sum(terms...), nil
}

// order sorts steps so that each comes after the steps it reads (Kahn's
// algorithm, stable in slot order); a cycle is an error naming it.
func (c *Compiled) order(defs map[int]fn, deps map[int]map[int]bool) ([]step, error) {
	indeg := map[int]int{}
	users := map[int][]int{}
	for s := range defs {
		for d := range deps[s] {
			if _, computed := defs[d]; computed && d != s {
				indeg[s]++
				users[d] = append(users[d], s)
			} else if d == s {
				return nil, fmt.Errorf("%s depends on itself", c.syms[s].name)
			}
		}
	}
	var ready []int
	for s := range defs {
		if indeg[s] == 0 {
			ready = append(ready, s)
		}
	}
	sort.Ints(ready)
	var out []step
	for len(ready) > 0 {
		s := ready[0]
		ready = ready[1:]
		out = append(out, step{slot: s, f: defs[s]})
		us := users[s]
		sort.Ints(us)
		for _, u := range us {
			indeg[u]--
			if indeg[u] == 0 {
				ready = append(ready, u)
			}
		}
		sort.Ints(ready)
	}
	if len(out) != len(defs) {
		var cyc []string
		for s := range defs {
			if indeg[s] > 0 {
				cyc = append(cyc, c.syms[s].name)
			}
		}
		sort.Strings(cyc)
		return nil, fmt.Errorf("cyclic definitions among %s", strings.Join(cyc, ", "))
	}
	return out, nil
}
