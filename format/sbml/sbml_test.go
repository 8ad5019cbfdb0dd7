package sbml_test

import (
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/kinetic"
)

// doc wraps a model body in an SBML Level 3 Version 2 document.
func doc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
<model id="m">
` + body + `
</model>
</sbml>`
}

const math = `<math xmlns="http://www.w3.org/1998/Math/MathML">`

// Bad input is a one-line error with the line and the element.
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not XML", "<sbml", "<input>:1: XML syntax error"},
		{"not SBML", `<html/>`, "not SBML"},
		{"level 1", `<sbml xmlns="http://www.sbml.org/sbml/level1" level="1" version="2"><model/></sbml>`, "only Level 2"},
		{"no model", `<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"/>`, "no <model>"},
		{"duplicate id", doc(`<listOfParameters><parameter id="k" value="1" constant="true"/><parameter id="k" value="2" constant="true"/></listOfParameters>`), `:4: id "k" defined twice (also line 4)`},
		{"bad number", doc(`<listOfParameters>
<parameter id="k" value="one" constant="true"/></listOfParameters>`), `:5: <parameter id="k"> value="one" is not a number`},
		{"bad id", doc(`<listOfParameters><parameter id="2k" value="1" constant="true"/></listOfParameters>`), `id "2k" is not a valid SBML identifier`},
		{"bad MathML", doc(`<listOfRules><assignmentRule variable="k">` + math + `
<apply><foo/><cn>1</cn></apply></math></assignmentRule></listOfRules>`), `:5: assignmentRule for k: unsupported MathML operator <foo>`},
		{"bad cn", doc(`<listOfRules><assignmentRule variable="k">` + math + `<cn>x1</cn></math></assignmentRule></listOfRules>`), `<cn> with "x1", not a number`},
		{"arity", doc(`<listOfRules><assignmentRule variable="k">` + math + `<apply><divide/><cn>1</cn></apply></math></assignmentRule></listOfRules>`), `<divide> with 1 arguments`},
		{"both initial values", doc(`<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
<listOfSpecies><species id="s" compartment="c" initialAmount="1" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>`), "both initialAmount and initialConcentration"},
	} {
		_, err := sbml.Read(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error has several lines: %q", tc.name, err)
		}
	}
}

// Unsupported features are recorded by name, and Compile refuses them.
func TestUnsupported(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"algebraic rule", doc(`<listOfParameters><parameter id="k" constant="false"/></listOfParameters>
<listOfRules><algebraicRule>` + math + `<ci>k</ci></math></algebraicRule></listOfRules>`), "algebraic rule"},
		{"fast reaction", doc(`<listOfReactions><reaction id="r" reversible="false" fast="true"/></listOfReactions>`), "fast reaction"},
		{"delay", doc(`<listOfParameters><parameter id="k" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="k">` + math + `<apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/delay"/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time"/><cn>1</cn></apply></math></assignmentRule></listOfRules>`), "delay csymbol"},
		{"comp", strings.Replace(doc(""), `level="3" version="2"`, `level="3" version="2" xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" comp:required="true"`, 1), "package comp"},
	} {
		m, err := sbml.Read(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		_, err = kinetic.Compile(m)
		if err == nil || !strings.Contains(err.Error(), "unsupported: "+tc.want) {
			t.Errorf("%s: Compile err = %v, want unsupported: %s", tc.name, err, tc.want)
		}
	}
}

// Compile errors name what is wrong: cycles, unknown symbols.
func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"cyclic rules", doc(`<listOfParameters><parameter id="a" constant="false"/><parameter id="b" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + math + `<ci>b</ci></math></assignmentRule><assignmentRule variable="b">` + math + `<ci>a</ci></math></assignmentRule></listOfRules>`), "cyclic definitions among a, b"},
		{"unknown symbol", doc(`<listOfParameters><parameter id="a" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + math + `<ci>zz</ci></math></assignmentRule></listOfRules>`), `unknown symbol "zz"`},
		{"unknown function", doc(`<listOfParameters><parameter id="a" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + math + `<apply><ci>f</ci><cn>1</cn></apply></math></assignmentRule></listOfRules>`), `call of "f", which is not a function definition`},
		{"rule for nothing", doc(`<listOfRules><rateRule variable="q">` + math + `<cn>1</cn></math></rateRule></listOfRules>`), `rule for "q"`},
	} {
		m, err := sbml.Read(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("%s: read: %v", tc.name, err)
			continue
		}
		_, err = kinetic.Compile(m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
