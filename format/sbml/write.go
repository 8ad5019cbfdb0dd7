package sbml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/kinetic"
)

// CoreNS is the SBML Level 3 Version 2 core namespace Write uses.
const CoreNS = "http://www.sbml.org/sbml/level3/version2/core"

// WriteFile writes m as SBML Level 3 Version 2 core, atomically.
func WriteFile(path string, m *kinetic.Model) error {
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}

// Write writes m as SBML Level 3 Version 2 core. Level 2's
// stoichiometryMath becomes a named species reference set by an assignment
// rule, as Level 3 expresses it. A model that uses features the reader did
// not keep (Model.Unsupported) is refused: writing it would drop them.
func Write(w io.Writer, m *kinetic.Model) error {
	if len(m.Unsupported) > 0 {
		return fmt.Errorf("cannot write SBML: the model uses %s, which ikklab does not keep", strings.Join(m.Unsupported, ", "))
	}
	x := &writer{}
	x.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	x.line(0, `<sbml xmlns="`+CoreNS+`" level="3" version="2">`)
	id := m.ID
	if id == "" {
		id = "model"
	}
	x.line(1, `<model`+x.attr("id", id)+x.meta(m, "")+x.optAttr("name", m.Name)+x.optAttr("conversionFactor", m.ConversionFactor)+`>`)
	x.extras(2, m, "")
	if len(m.Functions) > 0 {
		x.line(2, "<listOfFunctionDefinitions>")
		for _, f := range m.Functions {
			x.line(3, `<functionDefinition`+x.attr("id", f.ID)+`>`)
			x.line(4, `<math xmlns="`+MathNS+`">`)
			x.line(5, "<lambda>")
			for _, a := range f.Args {
				x.line(6, "<bvar><ci>"+a+"</ci></bvar>")
			}
			x.expr(6, f.Body)
			x.line(5, "</lambda>")
			x.line(4, "</math>")
			x.line(3, "</functionDefinition>")
		}
		x.line(2, "</listOfFunctionDefinitions>")
	}
	if len(m.Compartments) > 0 {
		x.line(2, "<listOfCompartments>")
		for _, c := range m.Compartments {
			s := `<compartment` + x.attr("id", c.ID) + x.optAttr("name", c.Name) + x.attr("spatialDimensions", num(c.Dimensions))
			if c.HasSize {
				s += x.attr("size", num(c.Size))
			}
			x.element(3, s+x.attr("constant", strconv.FormatBool(c.Constant))+x.meta(m, c.ID), m, c.ID, "compartment")
		}
		x.line(2, "</listOfCompartments>")
	}
	if len(m.Species) > 0 {
		x.line(2, "<listOfSpecies>")
		for _, sp := range m.Species {
			s := `<species` + x.attr("id", sp.ID) + x.optAttr("name", sp.Name) + x.attr("compartment", sp.Compartment)
			if sp.HasInitial {
				if sp.InitialIsConcentration {
					s += x.attr("initialConcentration", num(sp.Initial))
				} else {
					s += x.attr("initialAmount", num(sp.Initial))
				}
			}
			s += x.attr("hasOnlySubstanceUnits", strconv.FormatBool(sp.OnlySubstance)) +
				x.attr("boundaryCondition", strconv.FormatBool(sp.Boundary)) +
				x.attr("constant", strconv.FormatBool(sp.Constant)) + x.optAttr("conversionFactor", sp.ConversionFactor) + x.meta(m, sp.ID)
			x.element(3, s, m, sp.ID, "species")
		}
		x.line(2, "</listOfSpecies>")
	}
	// stoichiometryMath → a named, non-constant species reference set by an
	// assignment rule.
	rules := append([]kinetic.Rule(nil), m.Rules...)
	used := map[string]bool{}
	for _, c := range m.Compartments {
		used[c.ID] = true
	}
	for _, s := range m.Species {
		used[s.ID] = true
	}
	for _, p := range m.Parameters {
		used[p.ID] = true
	}
	for _, r := range m.Reactions {
		used[r.ID] = true
		for _, list := range [][]kinetic.SpeciesRef{r.Reactants, r.Products} {
			for _, sr := range list {
				if sr.ID != "" {
					used[sr.ID] = true
				}
			}
		}
	}
	reactions := make([]kinetic.Reaction, len(m.Reactions))
	for i, r := range m.Reactions {
		reactions[i] = r
		renameClashingLocals(&reactions[i], used)
		for _, list := range []*[]kinetic.SpeciesRef{&reactions[i].Reactants, &reactions[i].Products} {
			refs := append([]kinetic.SpeciesRef(nil), (*list)...)
			for k := range refs {
				sr := &refs[k]
				if sr.StoichMath == nil {
					continue
				}
				if sr.ID == "" {
					base := "stoich_" + r.ID + "_" + sr.Species
					sr.ID = base
					for n := 2; used[sr.ID]; n++ {
						sr.ID = base + "_" + strconv.Itoa(n)
					}
					used[sr.ID] = true
				}
				rules = append(rules, kinetic.Rule{Kind: kinetic.AssignmentRule, Variable: sr.ID, Math: sr.StoichMath})
				sr.StoichMath, sr.Constant, sr.HasStoich = nil, false, false
			}
			*list = refs
		}
	}
	if len(m.Parameters) > 0 {
		x.line(2, "<listOfParameters>")
		for _, p := range m.Parameters {
			s := `<parameter` + x.attr("id", p.ID) + x.optAttr("name", p.Name)
			if p.HasValue {
				s += x.attr("value", num(p.Value))
			}
			x.element(3, s+x.attr("constant", strconv.FormatBool(p.Constant))+x.meta(m, p.ID), m, p.ID, "parameter")
		}
		x.line(2, "</listOfParameters>")
	}
	if len(m.InitialAssignments) > 0 {
		x.line(2, "<listOfInitialAssignments>")
		for _, a := range m.InitialAssignments {
			x.line(3, `<initialAssignment`+x.attr("symbol", a.Symbol)+`>`)
			x.math(4, a.Math)
			x.line(3, "</initialAssignment>")
		}
		x.line(2, "</listOfInitialAssignments>")
	}
	if len(rules) > 0 {
		x.line(2, "<listOfRules>")
		for _, r := range rules {
			switch r.Kind {
			case kinetic.AssignmentRule:
				x.line(3, `<assignmentRule`+x.attr("variable", r.Variable)+`>`)
				x.math(4, r.Math)
				x.line(3, "</assignmentRule>")
			case kinetic.RateRule:
				x.line(3, `<rateRule`+x.attr("variable", r.Variable)+`>`)
				x.math(4, r.Math)
				x.line(3, "</rateRule>")
			default:
				x.line(3, "<algebraicRule>")
				x.math(4, r.Math)
				x.line(3, "</algebraicRule>")
			}
		}
		x.line(2, "</listOfRules>")
	}
	if len(reactions) > 0 {
		x.line(2, "<listOfReactions>")
		for _, r := range reactions {
			x.line(3, `<reaction`+x.attr("id", r.ID)+x.meta(m, r.ID)+x.optAttr("name", r.Name)+x.attr("reversible", strconv.FormatBool(r.Reversible))+`>`)
			x.extras(4, m, r.ID)
			for _, l := range []struct {
				name string
				refs []kinetic.SpeciesRef
			}{{"listOfReactants", r.Reactants}, {"listOfProducts", r.Products}} {
				if len(l.refs) == 0 {
					continue
				}
				x.line(4, "<"+l.name+">")
				for _, sr := range l.refs {
					s := `<speciesReference` + x.optAttr("id", sr.ID) + x.attr("species", sr.Species)
					if sr.HasStoich {
						s += x.attr("stoichiometry", num(sr.Stoichiometry))
					}
					x.line(5, s+x.attr("constant", strconv.FormatBool(sr.Constant))+"/>")
				}
				x.line(4, "</"+l.name+">")
			}
			if len(r.Modifiers) > 0 {
				x.line(4, "<listOfModifiers>")
				for _, mo := range r.Modifiers {
					x.line(5, `<modifierSpeciesReference`+x.attr("species", mo)+`/>`)
				}
				x.line(4, "</listOfModifiers>")
			}
			if r.Law != nil {
				x.line(4, "<kineticLaw>")
				x.math(5, r.Law)
				if len(r.Locals) > 0 {
					x.line(5, "<listOfLocalParameters>")
					for _, p := range r.Locals {
						s := `<localParameter` + x.attr("id", p.ID) + x.optAttr("name", p.Name)
						if !math.IsNaN(p.Value) {
							s += x.attr("value", num(p.Value))
						}
						x.line(6, s+"/>")
					}
					x.line(5, "</listOfLocalParameters>")
				}
				x.line(4, "</kineticLaw>")
			}
			x.line(3, "</reaction>")
		}
		x.line(2, "</listOfReactions>")
	}
	if len(m.Events) > 0 {
		x.line(2, "<listOfEvents>")
		for _, ev := range m.Events {
			x.line(3, `<event`+x.optAttr("id", ev.ID)+x.attr("useValuesFromTriggerTime", strconv.FormatBool(ev.FromTrigger))+`>`)
			x.line(4, `<trigger`+x.attr("initialValue", strconv.FormatBool(ev.InitialValue))+x.attr("persistent", strconv.FormatBool(ev.Persistent))+`>`)
			x.math(5, ev.Trigger)
			x.line(4, "</trigger>")
			if ev.Priority != nil {
				x.line(4, "<priority>")
				x.math(5, ev.Priority)
				x.line(4, "</priority>")
			}
			if ev.Delay != nil {
				x.line(4, "<delay>")
				x.math(5, ev.Delay)
				x.line(4, "</delay>")
			}
			if len(ev.Assignments) > 0 {
				x.line(4, "<listOfEventAssignments>")
				for _, a := range ev.Assignments {
					x.line(5, `<eventAssignment`+x.attr("variable", a.Symbol)+`>`)
					x.math(6, a.Math)
					x.line(5, "</eventAssignment>")
				}
				x.line(4, "</listOfEventAssignments>")
			}
			x.line(3, "</event>")
		}
		x.line(2, "</listOfEvents>")
	}
	x.line(1, "</model>")
	x.line(0, "</sbml>")
	_, err := w.Write(x.b.Bytes())
	return err
}

