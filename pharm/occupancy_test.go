package pharm

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

func TestOccupancy(t *testing.T) {
	// Hand-derived from θ = cʰ/(cʰ + IC50ʰ).
	tests := []struct {
		c, ic50, h, want float64
	}{
		{0, 1e-8, 1, 0},
		{1e-8, 1e-8, 1, 0.5},
		{1e-8, 1e-8, 3, 0.5},
		{9e-8, 1e-8, 1, 0.9},     // 9/(9+1)
		{3e-8, 1e-8, 2, 0.9},     // 9/(9+1)
		{1e-9, 1e-8, 1, 1 / 11.}, // 1/(1+10)
		{1e-6, 5e-8, 1, 20. / 21},
		{100, 10, 1, 10. / 11}, // IU/mL works the same
		{math.Inf(1), 1, 1, 1},
		{1e300, 1e-300, 5, 1}, // no overflow
	}
	for _, tt := range tests {
		if got := Occupancy(tt.c, tt.ic50, tt.h); math.Abs(got-tt.want) > 1e-14 {
			t.Errorf("Occupancy(%g, %g, %g) = %g, want %g", tt.c, tt.ic50, tt.h, got, tt.want)
		}
	}
	for _, bad := range [][3]float64{{-1, 1, 1}, {math.NaN(), 1, 1}, {1, 0, 1}, {1, -1, 1}, {1, 1, 0}, {1, 1, math.NaN()}, {1, math.Inf(1), 1}} {
		if got := Occupancy(bad[0], bad[1], bad[2]); !math.IsNaN(got) {
			t.Errorf("Occupancy(%v) = %g, want NaN", bad, got)
		}
	}
}

