package pharm

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
)

// Occupancy returns the fraction of a target a drug occupies at concentration
// c, from the Hill–Langmuir law θ = cʰ/(cʰ + IC50ʰ): 0 at c = 0, ½ at
// c = IC50, 1 as c → ∞. c and ic50 must be in the same unit. It returns NaN
// for a NaN or negative c, an ic50 that is not positive and finite, or a Hill
// coefficient h that is not positive and finite.
func Occupancy(c, ic50, h float64) float64 {
	switch {
	case math.IsNaN(c) || c < 0, !(ic50 > 0) || math.IsInf(ic50, 0), !(h > 0) || math.IsInf(h, 0):
		return math.NaN()
	case c == 0:
		return 0
	case math.IsInf(c, 1):
		return 1
	}
	// 1/(1 + (IC50/c)^h) avoids overflow of cʰ and IC50ʰ.
	return 1 / (1 + math.Pow(ic50/c, h))
}

// Effect is what the drugs of one experiment do to one node: the occupancy of
// its inhibitors and of its activators, each combined over drugs as
// competition for one binding site (dose-additive): θ = xʰ/(1 + xʰ) with
// x = Σ Cᵢ/IC50ᵢ.
type Effect struct {
	Node       string   `json:"node"`
	Inhibition float64  `json:"inhibition"` // in [0, 1]
	Activation float64  `json:"activation"` // in [0, 1]
	Drugs      []string `json:"drugs"`      // drug ids acting on the node, sorted
}

// Warning is a potency an experiment used whose value was not read in its
// source: status unverified (a literature lead) or assumed (no value found).
type Warning struct {
	Drug    string `json:"drug"`
	Node    string `json:"node"`
	Potency string `json:"potency"` // as written in the knowledge base, e.g. "50 nM"
	Measure string `json:"measure"` // IC50, EC50, Kd, Ki
	Source  string `json:"source"`  // paper id or "assumption"
	Status  string `json:"status"`  // unverified | assumed
}

func (w Warning) String() string {
	return fmt.Sprintf("%s on %s: %s %s is %s (source: %s)", w.Drug, w.Node, w.Measure, w.Potency, w.Status, w.Source)
}

// Drugs looks drugs up: the knowledge base (*kb.KB), or a spec's own table
// for a model file (its drugs' targets named by the model's node ids).
type Drugs interface {
	ResolveDrug(name string) (string, error)
	Drug(id string) (*kb.Drug, bool)
}

