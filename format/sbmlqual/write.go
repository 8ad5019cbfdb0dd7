package sbmlqual

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Write writes net as an SBML L3V1 qual document (see the package
// documentation for the layout). It fails on MaBoSS rates, on non-Boolean
// rules and on node ids that are not SBML SIds.
func Write(w io.Writer, net *model.Network) error {
	if len(net.Nodes) == 0 {
		return errors.New("sbmlqual: network has no nodes (SBML-qual needs at least one qualitativeSpecies)")
	}
	taken := map[string]bool{} // SIds share one namespace per model
	for _, nd := range net.Nodes {
		if !validSId(nd.ID) {
			return fmt.Errorf("sbmlqual: node id %q is not an SBML SId (a letter or '_', then letters, digits and '_')", nd.ID)
		}
		if !net.NodeLogical(&nd) && (nd.Up != nil || nd.Down != nil) {
			return fmt.Errorf("sbmlqual: node %s has MaBoSS rates (rate_up/rate_down); SBML-qual cannot hold rates", nd.ID)
		}
		if nd.Rule != nil {
			if err := nd.Rule.CheckBoolean(); err != nil {
				return fmt.Errorf("sbmlqual: rule of %s: %v", nd.ID, err)
			}
		}
		taken[nd.ID] = true
	}
	compartment := unique("default", taken)
	taken[compartment] = true

	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	p("<sbml xmlns=%q level=\"3\" version=\"1\" xmlns:qual=%q qual:required=\"true\">\n", CoreNS, QualNS)
	switch {
	case net.Name == "":
		p("  <model>\n")
	case validSId(net.Name) && !taken[net.Name]:
		p("  <model id=%s>\n", quote(net.Name))
		taken[net.Name] = true
	default:
		id := unique(sanitize(net.Name), taken)
		taken[id] = true
		p("  <model id=%s name=%s>\n", quote(id), quote(net.Name))
	}
	p("    <listOfCompartments>\n      <compartment id=%s constant=\"true\"/>\n    </listOfCompartments>\n", quote(compartment))
	p("    <qual:listOfQualitativeSpecies>\n")
	for _, nd := range net.Nodes {
		p("      <qual:qualitativeSpecies qual:id=%s", quote(nd.ID))
		if nd.Name != "" && nd.Name != nd.ID {
			p(" qual:name=%s", quote(nd.Name))
		}
		p(" qual:compartment=%s qual:constant=\"false\" qual:maxLevel=\"1\"", quote(compartment))
		if nd.Kind == model.Phenotype && nd.Rule != nil {
			p(" sboTerm=%q", sboPhenotype)
		}
		p("/>\n")
	}
	p("    </qual:listOfQualitativeSpecies>\n")
	var ruled []model.Node
	for _, nd := range net.Nodes {
		if nd.Rule != nil {
			ruled = append(ruled, nd)
		}
	}
	if len(ruled) > 0 {
		p("    <qual:listOfTransitions>\n")
		for _, nd := range ruled {
			id := unique("tr_"+nd.ID, taken)
			taken[id] = true
			p("      <qual:transition qual:id=%s>\n", quote(id))
			if vars := nd.Rule.Vars(); len(vars) > 0 {
				signs := model.Signs(nd.Rule)
				p("        <qual:listOfInputs>\n")
				for _, v := range vars {
					p("          <qual:input qual:qualitativeSpecies=%s qual:transitionEffect=\"none\" qual:sign=%q/>\n", quote(v), signName(signs[v]))
				}
				p("        </qual:listOfInputs>\n")
			}
			p("        <qual:listOfOutputs>\n          <qual:output qual:qualitativeSpecies=%s qual:transitionEffect=\"assignmentLevel\"/>\n        </qual:listOfOutputs>\n", quote(nd.ID))
			p("        <qual:listOfFunctionTerms>\n          <qual:defaultTerm qual:resultLevel=\"0\"/>\n")
			p("          <qual:functionTerm qual:resultLevel=\"1\">\n            <math xmlns=%q>\n", MathNS)
			writeMath(bw, nd.Rule, 14)
			p("            </math>\n          </qual:functionTerm>\n        </qual:listOfFunctionTerms>\n      </qual:transition>\n")
		}
		p("    </qual:listOfTransitions>\n")
	}
	p("  </model>\n</sbml>\n")
	return bw.Flush()
}

func signName(s model.Sign) string {
	switch s {
	case model.Activates:
		return "positive"
	case model.Inhibits:
		return "negative"
	}
	return "dual"
}

// quote returns s as a double-quoted XML attribute value.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // strings.Builder never fails
	b.WriteByte('"')
	return b.String()
}

// sanitize turns a name into an SId by replacing other characters with '_'.
func sanitize(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || i > 0 && r >= '0' && r <= '9' {
			b.WriteRune(r)
			continue
		}
		if i == 0 && r >= '0' && r <= '9' {
			b.WriteString("_")
			b.WriteRune(r)
			continue
		}
		b.WriteByte('_')
	}
	return b.String()
}

// unique returns id, or id with the smallest suffix _2, _3, ... not taken.
func unique(id string, taken map[string]bool) string {
	if !taken[id] {
		return id
	}
	for k := 2; ; k++ {
		if c := fmt.Sprintf("%s_%d", id, k); !taken[c] {
			return c
		}
	}
}

// writeMath writes e as MathML, one element per line, indented by indent
// spaces. A variable x is written eq(x, 1) and !x eq(x, 0), as BoolNet and
// GINsim do; Read turns both back into the same tree.
func writeMath(w *bufio.Writer, e *expr.Expr, indent int) {
	pad := strings.Repeat(" ", min(indent, 40)) // deep rules would grow quadratically
	switch e.Op {
	case expr.OpConst:
		if e.Value != 0 {
			fmt.Fprintf(w, "%s<true/>\n", pad)
		} else {
			fmt.Fprintf(w, "%s<false/>\n", pad)
		}
	case expr.OpVar:
		fmt.Fprintf(w, "%s<apply><eq/><ci>%s</ci><cn type=\"integer\">1</cn></apply>\n", pad, escape(e.Name))
	case expr.OpNot:
		if a := e.Args[0]; a.Op == expr.OpVar {
			fmt.Fprintf(w, "%s<apply><eq/><ci>%s</ci><cn type=\"integer\">0</cn></apply>\n", pad, escape(a.Name))
			return
		}
		fmt.Fprintf(w, "%s<apply>\n%s  <not/>\n", pad, pad)
		writeMath(w, e.Args[0], indent+2)
		fmt.Fprintf(w, "%s</apply>\n", pad)
	default:
		op := map[expr.Op]string{expr.OpAnd: "and", expr.OpOr: "or", expr.OpXor: "xor"}[e.Op]
		fmt.Fprintf(w, "%s<apply>\n%s  <%s/>\n", pad, pad, op)
		for _, a := range e.Args {
			writeMath(w, a, indent+2)
		}
		fmt.Fprintf(w, "%s</apply>\n", pad)
	}
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // strings.Builder never fails
	return b.String()
}