type writer struct{ b bytes.Buffer }

func (x *writer) line(indent int, s string) {
	for i := 0; i < indent; i++ {
		x.b.WriteString("  ")
	}
	x.b.WriteString(s)
	x.b.WriteByte('\n')
}

func (x *writer) attr(name, v string) string { return " " + name + "=" + quote(v) }

// quote is an XML attribute value in double quotes.
func quote(v string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(v))
	return `"` + strings.ReplaceAll(b.String(), `"`, "&quot;") + `"`
}

func (x *writer) optAttr(name, v string) string {
	if v == "" {
		return ""
	}
	return x.attr(name, v)
}

// num formats a number so that it reads back exactly.
func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "INF"
	case math.IsInf(v, -1):
		return "-INF"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (x *writer) math(indent int, e *kinetic.Expr) {
	x.line(indent, `<math xmlns="`+MathNS+`">`)
	x.expr(indent+1, e)
	x.line(indent, "</math>")
}

const csymbolFmt = `<csymbol encoding="text" definitionURL="` + symbolsURL + `%s"> %s </csymbol>`

func (x *writer) expr(indent int, e *kinetic.Expr) {
	switch e.Op {
	case kinetic.Num:
		switch {
		case math.IsNaN(e.Value):
			x.line(indent, "<notanumber/>")
		case math.IsInf(e.Value, 1):
			x.line(indent, "<infinity/>")
		case math.IsInf(e.Value, -1):
			x.line(indent, "<apply><minus/><infinity/></apply>")
		case e.Value == math.Trunc(e.Value) && math.Abs(e.Value) < 1<<53:
			x.line(indent, `<cn type="integer"> `+strconv.FormatFloat(e.Value, 'f', -1, 64)+" </cn>")
		default:
			x.line(indent, "<cn> "+strconv.FormatFloat(e.Value, 'g', -1, 64)+" </cn>")
		}
	case kinetic.Sym:
		x.line(indent, "<ci> "+e.Name+" </ci>")
	case kinetic.Time:
		x.line(indent, fmt.Sprintf(csymbolFmt, "time", "time"))
	case kinetic.Avogadro:
		x.line(indent, fmt.Sprintf(csymbolFmt, "avogadro", "avogadro"))
	case kinetic.True:
		x.line(indent, "<true/>")
	case kinetic.False:
		x.line(indent, "<false/>")
	case kinetic.Piecewise:
		x.line(indent, "<piecewise>")
		n := len(e.Args)
		for i := 0; i+1 < n; i += 2 {
			x.line(indent+1, "<piece>")
			x.expr(indent+2, e.Args[i])
			x.expr(indent+2, e.Args[i+1])
			x.line(indent+1, "</piece>")
		}
		if n%2 == 1 {
			x.line(indent+1, "<otherwise>")
			x.expr(indent+2, e.Args[n-1])
			x.line(indent+1, "</otherwise>")
		}
		x.line(indent, "</piecewise>")
	default:
		x.line(indent, "<apply>")
		args := e.Args
		switch e.Op {
		case kinetic.Call:
			x.line(indent+1, "<ci> "+e.Name+" </ci>")
		case kinetic.RateOf:
			x.line(indent+1, fmt.Sprintf(csymbolFmt, "rateOf", "rateOf"))
		case kinetic.Delay:
			x.line(indent+1, fmt.Sprintf(csymbolFmt, "delay", "delay"))
		case kinetic.Root, kinetic.Log:
			x.line(indent+1, "<"+e.Op.Name()+"/>")
			q := "degree"
			if e.Op == kinetic.Log {
				q = "logbase"
			}
			x.line(indent+1, "<"+q+">")
			x.expr(indent+2, args[0])
			x.line(indent+1, "</"+q+">")
			args = args[1:]
		default:
			x.line(indent+1, "<"+e.Op.Name()+"/>")
		}
		for _, a := range args {
			x.expr(indent+1, a)
		}
		x.line(indent, "</apply>")
	}
}

