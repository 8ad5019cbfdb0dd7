package hoffmann

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/kinetic"
)

//go:embed data/BIOMD0000000140.xml
var biomd140 []byte

// Base returns the Hoffmann 2002 model as BioModels publishes it.
func Base() (*kinetic.Model, error) {
	m, err := sbml.Read(bytes.NewReader(biomd140))
	if err != nil {
		return nil, fmt.Errorf("BIOMD0000000140: %w", err)
	}
	return m, nil
}

// Weights of the kinases on the IKK complex's catalytic rate (assumed; see
// the package doc).
const (
	WeightIKKe = 0.25
	WeightTBK1 = 0.25
)

// catalytic are the IKK-catalysed degradations of IκB and the rate
// constants they use.
var catalytic = map[string]string{"v5": "r4", "v7": "r5", "v9": "r6", "v42": "r1", "v43": "r2", "v44": "r3"}

// Extended returns the model with IKKε and TBK1 acting on the IKK complex
// at the given activities (each in [0, 1]).
func Extended(ikke, tbk1 float64) (*kinetic.Model, error) {
	for _, v := range []float64{ikke, tbk1} {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("hoffmann: activity %g outside [0, 1]", v)
		}
	}
	m, err := Base()
	if err != nil {
		return nil, err
	}
	m.ID, m.Name = "hoffmann2002_ikke_tbk1", "Hoffmann 2002 IκB–NF-κB module with IKKε and TBK1 on the IKK complex (ikklab)"
	m.Parameters = append(m.Parameters,
		kinetic.Parameter{ID: "IKKe_activity", Name: "IKKε activity", Value: ikke, HasValue: true, Constant: true},
		kinetic.Parameter{ID: "TBK1_activity", Name: "TBK1 activity", Value: tbk1, HasValue: true, Constant: true},
		kinetic.Parameter{ID: "w_IKKe", Name: "IKKε weight on IKK catalysis (assumed)", Value: WeightIKKe, HasValue: true, Constant: true},
		kinetic.Parameter{ID: "w_TBK1", Name: "TBK1 weight on IKK catalysis (assumed)", Value: WeightTBK1, HasValue: true, Constant: true},
		kinetic.Parameter{ID: "ikk_boost", Name: "IKK catalytic boost by IKKε and TBK1", Constant: false},
	)
	m.Rules = append(m.Rules, kinetic.Rule{Kind: kinetic.AssignmentRule, Variable: "ikk_boost",
		Math: kinetic.A(kinetic.Plus, kinetic.N(1),
			kinetic.A(kinetic.Times, kinetic.S("w_IKKe"), kinetic.S("IKKe_activity")),
			kinetic.A(kinetic.Times, kinetic.S("w_TBK1"), kinetic.S("TBK1_activity")))})
	found := 0
	for i := range m.Reactions {
		rx := &m.Reactions[i]
		k, ok := catalytic[rx.ID]
		if !ok {
			continue
		}
		if !reads(rx.Law, k) {
			return nil, fmt.Errorf("hoffmann: reaction %s does not read %s: not the published model", rx.ID, k)
		}
		rx.Law = kinetic.A(kinetic.Times, rx.Law, kinetic.S("ikk_boost"))
		found++
	}
	if found != len(catalytic) {
		return nil, fmt.Errorf("hoffmann: %d of the %d IKK-catalysed reactions found", found, len(catalytic))
	}
	annotate(m)
	return m, nil
}

func reads(e *kinetic.Expr, sym string) bool {
	for _, s := range e.Symbols() {
		if s == sym {
			return true
		}
	}
	return false
}

func pubmed(id string) string  { return "http://identifiers.org/pubmed/" + id }
func uniprot(id string) string { return "http://identifiers.org/uniprot/" + id }

// annotate adds the MIRIAM cross-references and the evidence notes.
func annotate(m *kinetic.Model) {
	add := func(el, q string, res ...string) {
		for _, r := range res {
			m.Annotations = append(m.Annotations, kinetic.Annotation{Element: el, Qualifier: q, Resource: r})
		}
	}
	add("", "bqmodel:isDerivedFrom", "http://identifiers.org/biomodels.db/BIOMD0000000140")
	add("", "bqmodel:isDescribedBy", pubmed("12424381"), pubmed("10195897"), pubmed("10359587"), pubmed("10970862"), pubmed("15210742"))
	add("IKK", "bqbiol:hasPart", uniprot("O14920"), uniprot("O15111"), uniprot("Q9Y6K9"))
	add("IKKe_activity", "bqbiol:isVersionOf", uniprot("Q14164"))
	add("TBK1_activity", "bqbiol:isVersionOf", uniprot("Q9UHD2"))
	add("NFkB", "bqbiol:hasPart", uniprot("Q04206"), uniprot("P19838"))
	add("IkBalpha", "bqbiol:is", uniprot("P25963"))
	m.Notes = map[string]string{
		"": "Hoffmann A, Levchenko A, Scott ML, Baltimore D (2002) Science 298:1241 (BIOMD0000000140), extended by ikklab: " +
			"IKKε and TBK1 raise the catalytic rate of the IKK complex in every IκB degradation (v5, v7, v9, v42, v43, v44) by the factor ikk_boost. " +
			"Review mechanisms M3 and M6 (IKKε/TBK1 release NF-κB from IκB); bounded by knock-out genetics: IKKβ is required (Li 1999), " +
			"TBK1 loss leaves IκBα degradation intact (Bonnard 2000), IKKε/TBK1 double loss leaves NF-κB activation normal (Hemmi 2004).",
		"IKKe_activity": "IKKε activity in [0, 1] (0: the published model). Review M3, M6.",
		"TBK1_activity": "TBK1 activity in [0, 1] (0: the published model). Review M3.",
		"w_IKKe":        "Assumed: the genetics bound the kinases' share of IκB degradation as small; no measured value.",
		"w_TBK1":        "Assumed: as w_IKKe.",
		"ikk_boost":     "1 + w_IKKe·IKKe_activity + w_TBK1·TBK1_activity; multiplies the IKK complex's catalytic rates, so without IKK (IKKβ loss) nothing degrades IκB.",
	}
}