// Effects computes the effect of the given doses on every node a drug
// targets, from the potencies of the knowledge base. Drug names resolve
// through ids and aliases (an unknown name is a *model.UnknownError with
// suggestions); a drug named twice (e.g. by id and alias) is an error. A zero
// dose has no effect and uses no potency. A non-zero dose must have the unit
// kind of every potency of its drug (molar with molar, IU/mL with IU/mL),
// else the error is a *UnitError naming drug, target and units.
//
// Effects are ordered by node id; warnings list every potency used whose
// status is not "read", ordered by drug id then by the drug's target order.
func Effects(k Drugs, doses map[string]dose.Dose) ([]Effect, []Warning, error) {
	type given struct {
		id   string
		name string
		d    dose.Dose
	}
	var gs []given
	seen := map[string]string{}
	for name, d := range doses {
		id, err := k.ResolveDrug(name)
		if err != nil {
			return nil, nil, err
		}
		if other, dup := seen[id]; dup {
			a, b := other, name
			if b < a {
				a, b = b, a
			}
			return nil, nil, fmt.Errorf("drug %s given twice (as %q and %q)", id, a, b)
		}
		seen[id] = name
		if math.IsNaN(d.Value) || math.IsInf(d.Value, 0) || d.Value < 0 {
			return nil, nil, fmt.Errorf("%s: dose %v must be finite and ≥ 0", id, d.Value)
		}
		if d.IsZero() {
			continue
		}
		if d.Unit.Kind == dose.None {
			return nil, nil, fmt.Errorf("%s: dose %v has no unit", id, d.Value)
		}
		if drug, ok := k.Drug(id); ok {
			d = drug.InPotencyUnits(d) // ug/mL of an antibody with a molecular weight → M
		}
		gs = append(gs, given{id, name, d})
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].id < gs[j].id })

	type acc struct {
		inh, act sites // over inhibitors and over activators
		drugs    map[string]bool
	}
	nodes := map[string]*acc{}
	var warns []Warning
	for _, g := range gs {
		drug, _ := k.Drug(g.id)
		for _, t := range drug.Targets {
			if t.Dose.Unit.Kind != g.d.Unit.Kind {
				return nil, nil, &UnitError{Drug: g.id, Node: t.Node, Dose: g.d, Potency: t.Dose}
			}
			theta := Occupancy(g.d.Base(), t.Dose.Base(), t.HillCoefficient())
			if math.IsNaN(theta) {
				return nil, nil, fmt.Errorf("%s on %s: cannot compute occupancy of dose %v with potency %v and Hill coefficient %g",
					g.id, t.Node, g.d, t.Dose, t.HillCoefficient())
			}
			a := nodes[t.Node]
			if a == nil {
				a = &acc{inh: sites{}, act: sites{}, drugs: map[string]bool{}}
				nodes[t.Node] = a
			}
			switch t.Action {
			case "inhibit":
				a.inh.add(t.Site, g.d.Base()/t.Dose.Base(), t.HillCoefficient(), t.Efficacy())
			case "activate":
				a.act.add(t.Site, g.d.Base()/t.Dose.Base(), t.HillCoefficient(), t.Efficacy())
			default:
				return nil, nil, fmt.Errorf("%s on %s: unknown action %q (inhibit, activate)", g.id, t.Node, t.Action)
			}
			a.drugs[g.id] = true
			if t.Status == "unverified" || t.Status == "assumed" {
				warns = append(warns, Warning{Drug: g.id, Node: t.Node, Potency: t.Potency, Measure: t.Measure, Source: t.Source, Status: t.Status})
			}
			if me := t.MaxEffect; me != nil && (me.Status == "unverified" || me.Status == "assumed") {
				warns = append(warns, Warning{Drug: g.id, Node: t.Node, Potency: fmt.Sprintf("%g", me.Value), Measure: "max effect", Source: me.Source, Status: me.Status})
			}
		}
	}
	effects := make([]Effect, 0, len(nodes))
	for id, a := range nodes {
		ds := make([]string, 0, len(a.drugs))
		for d := range a.drugs {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		effects = append(effects, Effect{Node: id, Inhibition: a.inh.effect(), Activation: a.act.effect(), Drugs: ds})
	}
	sort.Slice(effects, func(i, j int) bool { return effects[i].Node < effects[j].Node })
	return effects, warns, nil
}

// sites are the binding sites of one node: ligands at one site compete
// (binding); ligands at distinct sites act independently, so the effects
// combine as 1 − ∏(1 − effectₛ) (Bliss independence of the sites).
type sites map[string]*binding

func (ss sites) add(site string, x, hill, emax float64) {
	b := ss[site]
	if b == nil {
		b = &binding{}
		ss[site] = b
	}
	b.add(x, hill, emax)
}

func (ss sites) effect() float64 {
	rest := 1.0
	for _, b := range ss {
		rest *= 1 - b.occupancy()
	}
	return 1 - rest
}

// binding sums the ligands that compete for one site: x = Σ Cᵢ/IC50ᵢ, the
// concentration in units of potency (Loewe's dose additivity), and the
// Hill coefficients and maximal effects weighted by each ligand's share of
// x.
type binding struct{ x, hx, ex float64 }

func (b *binding) add(x, hill, emax float64) { b.x += x; b.hx += hill * x; b.ex += emax * x }

// occupancy is the effect Emax·x^h/(1 + x^h) with h and Emax weighted by
// the ligands' shares: for one full ligand the Hill–Langmuir law itself;
// for ligands with one Hill coefficient, exactly one drug at the summed
// dose (two half doses occupy what one full dose does), each bound share
// acting with its own drug's maximal effect.
func (b binding) occupancy() float64 {
	switch {
	case b.x == 0:
		return 0
	case math.IsInf(b.x, 1):
		return 1
	}
	return b.ex / b.x / (1 + math.Pow(b.x, -b.hx/b.x))
}

func (e Effect) String() string {
	var parts []string
	if e.Inhibition > 0 {
		parts = append(parts, fmt.Sprintf("inhibited %.3g", e.Inhibition))
	}
	if e.Activation > 0 {
		parts = append(parts, fmt.Sprintf("activated %.3g", e.Activation))
	}
	if len(parts) == 0 {
		parts = append(parts, "no effect")
	}
	return fmt.Sprintf("%s: %s (%s)", e.Node, strings.Join(parts, ", "), strings.Join(e.Drugs, ", "))
}