// renameClashingLocals gives a local parameter that has the id of a species
// the reaction refers to a fresh id (Level 3 Version 1 allowed the clash;
// Version 2 does not: libSBML error 21173), renaming it in the rate law.
func renameClashingLocals(r *kinetic.Reaction, used map[string]bool) {
	refs := map[string]bool{}
	for _, list := range [][]kinetic.SpeciesRef{r.Reactants, r.Products} {
		for _, sr := range list {
			refs[sr.Species] = true
		}
	}
	for _, mo := range r.Modifiers {
		refs[mo] = true
	}
	locals := map[string]bool{}
	for _, p := range r.Locals {
		locals[p.ID] = true
	}
	var renamed []kinetic.Parameter
	for _, p := range r.Locals {
		if refs[p.ID] {
			to := p.ID + "_local"
			for n := 2; used[to] || locals[to]; n++ {
				to = p.ID + "_local" + strconv.Itoa(n)
			}
			locals[to] = true
			if r.Law != nil {
				r.Law = renameSym(r.Law, p.ID, to)
			}
			p.ID = to
		}
		renamed = append(renamed, p)
	}
	r.Locals = renamed
}

func renameSym(e *kinetic.Expr, from, to string) *kinetic.Expr {
	if e.Op == kinetic.Sym && e.Name == from {
		return kinetic.S(to)
	}
	if len(e.Args) == 0 {
		return e
	}
	c := *e
	c.Args = make([]*kinetic.Expr, len(e.Args))
	for i, a := range e.Args {
		c.Args[i] = renameSym(a, from, to)
	}
	return &c
}

