package sbmlqual

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/internal/nettest"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*_golden.* files")

// doc wraps species and transitions in an SBML L3V1 qual document.
func doc(species, transitions string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1" xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">
<model id="m">
<qual:listOfQualitativeSpecies>
` + species + `
</qual:listOfQualitativeSpecies>
<qual:listOfTransitions>
` + transitions + `
</qual:listOfTransitions>
</model>
</sbml>
`
}

// sp declares Boolean species.
func sp(ids ...string) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "<qual:qualitativeSpecies qual:id=%q qual:maxLevel=\"1\" qual:constant=\"false\"/>\n", id)
	}
	return b.String()
}

// tr is a transition setting out with the given function terms (raw XML).
func tr(out, terms string) string {
	return fmt.Sprintf(`<qual:transition qual:id="tr_%s">
<qual:listOfOutputs><qual:output qual:qualitativeSpecies="%s" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
<qual:listOfFunctionTerms>%s</qual:listOfFunctionTerms>
</qual:transition>
`, out, out, terms)
}

// term is a functionTerm at level with the MathML body.
func term(level int, math string) string {
	return fmt.Sprintf(`<qual:functionTerm qual:resultLevel="%d"><math xmlns="http://www.w3.org/1998/Math/MathML">%s</math></qual:functionTerm>`, level, math)
}

const def0, def1 = `<qual:defaultTerm qual:resultLevel="0"/>`, `<qual:defaultTerm qual:resultLevel="1"/>`

func cmpx(op, a, b string) string { return "<apply><" + op + "/>" + a + b + "</apply>" }
func ci(id string) string         { return "<ci> " + id + " </ci>" }
func cn(v string) string          { return `<cn type="integer"> ` + v + " </cn>" }

// summary renders a network as "ID:kind=rule" items.
func summary(net *model.Network) string {
	var parts []string
	for _, nd := range net.Nodes {
		s := nd.ID + ":" + nd.Kind.String()
		if nd.Rule != nil {
			s += "=" + nd.Rule.String()
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestRead(t *testing.T) {
	// Expected rules derived by hand from the SBML-qual specification
	// (section 3.6, function terms) and the MathML comparison semantics over
	// the levels 0 and 1.
	tests := []struct {
		name, in, want string
	}{
		{"eq 1 and eq 0", doc(sp("A", "B"), tr("A", def0+term(1, cmpx("eq", ci("B"), cn("1"))))+tr("B", def0+term(1, cmpx("eq", ci("A"), cn("0"))))),
			"A:gene=B B:gene=!A"},
		{"operand order", doc(sp("A", "B"), tr("A", def0+term(1, cmpx("eq", cn("1"), ci("B"))))+tr("B", def0+term(1, cmpx("lt", cn("0"), ci("A"))))),
			"A:gene=B B:gene=A"},
		{"comparisons", doc(sp("A", "B", "C", "D", "E", "F"),
			tr("A", def0+term(1, cmpx("geq", ci("F"), cn("1"))))+
				tr("B", def0+term(1, cmpx("gt", ci("F"), cn("0"))))+
				tr("C", def0+term(1, cmpx("leq", ci("F"), cn("0"))))+
				tr("D", def0+term(1, cmpx("neq", ci("F"), cn("1"))))+
				tr("E", def0+term(1, cmpx("gt", ci("F"), cn("1"))))),
			"A:gene=F B:gene=F C:gene=!F D:gene=!F E:gene=0 F:input"},
		{"two species compared", doc(sp("A", "B", "C"), tr("A", def0+term(1, cmpx("eq", ci("B"), ci("C"))))+tr("B", def0+term(1, cmpx("gt", ci("A"), ci("C"))))),
			"A:gene=!(B ^ C) B:gene=A & !C C:input"},
		{"n-ary and, or, xor, not, implies", doc(sp("A", "B", "C", "D"),
			tr("A", def0+term(1, "<apply><and/>"+ci("B")+ci("C")+ci("D")+"</apply>"))+
				tr("B", def0+term(1, "<apply><xor/>"+ci("A")+ci("C")+ci("D")+"</apply>"))+
				tr("C", def0+term(1, "<apply><implies/><apply><not/>"+ci("A")+"</apply>"+cmpx("eq", ci("D"), cn("0"))+"</apply>"))),
			"A:gene=B & C & D B:gene=A ^ C ^ D C:gene=A | !D D:input"},
		{"several terms are ORed", doc(sp("A", "B", "C"), tr("A", def0+term(1, ci("B"))+term(1, ci("C")))),
			"A:gene=B | C B:input C:input"},
		{"default 1 with a term at 0", doc(sp("A", "B"), tr("A", def1+term(0, cmpx("eq", ci("B"), cn("1"))))),
			"A:gene=!B B:input"},
		{"default 1 with terms at 0 and 1", doc(sp("A", "B", "C"), tr("A", def1+term(0, ci("B"))+term(1, ci("C")))),
			"A:gene=C | !B B:input C:input"},
		{"constants", doc(sp("A", "B", "C"), tr("A", def0+term(1, "<true/>"))+tr("B", def1)+tr("C", def0+term(1, "<false/>"))),
			"A:gene=1 B:gene=1 C:gene=0"},
		{"self-loop is input", doc(sp("A", "B"), tr("A", def0+term(1, cmpx("eq", ci("A"), cn("1"))))+tr("B", def0+term(1, ci("A")))),
			"A:input B:gene=A"},
		{"input transition without terms (BBM)", doc(sp("A", "B"), `<qual:transition qual:id="tr_A"><qual:listOfInputs></qual:listOfInputs><qual:listOfOutputs><qual:output qual:qualitativeSpecies="A" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs></qual:transition>`+tr("B", def0+term(1, ci("A")))),
			"A:input B:gene=A"},
		{"constant species and species without transition", doc(`<qual:qualitativeSpecies qual:id="A" qual:constant="true"/>`+sp("B", "C"), tr("B", def0+term(1, ci("A")))),
			"A:input B:gene=A C:input"},
		{"phenotype sbo term", doc(`<qual:qualitativeSpecies qual:id="P" qual:maxLevel="1" qual:constant="false" sboTerm="SBO:0000358"/>`+sp("A"), tr("P", def0+term(1, ci("A")))),
			"P:phenotype=A A:input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got := summary(net); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if net.Name != "m" {
				t.Errorf("Name = %q, want the model id m", net.Name)
			}
		})
	}
}

func TestReadNames(t *testing.T) {
	// RELA's name p65 is a fine alias; NFKBIA's name "RELA" names another
	// node and TBK1's "tbk-1" normalizes to its own id: both are left out.
	in := doc(`<qual:qualitativeSpecies qual:id="RELA" qual:name="p65" qual:maxLevel="1" qual:constant="false"/>
<qual:qualitativeSpecies qual:id="NFKBIA" qual:name="RELA" qual:maxLevel="1" qual:constant="false"/>
<qual:qualitativeSpecies qual:id="TBK1" qual:name="tbk-1" qual:maxLevel="1" qual:constant="false"/>
<qual:qualitativeSpecies qual:id="X" qual:name="---" qual:maxLevel="1" qual:constant="false"/>`, tr("RELA", def0+term(1, ci("TBK1"))))
	net, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{"RELA": {"p65", "p65"}, "NFKBIA": {"RELA", ""}, "TBK1": {"tbk-1", ""}, "X": {"---", ""}}
	for id, w := range want {
		nd, _ := net.Node(id)
		if nd.Name != w[0] || strings.Join(nd.Aliases, ",") != w[1] {
			t.Errorf("%s: Name %q aliases %v, want %q [%s]", id, nd.Name, nd.Aliases, w[0], w[1])
		}
	}
	if id, err := net.Resolve("P65"); err != nil || id != "RELA" {
		t.Errorf("Resolve(P65) = %q, %v", id, err)
	}
	back := roundTrip(t, net)
	for _, nd := range net.Nodes {
		b, _ := back.Node(nd.ID)
		if b.Name != nd.Name || strings.Join(b.Aliases, ",") != strings.Join(nd.Aliases, ",") {
			t.Errorf("%s: names changed in the round trip: %q %v -> %q %v", nd.ID, nd.Name, nd.Aliases, b.Name, b.Aliases)
		}
	}
}

func TestReadErrors(t *testing.T) {
	// Each message must name the element and its line, on one line.
	tests := []struct {
		name, in    string
		want        []string
		unsupported bool
	}{
		{"multi-valued", doc(sp("A")+"\n"+`<qual:qualitativeSpecies qual:id="B" qual:maxLevel="2" qual:constant="false"/>`, ""),
			[]string{"line 7:", "species B", "multi-valued species (maxLevel 2)"}, true},
		{"unknown ci", doc(sp("A"), tr("A", def0+term(1, ci("Z")))),
			[]string{"line 9:", "transition tr_A", "functionTerm 1", "<ci>Z</ci> is not a qualitativeSpecies"}, false},
		{"production", doc(sp("A"), strings.Replace(tr("A", def0+term(1, ci("A"))), "assignmentLevel", "production", 1)),
			[]string{"transition tr_A", `transitionEffect "production"`}, true},
		{"two transitions", doc(sp("A", "B"), tr("A", def0+term(1, ci("B")))+strings.Replace(tr("A", def0+term(1, ci("A"))), `qual:id="tr_A"`, `qual:id="tr_A2"`, 1)),
			[]string{"line 14:", "transition tr_A2", "output of two transitions (transition tr_A and this one)"}, true},
		{"arithmetic", doc(sp("A"), tr("A", def0+term(1, "<apply><plus/>"+ci("A")+cn("1")+"</apply>"))),
			[]string{"transition tr_A", "MathML operator <plus/>"}, true},
		{"piecewise", doc(sp("A"), tr("A", def0+term(1, "<piecewise/>"))),
			[]string{"transition tr_A", "MathML <piecewise>"}, true},
		{"number as boolean", doc(sp("A"), tr("A", def0+term(1, cn("1")))),
			[]string{"transition tr_A", "where a Boolean is expected"}, false},
		{"level 2", doc(sp("A"), tr("A", def0+term(2, ci("A")))),
			[]string{"transition tr_A", "resultLevel 2"}, true},
		{"constant output", doc(`<qual:qualitativeSpecies qual:id="A" qual:constant="true"/>`, tr("A", def0+term(1, ci("A")))),
			[]string{"transition tr_A", "output A is a constant species"}, false},
		{"bad id", doc(`<qual:qualitativeSpecies qual:id="NF-kB"/>`, ""), []string{"line 5:", `id "NF-kB" is not an SBML SId`}, false},
		{"duplicate species", doc(sp("A", "A"), ""), []string{"line 6:", "species A defined twice (first on line 5)"}, false},
		{"not sbml", `<?xml version="1.0"?>` + "\n<sbml xmlns=\"http://www.sbml.org/sbml/level2/version4\"/>", []string{"line 2:", "not SBML Level 3 Version 1"}, false},
		{"no species", doc("", ""), []string{"not an SBML-qual model"}, false},
		{"broken xml", doc(sp("A"), "<qual:transition>\n</qual:oops>"), []string{"line 9:", "XML syntax error"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("Read succeeded, want an error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if got := errors.Is(err, ErrUnsupported); got != tt.unsupported {
				t.Errorf("errors.Is(err, ErrUnsupported) = %v, want %v", got, tt.unsupported)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	net, err := ReadFile(filepath.Join("testdata", "toy.sbml"))
	if err != nil {
		t.Fatal(err)
	}
	if net.Name != "toy" {
		t.Errorf("Name = %q, want the base name toy", net.Name)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.sbml")
	if err := os.WriteFile(bad, []byte(doc(sp("A"), tr("A", def0+term(1, ci("Q"))))), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFile(bad)
	if err == nil || !strings.HasPrefix(err.Error(), bad+":9: transition tr_A: ") {
		t.Errorf("error %v, want it to start with %q", err, bad+":9: transition tr_A: ")
	}
}

func roundTrip(t *testing.T, net *model.Network) *model.Network {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, net); err != nil {
		t.Fatalf("Write: %v", err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read of written network: %v\n%s", err, buf.String())
	}
	return back
}

// sameTrees checks the round-trip invariant on networks Read returned.
func sameTrees(t *testing.T, a, b *model.Network) {
	t.Helper()
	if len(a.Nodes) != len(b.Nodes) {
		t.Fatalf("%d nodes, %d after the round trip", len(a.Nodes), len(b.Nodes))
	}
	for i := range a.Nodes {
		x, y := a.Nodes[i], b.Nodes[i]
		if x.ID != y.ID || x.Kind != y.Kind || x.Name != y.Name || (x.Rule == nil) != (y.Rule == nil) || x.Rule != nil && !expr.Equal(x.Rule, y.Rule) {
			t.Fatalf("node %d changed: %s %s %q %v -> %s %s %q %v", i, x.ID, x.Kind, x.Name, x.Rule, y.ID, y.Kind, y.Name, y.Rule)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.sbml"))
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		net, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		back := roundTrip(t, net)
		sameTrees(t, net, back)
	}

	// A network built in code: n-ary operators, XOR, constants, a phenotype
	// and a name that is not an SId come back as the same functions.
	net, err := model.New("my model", []model.Node{
		{ID: "TNF", Kind: model.Input},
		{ID: "RELA", Name: "p65", Kind: model.Gene, Rule: &expr.Expr{Op: expr.OpAnd, Args: []*expr.Expr{expr.Var("TNF"), expr.Not(expr.Var("NFKBIA")), expr.Not(expr.Var("CYLD"))}}},
		{ID: "NFKBIA", Kind: model.Gene, Rule: expr.MustParse("RELA ^ TNF | !(RELA & 1)")},
		{ID: "CYLD", Kind: model.Gene, Rule: expr.MustParse("0")},
		{ID: "Survival", Kind: model.Phenotype, Rule: expr.MustParse("RELA")},
	})
	if err != nil {
		t.Fatal(err)
	}
	back := roundTrip(t, net)
	if err := nettest.Compare(net, back, true); err != nil {
		t.Error(err)
	}
	if back.Name != "my model" {
		t.Errorf("Name = %q", back.Name)
	}
	if nd, _ := back.Node("Survival"); nd.Kind != model.Phenotype {
		t.Errorf("Survival is %s, want phenotype", nd.Kind)
	}
}

func TestWrite(t *testing.T) {
	net, err := model.New("cycle", []model.Node{
		{ID: "A", Kind: model.Input},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("A & !B")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, net); err != nil {
		t.Fatal(err)
	}
	// Golden file checked by hand against the SBML-qual specification's
	// examples; rewrite with go test -update.
	got, err := os.ReadFile(filepath.Join("testdata", "write_golden.xml"))
	if err != nil && !*update {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "write_golden.xml"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		got = buf.Bytes()
	}
	if buf.String() != string(got) {
		t.Errorf("Write:\n%s\nwant testdata/write_golden.xml:\n%s", buf.String(), got)
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		node model.Node
		want string
	}{
		{"rates", model.Node{ID: "A", Kind: model.Gene, Rule: expr.MustParse("A"), Down: expr.MustParse("A ? 0 : 2")}, "SBML-qual cannot hold rates"},
		{"arithmetic", model.Node{ID: "A", Kind: model.Gene, Rule: expr.MustParse("A > 1")}, "not Boolean"},
		{"constant", model.Node{ID: "A", Kind: model.Gene, Rule: expr.MustParse("2")}, "constant 2"},
		{"id", model.Node{ID: "x.1", Kind: model.Input}, `"x.1" is not an SBML SId`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := model.New("", []model.Node{tt.node})
			if err != nil {
				t.Fatal(err)
			}
			err = Write(&bytes.Buffer{}, net)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestWriteUniqueIDs(t *testing.T) {
	// Node ids "default" and "tr_A" would collide with the compartment and
	// the transition of A; Write must pick other SIds.
	net, err := model.New("A", []model.Node{
		{ID: "A", Kind: model.Gene, Rule: expr.MustParse("tr_A")},
		{ID: "tr_A", Kind: model.Gene, Rule: expr.MustParse("default")},
		{ID: "default", Kind: model.Input},
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, net); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{`<compartment id="default_2"`, `qual:transition qual:id="tr_A_2"`, `<model id="A_2" name="A">`} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %s:\n%s", w, out)
		}
	}
	back := roundTrip(t, net)
	if err := nettest.Compare(net, back, true); err != nil || back.Name != "A" {
		t.Errorf("%v (name %q)", err, back.Name)
	}
}