func mustDose(t *testing.T, s string) dose.Dose {
	t.Helper()
	d, err := dose.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func defaultKB(t *testing.T) *kb.KB {
	t.Helper()
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func effectOn(es []Effect, node string) (Effect, bool) {
	for _, e := range es {
		if e.Node == node {
			return e, true
		}
	}
	return Effect{}, false
}

func TestEffectsMomelotinib(t *testing.T) {
	k := defaultKB(t)
	es, ws, err := Effects(k, map[string]dose.Dose{"CYT387": mustDose(t, "1 uM")})
	if err != nil {
		t.Fatal(err)
	}
	// kb/data/drugs.yaml: JAK1 11 nM, JAK2 18 nM (unverified), TYK2 401 nM,
	// TBK1 562 nM, IKBKE_ub 200 nM (Klaeger 2017, read), Hill 1:
	// θ = 1000/(1000 + potency in nM).
	want := map[string]float64{"JAK1": 1000. / 1011, "JAK2": 1000. / 1018, "TYK2": 1000. / 1401, "TBK1": 1000. / 1562, "IKBKE_ub": 1000. / 1200}
	if len(es) != len(want) {
		t.Fatalf("effects %v, want nodes %v", es, want)
	}
	for node, th := range want {
		e, ok := effectOn(es, node)
		if !ok || math.Abs(e.Inhibition-th) > 1e-12 || e.Activation != 0 || len(e.Drugs) != 1 || e.Drugs[0] != "momelotinib" {
			t.Errorf("effect on %s = %+v, want inhibition %g by momelotinib", node, e, th)
		}
	}
	for i := 1; i < len(es); i++ {
		if es[i-1].Node >= es[i].Node {
			t.Errorf("effects not ordered by node: %v", es)
		}
	}
	// The two JAK potencies are unverified; the kinobeads values are read.
	if len(ws) != 2 {
		t.Fatalf("warnings %v, want 2", ws)
	}
	if w := ws[0]; w.Drug != "momelotinib" || w.Node != "JAK1" || w.Potency != "11 nM" || w.Status != "unverified" || w.Source != "pardanani2009" {
		t.Errorf("warning %+v", w)
	}
}

func TestEffectsCombine(t *testing.T) {
	k := defaultKB(t)
	// TBK1: momelotinib 562 nM and MRT67307 19 nM, both at their potency,
	// compete for the site: x = 1 + 1 = 2 → θ = 2/3 (Gaddum), the occupancy
	// of one drug at twice its IC50 (a sham pair is dose-additive).
	es, _, err := Effects(k, map[string]dose.Dose{"momelotinib": mustDose(t, "562 nM"), "mrt67307": mustDose(t, "19 nM")})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := effectOn(es, "TBK1")
	if math.Abs(e.Inhibition-2.0/3) > 1e-12 || strings.Join(e.Drugs, ",") != "momelotinib,mrt67307" {
		t.Errorf("TBK1 effect %+v, want inhibition 2/3 by both", e)
	}
	one, _, _ := Effects(k, map[string]dose.Dose{"mrt67307": mustDose(t, "38 nM")})
	if o, _ := effectOn(one, "TBK1"); math.Abs(o.Inhibition-e.Inhibition) > 1e-12 {
		t.Errorf("MRT67307 at 2×IC50 inhibits TBK1 %.4f, the pair at IC50 each %.4f: want equal", o.Inhibition, e.Inhibition)
	}
}

func TestEffectsActivator(t *testing.T) {
	k := defaultKB(t)
	// Interferon-alfa: IFNAR1 EC50 10 IU/mL (activate) and nothing else
	// (no source gives it a TBK1 target).
	es, ws, err := Effects(k, map[string]dose.Dose{"IFN-α": mustDose(t, "1000 IU/mL")})
	if err != nil {
		t.Fatal(err)
	}
	ifnar, _ := effectOn(es, "IFNAR1")
	if math.Abs(ifnar.Activation-1000./1010) > 1e-12 || ifnar.Inhibition != 0 || len(es) != 1 {
		t.Errorf("effects %+v, want only IFNAR1 activation %g", es, 1000./1010)
	}
	if len(ws) != 1 {
		t.Errorf("warnings %v, want 1 (the IFNAR1 potency is assumed)", ws)
	}
}

func TestEffectsZeroDose(t *testing.T) {
	k := defaultKB(t)
	es, ws, err := Effects(k, map[string]dose.Dose{"momelotinib": mustDose(t, "0"), "trametinib": mustDose(t, "0 nM")})
	if err != nil || len(es) != 0 || len(ws) != 0 {
		t.Errorf("zero doses: effects %v, warnings %v, err %v; want nothing", es, ws, err)
	}
}

func TestEffectsErrors(t *testing.T) {
	k := defaultKB(t)
	_, _, err := Effects(k, map[string]dose.Dose{"momelotinb": mustDose(t, "1 uM")})
	var unk *model.UnknownError
	if !errors.As(err, &unk) || !strings.Contains(err.Error(), "momelotinib") {
		t.Errorf("misspelt drug: err = %v, want *model.UnknownError suggesting momelotinib", err)
	}
	_, _, err = Effects(k, map[string]dose.Dose{"momelotinib": mustDose(t, "100 IU/mL")})
	var ue *UnitError
	if !errors.As(err, &ue) || ue.Drug != "momelotinib" || !strings.Contains(err.Error(), "molar") || !strings.Contains(err.Error(), "activity") {
		t.Errorf("IU/mL dose of a molar drug: err = %v, want *UnitError naming both kinds", err)
	}
	_, _, err = Effects(k, map[string]dose.Dose{"interferon-alfa": mustDose(t, "1 uM")})
	if !errors.As(err, &ue) || ue.Drug != "interferon-alfa" || ue.Node != "IFNAR1" {
		t.Errorf("molar dose of interferon: err = %v, want *UnitError on IFNAR1", err)
	}
	_, _, err = Effects(k, map[string]dose.Dose{"momelotinib": mustDose(t, "1 uM"), "CYT387": mustDose(t, "1 uM")})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("same drug twice: err = %v", err)
	}
	nm, _ := dose.LookupUnit("nM")
	for _, v := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, _, err := Effects(k, map[string]dose.Dose{"momelotinib": {Value: v, Unit: nm}}); err == nil {
			t.Errorf("dose %g nM accepted", v)
		}
	}
}