const (
	rdfNS     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	bqbiolNS  = "http://biomodels.net/biology-qualifiers/"
	bqmodelNS = "http://biomodels.net/model-qualifiers/"
	xhtmlNS   = "http://www.w3.org/1999/xhtml"
)

// meta returns the metaid attribute of an element with notes or
// annotations ("" for none).
func (x *writer) meta(m *kinetic.Model, id string) string {
	if m.Notes[id] == "" && !hasAnnotation(m, id) {
		return ""
	}
	return x.attr("metaid", metaID(id))
}

func metaID(id string) string {
	if id == "" {
		return "meta_model"
	}
	return "meta_" + id
}

func hasAnnotation(m *kinetic.Model, id string) bool {
	for _, a := range m.Annotations {
		if a.Element == id {
			return true
		}
	}
	return false
}

// extras writes an element's notes and MIRIAM annotation, if any.
func (x *writer) extras(indent int, m *kinetic.Model, id string) {
	if note := m.Notes[id]; note != "" {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(note))
		x.line(indent, "<notes>")
		x.line(indent+1, `<body xmlns="`+xhtmlNS+`"><p>`+b.String()+`</p></body>`)
		x.line(indent, "</notes>")
	}
	if !hasAnnotation(m, id) {
		return
	}
	x.line(indent, "<annotation>")
	x.line(indent+1, `<rdf:RDF xmlns:rdf="`+rdfNS+`" xmlns:bqbiol="`+bqbiolNS+`" xmlns:bqmodel="`+bqmodelNS+`">`)
	x.line(indent+2, `<rdf:Description rdf:about="#`+metaID(id)+`">`)
	var quals []string
	byQual := map[string][]string{}
	for _, a := range m.Annotations {
		if a.Element != id {
			continue
		}
		if byQual[a.Qualifier] == nil {
			quals = append(quals, a.Qualifier)
		}
		byQual[a.Qualifier] = append(byQual[a.Qualifier], a.Resource)
	}
	for _, q := range quals {
		x.line(indent+3, "<"+q+">")
		x.line(indent+4, "<rdf:Bag>")
		for _, r := range byQual[q] {
			x.line(indent+5, `<rdf:li rdf:resource=`+quote(r)+`/>`)
		}
		x.line(indent+4, "</rdf:Bag>")
		x.line(indent+3, "</"+q+">")
	}
	x.line(indent+2, "</rdf:Description>")
	x.line(indent+1, "</rdf:RDF>")
	x.line(indent, "</annotation>")
}

// element writes a leaf element (attributes in open, starting "<name"),
// with its notes and annotation as children when it has any.
func (x *writer) element(indent int, open string, m *kinetic.Model, id, name string) {
	if m.Notes[id] == "" && !hasAnnotation(m, id) {
		x.line(indent, open+"/>")
		return
	}
	x.line(indent, open+">")
	x.extras(indent+1, m, id)
	x.line(indent, "</"+name+">")
}
