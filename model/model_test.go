package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"IKKε", "ikke"},
		{"IKK-ɛ", "ikke"}, // U+025B, as printed in the review
		{"NF-κB", "nfkb"},
		{"NF-kappaB", "nfkappab"},
		{"p65", "p65"},
		{"IFN-α", "ifna"},
		{"TNF_α", "tnfa"},
		{"HER2/neu", "her2neu"},
		{"µM", "um"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	n := NewNames("node")
	for id, aliases := range map[string][]string{
		"IKBKE": {"IKKε", "IKKi"}, "IKBKB": {"IKKβ", "IKK2"}, "RELA": {"NF-κB", "p65"}, "TBK1": nil,
	} {
		if err := n.Add(id, aliases...); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"ikke", "IKK-epsilon", "IKKE", "ikki"} {
		if name == "IKK-epsilon" {
			continue // not an alias here
		}
		if id, ok := n.Lookup(name); !ok || id != "IKBKE" {
			t.Errorf("Lookup(%q) = %q, %v", name, id, ok)
		}
	}
	_, err := n.Resolve("IKKX")
	var ue *UnknownError
	if !errors.As(err, &ue) || len(ue.Suggestions) == 0 || !contains(ue.Suggestions, "IKBKE") {
		t.Errorf("Resolve(IKKX) = %v, want suggestions with IKBKE", err)
	}
	if err := n.Add("AZI2", "TBK1-binding protein NAP1"); err != nil {
		t.Fatal(err)
	}
	if s := n.Suggest("TBK", 2); len(s) != 2 || s[0] != "TBK1" || s[1] != "AZI2" {
		t.Errorf("Suggest(TBK) = %v, want [TBK1 AZI2]: the closer name first among substring matches", s)
	}
	if s := n.Suggest("zzzzzzzz", 3); len(s) != 0 {
		t.Errorf("far-off name got suggestions %v", s)
	}
	var ae *AmbiguousError
	if err := n.Add("CHUK", "IKK-i"); !errors.As(err, &ae) {
		t.Errorf("alias clash not reported: %v", err)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func TestSigns(t *testing.T) {
	e := expr.MustParse("A & !B | !(C | !D) | (E ^ F) | A & !A")
	got := Signs(e)
	want := map[string]Sign{"A": Dual, "B": Inhibits, "C": Inhibits, "D": Activates, "E": Dual, "F": Dual}
	for v, s := range want {
		if got[v] != s {
			t.Errorf("sign of %s = %v, want %v", v, got[v], s)
		}
	}
}

func TestNewErrors(t *testing.T) {
	in := Node{ID: "A", Kind: Input}
	tests := []struct {
		nodes []Node
		msg   string
	}{
		{[]Node{in, in}, "defined twice"},
		{[]Node{{ID: "A", Kind: Input, Rule: expr.Var("A")}}, "input node A has a rule"},
		{[]Node{in, {ID: "B", Kind: Gene}}, "node B has no rule"},
		{[]Node{in, {ID: "B", Kind: Gene, Rule: expr.MustParse("A & C")}}, `unknown node "C"`},
	}
	for _, tt := range tests {
		_, err := New("t", tt.nodes)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("New error = %v, want %q", err, tt.msg)
		}
	}
}

func ExampleNetwork_Resolve() {
	net, err := New("toy", []Node{
		{ID: "TNF", Kind: Input},
		{ID: "IKBKE", Kind: Gene, Aliases: []string{"IKKε"}, Rule: expr.MustParse("TNF")},
		{ID: "RELA", Kind: Gene, Aliases: []string{"NF-κB", "p65"}, Rule: expr.MustParse("IKBKE")},
	})
	if err != nil {
		panic(err)
	}
	id, _ := net.Resolve("nf-kb")
	fmt.Println(id)
	_, err = net.Resolve("IKKe2")
	fmt.Println(err)
	for _, e := range net.Edges() {
		fmt.Println(e.Source, e.Sign, e.Target)
	}
	// Output:
	// RELA
	// unknown node "IKKe2"; did you mean IKBKE?
	// TNF + IKBKE
	// IKBKE + RELA
}

func TestLogical(t *testing.T) {
	rule := expr.MustParse("A")
	tests := []struct {
		n    Node
		want bool
	}{
		{Node{Kind: Input}, true},
		{Node{Kind: Gene, Rule: rule}, true},
		{Node{Kind: Gene, Rule: rule, Up: LogicRate(2, true), Down: LogicRate(0.5, false)}, true},
		{Node{Kind: Gene, Rule: rule, Up: expr.MustParse("@logic ? $k : 0")}, false},
		{Node{Kind: Gene, Up: expr.Const(1), Down: expr.Const(1)}, false},
		{Node{Kind: Gene, Rule: rule, Down: LogicRate(1, true)}, false},
	}
	for i, tt := range tests {
		if got := tt.n.Logical(); got != tt.want {
			t.Errorf("case %d: Logical = %v", i, got)
		}
	}
}

func TestEdgesModulators(t *testing.T) {
	tests := []struct {
		name string
		rule string
		mods []Modulator
		want []string
	}{
		{"brake outside the logic", "A", []Modulator{{Node: "B", Strength: 0.5, Sign: Inhibits}}, []string{"A + T", "B - T"}},
		{"activator that is also a brake: one dual edge", "A | B", []Modulator{{Node: "B", Strength: 0.5, Sign: Inhibits}}, []string{"A + T", "B ± T"}},
		{"inhibitor that is also a brake: one inhibiting edge", "A & !B", []Modulator{{Node: "B", Strength: 0.5, Sign: Inhibits}}, []string{"A + T", "B - T"}},
		{"boost and restraint", "A", []Modulator{{Node: "B", Strength: 0.5, Sign: Activates}, {Node: "C", Strength: 0.5, Sign: Inhibits, Resting: true}}, []string{"A + T", "B + T", "C - T"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := New("toy", []Node{
				{ID: "A", Kind: Input}, {ID: "B", Kind: Input}, {ID: "C", Kind: Input},
				{ID: "T", Kind: Gene, Rule: expr.MustParse(tt.rule), Modulators: tt.mods},
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range net.Edges() {
				got = append(got, e.Source+" "+e.Sign.String()+" "+e.Target)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Edges() = %q, want %q", got, tt.want)
			}
		})
	}
}
