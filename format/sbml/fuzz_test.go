package sbml_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/kinetic"
)

// FuzzRead: any input reads to a model or an error, never a panic; a model
// that compiles simulates (to a short horizon) or returns an error.
//
//	go test ./format/sbml -run '^$' -fuzz FuzzRead -fuzztime 100000x -fuzzminimizetime 100x
func FuzzRead(f *testing.F) {
	for _, id := range []string{"00001", "00026", "00039", "00102", "00952", "01199", "01460", "01505", "01779"} {
		matches, _ := filepath.Glob("../../../shared/external/sbml-test-suite/semantic/" + id + "/*-sbml-*.xml")
		for _, p := range matches {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add(doc(`<listOfParameters><parameter id="k" value="1" constant="false"/></listOfParameters>
<listOfRules><rateRule variable="k">` + math + `<apply><times/><ci>k</ci><cn type="e-notation">1<sep/>-1</cn></apply></math></rateRule></listOfRules>`))
	f.Fuzz(func(t *testing.T, in string) {
		m, err := sbml.Read(strings.NewReader(in))
		if err != nil {
			if m != nil {
				t.Fatal("a model and an error")
			}
			return
		}
		c, err := kinetic.Compile(m)
		if err != nil {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var outs []kinetic.Output
		for _, p := range m.Parameters {
			outs = append(outs, kinetic.Output{ID: p.ID})
		}
		_, _ = c.Simulate(ctx, []float64{0, 0.5, 1}, outs, kinetic.Options{})
	})
}

// FuzzMathML: any MathML in an assignment rule reads to an expression or
// an error, and a read expression compiles and evaluates or errs.
//
//	go test ./format/sbml -run '^$' -fuzz FuzzMathML -fuzztime 100000x -fuzzminimizetime 100x
func FuzzMathML(f *testing.F) {
	for _, m := range []string{
		`<apply><plus/><ci>k</ci><cn>1</cn></apply>`,
		`<piecewise><piece><cn>1</cn><apply><gt/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time"/><cn>2</cn></apply></piece><otherwise><cn>0</cn></otherwise></piecewise>`,
		`<apply><root/><degree><cn>3</cn></degree><cn>27</cn></apply>`,
		`<apply><log/><logbase><cn>2</cn></logbase><cn type="rational">1<sep/>4</cn></apply>`,
		`<semantics><apply><max/><ci>k</ci><exponentiale/><pi/></apply><annotation>x</annotation></semantics>`,
		`<apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/rateOf"/><ci>k</ci></apply>`,
	} {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, frag string) {
		in := doc(`<listOfParameters><parameter id="k" value="1" constant="false"/><parameter id="x" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="x">` + math + frag + `</math></assignmentRule></listOfRules>`)
		m, err := sbml.Read(strings.NewReader(in))
		if err != nil {
			return
		}
		c, err := kinetic.Compile(m)
		if err != nil {
			return
		}
		_, _ = c.Simulate(context.Background(), []float64{0, 1}, []kinetic.Output{{ID: "x"}}, kinetic.Options{})
	})
}
