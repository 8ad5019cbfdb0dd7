package sbml

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/kinetic"
)

// ReadFile reads an SBML file.
func ReadFile(path string) (*kinetic.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

// Read reads an SBML document.
func Read(r io.Reader) (*kinetic.Model, error) { return read(r, "<input>") }

// reader interprets the element tree of one document.
type reader struct {
	path           string
	level, version int
	m              *kinetic.Model
	ids            map[string]int // line of each global id, for duplicates
}

func (r *reader) fail(n *node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.line
	}
	return &Error{Path: r.path, Line: line, Err: fmt.Errorf(format, args...)}
}

// mathFail turns a MathML error into a file:line error naming the element.
func (r *reader) mathFail(err error, what string) error {
	var me *mathError
	if errors.As(err, &me) {
		return &Error{Path: r.path, Line: me.line, Err: fmt.Errorf("%s: %v", what, me.err)}
	}
	return &Error{Path: r.path, Err: fmt.Errorf("%s: %v", what, err)}
}

func (r *reader) unsupported(feature string) {
	for _, f := range r.m.Unsupported {
		if f == feature {
			return
		}
	}
	r.m.Unsupported = append(r.m.Unsupported, feature)
}

func read(in io.Reader, path string) (*kinetic.Model, error) {
	root, err := parseTree(in, path)
	if err != nil {
		return nil, err
	}
	r := &reader{path: path, m: &kinetic.Model{}, ids: map[string]int{}}
	if root.name.Local != "sbml" || !strings.HasPrefix(root.name.Space, "http://www.sbml.org/sbml/level") {
		return nil, r.fail(root, "not SBML: root element <%s> in namespace %q", root.name.Local, root.name.Space)
	}
	if r.level, err = r.intAttr(root, "level"); err != nil {
		return nil, err
	}
	if r.version, err = r.intAttr(root, "version"); err != nil {
		return nil, err
	}
	switch {
	case r.level == 2 && r.version >= 1 && r.version <= 5, r.level == 3 && r.version >= 1 && r.version <= 2:
	default:
		return nil, r.fail(root, "SBML Level %d Version %d: only Level 2 (versions 1-5) and Level 3 (versions 1-2) are read", r.level, r.version)
	}
	r.packages(root)
	model := root.kid("model")
	if model == nil {
		return nil, r.fail(root, "no <model>")
	}
	if err := r.model(model); err != nil {
		return nil, err
	}
	return r.m, nil
}

// packages records Level 3 packages that change the model's meaning.
func (r *reader) packages(root *node) {
	for _, a := range root.attrs {
		if a.Name.Local == "required" && a.Name.Space != "" && a.Value == "true" {
			r.unsupported("package " + packageName(a.Name.Space))
		}
		if a.Name.Space == "xmlns" && strings.Contains(a.Value, "/fbc/") {
			r.unsupported("package fbc")
		}
	}
}

func packageName(ns string) string {
	// http://www.sbml.org/sbml/level3/version1/comp/version1
	parts := strings.Split(strings.TrimSuffix(ns, "/"), "/")
	if len(parts) >= 2 {
		return parts[len(parts)-2]
	}
	return ns
}

func (r *reader) intAttr(n *node, name string) (int, error) {
	v, ok := n.attr(name)
	if !ok {
		return 0, r.fail(n, "<%s> without %s", n.name.Local, name)
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, r.fail(n, "<%s> %s=%q is not an integer", n.name.Local, name, v)
	}
	return i, nil
}

// num reads an optional double attribute.
func (r *reader) num(n *node, name string) (float64, bool, error) {
	v, ok := n.attr(name)
	if !ok {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, false, r.fail(n, "<%s id=%q> %s=%q is not a number", n.name.Local, id(n), name, v)
	}
	return f, true, nil
}

