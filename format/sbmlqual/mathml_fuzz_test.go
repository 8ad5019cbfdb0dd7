package sbmlqual

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
)

// FuzzMathML fuzzes the MathML reader on its own (issue 11, item 24): any
// <math> element decodes to a Boolean expression over the species A and B,
// or to a one-line error; never a panic. An expression it returns compiles,
// and its two evaluators agree in every state.
func FuzzMathML(f *testing.F) {
	for _, s := range []string{
		`<math xmlns="http://www.w3.org/1998/Math/MathML"><apply><and/><apply><eq/><ci>A</ci><cn type="integer">1</cn></apply><apply><not/><ci>B</ci></apply></apply></math>`,
		`<math><apply><or/><ci>A</ci><ci>B</ci></apply></math>`,
		`<math><apply><xor/><ci>A</ci><ci>B</ci><ci>A</ci></apply></math>`,
		`<math><apply><geq/><ci>A</ci><cn>2</cn></apply></math>`,
		`<math><true/></math>`,
		`<math><apply><lt/><cn>0</cn><ci>B</ci></apply></math>`,
		`<math><apply><eq/><ci>C</ci><cn>1</cn></apply></math>`,
		`<math>` + strings.Repeat("<apply><not/>", 50) + `<ci>A</ci>` + strings.Repeat("</apply>", 50) + `</math>`,
	} {
		f.Add(s)
	}
	species := map[string]int{"A": 0, "B": 1}
	f.Fuzz(func(t *testing.T, s string) {
		var m mathNode
		if err := xml.Unmarshal([]byte(s), &m); err != nil {
			return
		}
		e, err := mathExpr(&m, species)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		p, err := expr.Compile(e, func(name string) (int, bool) { i, ok := species[name]; return i, ok })
		if err != nil {
			t.Fatalf("MathML %q gave %s, which does not compile: %v", s, e, err)
		}
		for st := range uint64(4) {
			if p.Eval([]uint64{st}) != (p.EvalWords([]uint64{-(st & 1), -(st >> 1 & 1)})&1 == 1) {
				t.Fatalf("%s: Eval and EvalWords disagree in state %02b", e, st)
			}
		}
	})
}