// TestEffectsEveryDrug doses every drug of the knowledge base at the potency
// of its first target: each must work, with occupancies in [0, 1].
func TestEffectsEveryDrug(t *testing.T) {
	k := defaultKB(t)
	for _, d := range k.Drugs {
		es, _, err := Effects(k, map[string]dose.Dose{d.ID: d.Targets[0].Dose})
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		for _, e := range es {
			if !(e.Inhibition >= 0 && e.Inhibition <= 1 && e.Activation >= 0 && e.Activation <= 1) {
				t.Errorf("%s: %+v", d.ID, e)
			}
		}
	}
}

// Competing ligands with a Hill coefficient h ≠ 1 are dose-additive too:
// two half doses occupy what one full dose does (hand-derived from
// θ = xʰ/(1 + xʰ), x = Σ Cᵢ/IC50ᵢ).
func TestBindingDoseAdditive(t *testing.T) {
	var half, full binding
	half.add(0.5, 2, 1)
	half.add(0.5, 2, 1)
	full.add(1, 2, 1)
	if a, b := half.occupancy(), full.occupancy(); math.Abs(a-b) > 1e-12 || math.Abs(b-0.5) > 1e-12 {
		t.Errorf("two halves %.4f, one full dose %.4f (want 0.5)", a, b)
	}
	var one binding
	one.add(3, 1.5, 1)
	if got, want := one.occupancy(), Occupancy(3, 1, 1.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("one ligand %.6f, Hill–Langmuir %.6f", got, want)
	}
	if (binding{}).occupancy() != 0 {
		t.Error("no ligand occupies")
	}
}

// A partial inhibitor removes at most its maximal effect, and competes
// with a full one for the site (hand-derived: Emax·x/(1 + x) for one
// ligand; for two with Hill 1, (Σ xᵢEᵢ)/(1 + Σ xᵢ)).
func TestBindingPartial(t *testing.T) {
	cases := []struct {
		name    string
		ligands [][2]float64 // x, Emax
		want    float64
	}{
		{"full at IC50", [][2]float64{{1, 1}}, 0.5},
		{"partial at IC50", [][2]float64{{1, 0.6}}, 0.3},
		{"partial saturating", [][2]float64{{1e6, 0.6}}, 0.6 * 1e6 / (1 + 1e6)},
		{"partial displaces full", [][2]float64{{1, 1}, {9, 0.5}}, (1 + 4.5) / 11},
	}
	for _, c := range cases {
		var b binding
		for _, l := range c.ligands {
			b.add(l[0], 1, l[1])
		}
		if got := b.occupancy(); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: %.6f, want %.6f", c.name, got, c.want)
		}
	}
}

// Trastuzumab is a partial ERBB2 inhibitor (its max_effect): saturating
// antibody removes half of ERBB2's activity, saturating lapatinib nearly
// all. They bind distinct sites (the extracellular domain, the ATP
// pocket), so together they act independently, 1 − (1 − E₁)(1 − E₂)
// (hand-derived with x = C/Kd: E = Emax·x/(1 + x)).
func TestEffectsPartialInhibitor(t *testing.T) {
	k := defaultKB(t)
	erbb2 := func(doses map[string]dose.Dose) float64 {
		es, _, err := Effects(k, doses)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Node == "ERBB2" {
				return e.Inhibition
			}
		}
		t.Fatalf("no effect on ERBB2 from %v", doses)
		return 0
	}
	tras, lap := mustDose(t, "100 nM"), mustDose(t, "10 uM")
	xT, xL := 100/0.1, 10000/9.8
	for _, c := range []struct {
		name  string
		doses map[string]dose.Dose
		want  float64
	}{
		{"trastuzumab", map[string]dose.Dose{"trastuzumab": tras}, 0.5 * xT / (1 + xT)},
		{"lapatinib", map[string]dose.Dose{"lapatinib": lap}, xL / (1 + xL)},
		{"both", map[string]dose.Dose{"trastuzumab": tras, "lapatinib": lap}, 1 - (1-0.5*xT/(1+xT))*(1-xL/(1+xL))},
	} {
		if got := erbb2(c.doses); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: ERBB2 inhibited %.6f, want %.6f", c.name, got, c.want)
		}
	}
}