// boolean reads an optional boolean attribute with a default.
func (r *reader) boolean(n *node, name string, def bool) (bool, error) {
	v, ok := n.attr(name)
	if !ok {
		return def, nil
	}
	switch strings.TrimSpace(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, r.fail(n, "<%s id=%q> %s=%q is not a boolean", n.name.Local, id(n), name, v)
}

func id(n *node) string {
	v, _ := n.attr("id")
	return v
}

// defineID records a global id, refusing duplicates and invalid names.
func (r *reader) defineID(n *node) (string, error) {
	s := id(n)
	if s == "" {
		return "", r.fail(n, "<%s> without id", n.name.Local)
	}
	if !validSId(s) {
		return "", r.fail(n, "<%s> id %q is not a valid SBML identifier", n.name.Local, s)
	}
	if line, dup := r.ids[s]; dup {
		return "", r.fail(n, "id %q defined twice (also line %d)", s, line)
	}
	r.ids[s] = n.line
	return s, nil
}

func validSId(s string) bool {
	for i, c := range s {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

func (r *reader) mathOf(n *node, what string) (*kinetic.Expr, error) {
	mn := n.kid("math")
	if mn == nil {
		return nil, nil
	}
	e, err := readMath(mn)
	if err != nil {
		return nil, r.mathFail(err, what)
	}
	return e, nil
}

func (r *reader) model(mn *node) error {
	m := r.m
	m.ID, _ = mn.attr("id")
	m.Name, _ = mn.attr("name")
	m.ConversionFactor, _ = mn.attr("conversionFactor")
	l2 := r.level == 2

	for _, f := range mn.list("listOfFunctionDefinitions", "functionDefinition") {
		fid, err := r.defineID(f)
		if err != nil {
			return err
		}
		mathNode := f.kid("math")
		if mathNode == nil {
			continue // allowed by L3v2; a call of it is an error when compiled
		}
		args, body, err := readLambda(mathNode)
		if err != nil {
			return r.mathFail(err, "function definition "+fid)
		}
		m.Functions = append(m.Functions, kinetic.Function{ID: fid, Args: args, Body: body})
	}
	for _, c := range mn.list("listOfCompartments", "compartment") {
		cid, err := r.defineID(c)
		if err != nil {
			return err
		}
		size, has, err := r.num(c, "size")
		if err != nil {
			return err
		}
		dims, hasDims, err := r.num(c, "spatialDimensions")
		if err != nil {
			return err
		}
		if !hasDims {
			dims = 3
		}
		if l2 && !has && dims != 0 {
			size, has = 1, true // Level 2's default size
		}
		constant, err := r.boolean(c, "constant", true)
		if err != nil {
			return err
		}
		name, _ := c.attr("name")
		m.Compartments = append(m.Compartments, kinetic.Compartment{ID: cid, Name: name, Size: size, HasSize: has, Constant: constant, Dimensions: dims})
	}
	for _, s := range mn.list("listOfSpecies", "species") {
		sid, err := r.defineID(s)
		if err != nil {
			return err
		}
		sp := kinetic.Species{ID: sid}
		sp.Name, _ = s.attr("name")
		sp.Compartment, _ = s.attr("compartment")
		amount, hasA, err := r.num(s, "initialAmount")
		if err != nil {
			return err
		}
		conc, hasC, err := r.num(s, "initialConcentration")
		if err != nil {
			return err
		}
		switch {
		case hasA && hasC:
			return r.fail(s, "species %s has both initialAmount and initialConcentration", sid)
		case hasA:
			sp.Initial, sp.HasInitial = amount, true
		case hasC:
			sp.Initial, sp.HasInitial, sp.InitialIsConcentration = conc, true, true
		}
		if sp.OnlySubstance, err = r.boolean(s, "hasOnlySubstanceUnits", false); err != nil {
			return err
		}
		if sp.Boundary, err = r.boolean(s, "boundaryCondition", false); err != nil {
			return err
		}
		if sp.Constant, err = r.boolean(s, "constant", false); err != nil {
			return err
		}
		sp.ConversionFactor, _ = s.attr("conversionFactor")
		m.Species = append(m.Species, sp)
	}
	for _, p := range mn.list("listOfParameters", "parameter") {
		par, err := r.parameter(p, true)
		if err != nil {
			return err
		}
		m.Parameters = append(m.Parameters, par)
	}
	for _, ia := range mn.list("listOfInitialAssignments", "initialAssignment") {
		sym, _ := ia.attr("symbol")
		e, err := r.mathOf(ia, "initial assignment to "+sym)
		if err != nil {
			return err
		}
		if e == nil {
			continue // no math: no assignment (L3v2 allows it)
		}
		m.InitialAssignments = append(m.InitialAssignments, kinetic.Assignment{Symbol: sym, Math: e})
	}
	if rules := mn.kid("listOfRules"); rules != nil {
		for _, rn := range rules.kids {
			var kind kinetic.RuleKind
			switch rn.name.Local {
			case "assignmentRule":
				kind = kinetic.AssignmentRule
			case "rateRule":
				kind = kinetic.RateRule
			case "algebraicRule":
				kind = kinetic.AlgebraicRule
				r.unsupported("algebraic rule")
			default:
				continue
			}
			v, _ := rn.attr("variable")
			e, err := r.mathOf(rn, rn.name.Local+" for "+v)
			if err != nil {
				return err
			}
			if e == nil {
				continue
			}
			m.Rules = append(m.Rules, kinetic.Rule{Kind: kind, Variable: v, Math: e})
		}
	}
	if len(mn.list("listOfConstraints", "constraint")) > 0 {
		r.unsupported("constraint")
	}
	for _, rn := range mn.list("listOfReactions", "reaction") {
		rx, err := r.reaction(rn)
		if err != nil {
			return err
		}
		m.Reactions = append(m.Reactions, rx)
	}
	for _, en := range mn.list("listOfEvents", "event") {
		ev, err := r.event(en)
		if err != nil {
			return err
		}
		m.Events = append(m.Events, ev)
	}
	return r.checkDelay()
}

// checkDelay records the delay csymbol anywhere in the model.
func (r *reader) checkDelay() error {
	var exprs []*kinetic.Expr
	m := r.m
	for _, f := range m.Functions {
		exprs = append(exprs, f.Body)
	}
	for _, a := range m.InitialAssignments {
		exprs = append(exprs, a.Math)
	}
	for _, ru := range m.Rules {
		exprs = append(exprs, ru.Math)
	}
	for _, rx := range m.Reactions {
		if rx.Law != nil {
			exprs = append(exprs, rx.Law)
		}
	}
	for _, ev := range m.Events {
		exprs = append(exprs, ev.Trigger)
		if ev.Delay != nil {
			exprs = append(exprs, ev.Delay)
		}
		for _, a := range ev.Assignments {
			exprs = append(exprs, a.Math)
		}
	}
	for _, e := range exprs {
		e.Walk(func(x *kinetic.Expr) {
			if x.Op == kinetic.Delay {
				r.unsupported("delay csymbol")
			}
		})
	}
	return nil
}

func (r *reader) parameter(p *node, global bool) (kinetic.Parameter, error) {
	var par kinetic.Parameter
	var err error
	if global {
		if par.ID, err = r.defineID(p); err != nil {
			return par, err
		}
	} else {
		par.ID = id(p)
		if !validSId(par.ID) {
			return par, r.fail(p, "local parameter id %q is not a valid SBML identifier", par.ID)
		}
	}
	par.Name, _ = p.attr("name")
	if par.Value, par.HasValue, err = r.num(p, "value"); err != nil {
		return par, err
	}
	if par.Constant, err = r.boolean(p, "constant", true); err != nil {
		return par, err
	}
	return par, nil
}

func (r *reader) reaction(rn *node) (kinetic.Reaction, error) {
	var rx kinetic.Reaction
	var err error
	if rx.ID, err = r.defineID(rn); err != nil {
		return rx, err
	}
	rx.Name, _ = rn.attr("name")
	if rx.Reversible, err = r.boolean(rn, "reversible", true); err != nil {
		return rx, err
	}
	if rx.Fast, err = r.boolean(rn, "fast", false); err != nil {
		return rx, err
	}
	if rx.Fast {
		r.unsupported("fast reaction")
	}
	refs := func(list string) ([]kinetic.SpeciesRef, error) {
		var out []kinetic.SpeciesRef
		for _, sn := range rn.list(list, "speciesReference") {
			var sr kinetic.SpeciesRef
			sr.Species, _ = sn.attr("species")
			if sid := id(sn); sid != "" {
				if sr.ID, err = r.defineID(sn); err != nil {
					return nil, err
				}
			}
			if sr.Stoichiometry, sr.HasStoich, err = r.num(sn, "stoichiometry"); err != nil {
				return nil, err
			}
			if sr.Constant, err = r.boolean(sn, "constant", r.level == 2); err != nil {
				return nil, err
			}
			if sm := sn.kid("stoichiometryMath"); sm != nil {
				if sr.StoichMath, err = r.mathOf(sm, "stoichiometryMath of "+sr.Species+" in reaction "+rx.ID); err != nil {
					return nil, err
				}
			}
			if r.level == 2 && !sr.HasStoich && sr.StoichMath == nil {
				sr.Stoichiometry, sr.HasStoich = 1, true
			}
			out = append(out, sr)
		}
		return out, nil
	}
	if rx.Reactants, err = refs("listOfReactants"); err != nil {
		return rx, err
	}
	if rx.Products, err = refs("listOfProducts"); err != nil {
		return rx, err
	}
	for _, mo := range rn.list("listOfModifiers", "modifierSpeciesReference") {
		s, _ := mo.attr("species")
		rx.Modifiers = append(rx.Modifiers, s)
	}
	if kl := rn.kid("kineticLaw"); kl != nil {
		if rx.Law, err = r.mathOf(kl, "kinetic law of reaction "+rx.ID); err != nil {
			return rx, err
		}
		locals := kl.list("listOfLocalParameters", "localParameter")
		if r.level == 2 {
			locals = kl.list("listOfParameters", "parameter")
		}
		for _, p := range locals {
			par, err := r.parameter(p, false)
			if err != nil {
				return rx, err
			}
			if !par.HasValue {
				par.Value = math.NaN()
			}
			rx.Locals = append(rx.Locals, par)
		}
	}
	return rx, nil
}

func (r *reader) event(en *node) (kinetic.Event, error) {
	var ev kinetic.Event
	var err error
	ev.ID = id(en)
	if ev.ID != "" {
		if ev.ID, err = r.defineID(en); err != nil {
			return ev, err
		}
	}
	what := "event " + ev.ID
	if ev.FromTrigger, err = r.boolean(en, "useValuesFromTriggerTime", true); err != nil {
		return ev, err
	}
	// Level 3 Version 2 lets an event have no trigger, or a trigger
	// without math: it never fires.
	ev.Trigger = &kinetic.Expr{Op: kinetic.False}
	tn := en.kid("trigger")
	if tn == nil {
		return ev, nil
	}
	if t, err := r.mathOf(tn, what+" trigger"); err != nil {
		return ev, err
	} else if t != nil {
		ev.Trigger = t
	}
	// Level 2 events cannot fire at the start and persist (Level 3's
	// initialValue = true, persistent = true).
	if ev.InitialValue, err = r.boolean(tn, "initialValue", true); err != nil {
		return ev, err
	}
	if ev.Persistent, err = r.boolean(tn, "persistent", true); err != nil {
		return ev, err
	}
	if d := en.kid("delay"); d != nil {
		if ev.Delay, err = r.mathOf(d, what+" delay"); err != nil {
			return ev, err
		}
	}
	if p := en.kid("priority"); p != nil {
		if ev.Priority, err = r.mathOf(p, what+" priority"); err != nil {
			return ev, err
		}
	}
	for _, an := range en.list("listOfEventAssignments", "eventAssignment") {
		v, _ := an.attr("variable")
		e, err := r.mathOf(an, what+" assignment to "+v)
		if err != nil {
			return ev, err
		}
		if e == nil {
			continue
		}
		ev.Assignments = append(ev.Assignments, kinetic.Assignment{Symbol: v, Math: e})
	}
	return ev, nil
}
