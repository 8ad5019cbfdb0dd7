package kb

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Pos locates a record in its file.
type Pos struct {
	File string `json:"-"`
	Line int    `json:"-"`
	path string // YAML path of the record, e.g. $.rules[3]
}

func (p *Pos) setPos(q Pos) { *p = q }

// Node is a network node: an input, a gene product (or a state of one) or a
// phenotype.
type Node struct {
	Pos         `yaml:"-" json:"-"`
	ID          string   `yaml:"id" json:"id"`
	Kind        string   `yaml:"kind" json:"kind"`
	HGNC        string   `yaml:"hgnc" json:"hgnc,omitempty"`
	Name        string   `yaml:"name" json:"name"`
	Aliases     []string `yaml:"aliases" json:"aliases"`
	Description string   `yaml:"description" json:"description"`
	Evidence    []string `yaml:"evidence" json:"evidence"`
	// Rest is the node's state in a resting cell ("on" for constitutively
	// active proteins; default "off"), where simulations start.
	Rest string `yaml:"rest" json:"rest,omitempty"`
}

// Rates are transition rates of a node (MaBoSS rate_up and rate_down).
type Rates struct {
	Up   *float64 `yaml:"rate_up" json:"rate_up,omitempty"`
	Down *float64 `yaml:"rate_down" json:"rate_down,omitempty"`
}

// Rule is the logic of one node with the evidence for each regulator.
type Rule struct {
	Pos   `yaml:"-" json:"-"`
	Node  string `yaml:"node" json:"node"`
	Rule  string `yaml:"rule" json:"rule"`
	Rates `yaml:",inline" json:",inline"`
	// Graded makes the rule's OR terms additive routes (model.GradedRates):
	// the node's activity is the fraction of them engaged, not a switch.
	Graded bool `yaml:"graded" json:"graded,omitempty"`
	// Weights give some OR terms of a graded rule another weight than 1
	// (TermWeights); terms without an entry weigh 1.
	Weights []Weight `yaml:"weights" json:"weights,omitempty"`
	// Brakes, Boosts and Restraints are partial regulators outside the
	// logic (model.Modulated): a brake removes a share of the node's
	// activation while it is on (it may also be an activator in Rule, a
	// dual regulator), a boost fills a share of what is missing;
	// a restraint is an inactivator present in the resting cell (a
	// constitutive phosphatase, "rest: on") whose loss slows the node's
	// switching off by the share Strength.
	Brakes     []Modulator         `yaml:"brakes" json:"brakes,omitempty"`
	Boosts     []Modulator         `yaml:"boosts" json:"boosts,omitempty"`
	Restraints []Modulator         `yaml:"restraints" json:"restraints,omitempty"`
	Evidence   map[string][]string `yaml:"evidence" json:"evidence"`
	Note       string              `yaml:"note" json:"note,omitempty"`

	Expr *expr.Expr `yaml:"-" json:"-"` // parsed Rule, set by Load
}

// Modulators yields the rule's partial regulators with their kind,
// "boost", "brake" or "restraint": boosts first, then brakes, then
// restraints (a brake may also be an activator in the logic).
func (r Rule) Modulators() iter.Seq2[string, Modulator] {
	return func(yield func(string, Modulator) bool) {
		for _, l := range []struct {
			kind string
			mods []Modulator
		}{{"boost", r.Boosts}, {"brake", r.Brakes}, {"restraint", r.Restraints}} {
			for _, m := range l.mods {
				if !yield(l.kind, m) {
					return
				}
			}
		}
	}
}

// modulator returns source's brake, boost or restraint on the rule's node,
// with its kind.
func (r Rule) modulator(source string) (string, Modulator, bool) {
	for kind, m := range r.Modulators() {
		if m.Node == source {
			return kind, m, true
		}
	}
	return "", Modulator{}, false
}

// ModulatorKind returns "brake", "boost" or "restraint" when source is a
// partial regulator of the rule's node, else "".
func (r Rule) ModulatorKind(source string) string {
	kind, _, _ := r.modulator(source)
	return kind
}

// EdgeEvidence returns the evidence for source's edge into the rule's node:
// the logic's entry and the evidence of the brake, boost or restraint source
// is, in that order, each reference once.
func (r Rule) EdgeEvidence(source string) []string {
	ev := r.Evidence[source]
	_, m, ok := r.modulator(source)
	if !ok {
		return ev
	}
	if len(ev) == 0 {
		return m.Evidence
	}
	out := slices.Clone(ev)
	for _, ref := range m.Evidence {
		if !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}

// Weight is the weight of one OR term of a graded rule: the share of the
// node's activity the route carries, relative to the other terms.
type Weight struct {
	Term     string   `yaml:"term" json:"term"` // as written; matched to a term of the rule by its parsed tree
	Weight   float64  `yaml:"weight" json:"weight"`
	Evidence []string `yaml:"evidence" json:"evidence,omitempty"`
	Status   string   `yaml:"status" json:"status,omitempty"` // read | assumed
	Note     string   `yaml:"note" json:"note,omitempty"`

	Expr *expr.Expr `yaml:"-" json:"-"` // parsed Term, set by Load
}

// Modulator is a brake or a boost of a rule's node (model.Modulator):
// while Node is on, the fraction Strength of the node's activation is
// removed (brake) or of its missing activation filled (boost).
type Modulator struct {
	Node     string   `yaml:"node" json:"node"`
	Strength float64  `yaml:"strength" json:"strength"`
	Evidence []string `yaml:"evidence" json:"evidence"`
	Status   string   `yaml:"status" json:"status,omitempty"` // read | assumed
	Note     string   `yaml:"note" json:"note,omitempty"`
}

// DefaultWeight is the weight of a graded term without a Weight entry.
const DefaultWeight = 1.0

// TermWeights returns the OR terms of a graded rule in the order
// model.GradedRates weighs them (model.GradedTerms) and the weight of each:
// its entry's, else DefaultWeight. It returns nil for a rule that is not
// graded or not loaded.
func (r Rule) TermWeights() (terms []*expr.Expr, w []float64) {
	if !r.Graded || r.Expr == nil {
		return nil, nil
	}
	terms, _, err := model.GradedTerms(r.Expr)
	if err != nil {
		return nil, nil
	}
	w = make([]float64, len(terms))
	for i, t := range terms {
		w[i] = DefaultWeight
		if e, ok := r.WeightOf(t); ok {
			w[i] = e.Weight
		}
	}
	return terms, w
}

// WeightOf returns the weight entry of term t of the rule, if it has one.
func (r Rule) WeightOf(t *expr.Expr) (*Weight, bool) {
	for i := range r.Weights {
		if e := r.Weights[i].Expr; e != nil && expr.Equal(e, t) {
			return &r.Weights[i], true
		}
	}
	return nil, false
}

// Drug is a compound (or biologic) with its targets.
type Drug struct {
	Pos         `yaml:"-" json:"-"`
	ID          string   `yaml:"id" json:"id"`
	ReviewID    string   `yaml:"review_id" json:"review_id,omitempty"`
	Name        string   `yaml:"name" json:"name"`
	Aliases     []string `yaml:"aliases" json:"aliases"`
	Class       string   `yaml:"class" json:"class"`
	Description string   `yaml:"description" json:"description"`
	Evidence    []string `yaml:"evidence" json:"evidence"`
	Targets     []Target `yaml:"targets" json:"targets"`
	// MolecularWeight, when given, lets a drug whose potencies are molar be
	// dosed in mass concentrations (ug/mL): M = (g/L) / (g/mol).
	MolecularWeight *MolecularWeight `yaml:"molecular_weight" json:"molecular_weight,omitempty"`
}

// MolecularWeight is a drug's molar mass with its source.
type MolecularWeight struct {
	Value  float64 `yaml:"value" json:"g_per_mol"` // g/mol
	Source string  `yaml:"source" json:"source"`   // a paper id, or "assumption"
	Status string  `yaml:"status" json:"status"`   // read | unverified | assumed
	Note   string  `yaml:"note" json:"note,omitempty"`
}

// InPotencyUnits returns ds in the units of the drug's potencies: a mass
// concentration becomes molar through the molecular weight when the drug
// has one and molar potencies; any other dose is returned as it is.
func (d *Drug) InPotencyUnits(ds dose.Dose) dose.Dose {
	if ds.Unit.Kind != dose.Mass || d.MolecularWeight == nil || d.MolecularWeight.Value <= 0 || len(d.Targets) == 0 || d.Targets[0].Dose.Unit.Kind != dose.Molar {
		return ds
	}
	return dose.FromMolar(ds.Base() / d.MolecularWeight.Value)
}

// Target is one node a drug acts on, with its potency.
type Target struct {
	Node    string  `yaml:"node" json:"node"`
	Action  string  `yaml:"action" json:"action"`       // inhibit | activate
	Potency string  `yaml:"potency" json:"potency"`     // "11 nM", "100 IU/mL"
	Measure string  `yaml:"measure" json:"measure"`     // IC50 | Kd | Ki | EC50
	Assay   string  `yaml:"assay" json:"assay"`         // biochemical | cellular
	Hill    float64 `yaml:"hill" json:"hill,omitempty"` // 0 means 1
	Source  string  `yaml:"source" json:"source"`       // a paper id or "assumption"
	Status  string  `yaml:"status" json:"status"`       // read | unverified | assumed
	Note    string  `yaml:"note" json:"note,omitempty"`
	// Site names the drug's binding site on the node when it is not the
	// one most drugs share (the kinase's ATP pocket or, for MEK, its
	// allosteric pocket): drugs at one site compete, drugs at distinct
	// sites act independently. Empty is that shared site.
	Site string `yaml:"site" json:"site,omitempty"`
	// MaxEffect, when given, makes the drug a partial inhibitor (or
	// activator): at full occupancy it removes only this fraction of the
	// target's activity (an antibody that blocks part of a receptor's
	// signalling). Absent means 1, a full inhibitor.
	MaxEffect *MaxEffect `yaml:"max_effect" json:"max_effect,omitempty"`

	Dose dose.Dose `yaml:"-" json:"-"` // parsed Potency, set by Load
}

// MaxEffect is a drug's maximal effect on a target, as a fraction of the
// target's activity, with its source.
type MaxEffect struct {
	Value  float64 `yaml:"value" json:"fraction"` // in (0, 1]
	Source string  `yaml:"source" json:"source"`  // a paper id, or "assumption"
	Status string  `yaml:"status" json:"status"`  // read | unverified | assumed
	Note   string  `yaml:"note" json:"note,omitempty"`
}

// Efficacy returns the target's maximal effect, 1 when unset.
func (t Target) Efficacy() float64 {
	if t.MaxEffect == nil {
		return 1
	}
	return t.MaxEffect.Value
}

// CheckDose reports whether amount (as written) is a dose of d that an
// experiment can give: in the units of its potencies (molar, IU/mL or mass)
// and below what no experiment uses (1 M, 10⁹ IU/mL, 100 g/L). A unitless
// dose is left to the caller.
func (d *Drug) CheckDose(amount string, ds dose.Dose) error {
	if ds.Unit.Kind == dose.None {
		return nil
	}
	if ds.Unit.Kind == dose.Mass && ds.Base() > maxMassDose {
		return fmt.Errorf("dose %s of %s is not a possible experiment (above 100 g/L)", expr.Quote(amount), d.ID)
	}
	ds = d.InPotencyUnits(ds)
	kinds := map[dose.Kind]bool{}
	for _, t := range d.Targets {
		kinds[t.Dose.Unit.Kind] = true
	}
	if !kinds[ds.Unit.Kind] {
		var units []string
		for k := range kinds {
			units = append(units, k.String())
		}
		sort.Strings(units)
		hint := ""
		if ds.Unit.Kind == dose.Mass && kinds[dose.Molar] {
			hint = " (mass concentrations need a molecular_weight in the knowledge base, which it has not)"
		}
		return fmt.Errorf("%s is dosed in %s units (its potencies are %s), not %s%s", d.ID, strings.Join(units, "/"), strings.Join(units, "/"), ds.Unit.Name, hint)
	}
	limit := map[dose.Kind]float64{dose.Molar: maxMolarDose, dose.Activity: maxActivityDose, dose.Mass: maxMassDose}[ds.Unit.Kind]
	if ds.Base() > limit {
		bound := map[dose.Kind]string{dose.Molar: "1 M", dose.Activity: "10⁹ IU/mL", dose.Mass: "100 g/L"}[ds.Unit.Kind]
		return fmt.Errorf("dose %s of %s is not a possible experiment (above %s)", expr.Quote(amount), d.ID, bound)
	}
	return nil
}

// HillCoefficient returns the Hill coefficient, 1 when unset.
func (t Target) HillCoefficient() float64 {
	if t.Hill == 0 {
		return 1
	}
	return t.Hill
}

// Context is a cancer type, cell line or normal tissue: the nodes it fixes.
type Context struct {
	Pos         `yaml:"-" json:"-"`
	ID          string    `yaml:"id" json:"id"`
	ReviewID    string    `yaml:"review_id" json:"review_id,omitempty"`
	Name        string    `yaml:"name" json:"name"`
	Aliases     []string  `yaml:"aliases" json:"aliases"`
	Description string    `yaml:"description" json:"description"`
	Evidence    []string  `yaml:"evidence" json:"evidence"`
	Sets        []Setting `yaml:"sets" json:"sets"`
}

// Setting is one node a context fixes (or starts) on or off.
type Setting struct {
	Node     string   `yaml:"node" json:"node"`
	Value    string   `yaml:"value" json:"value"` // on | off
	Kind     string   `yaml:"kind" json:"kind"`
	Evidence []string `yaml:"evidence" json:"evidence"`
	// Source says what in the evidence the setting rests on (a mutation
	// frequency, a cell line's allele), in a line.
	Source string `yaml:"source" json:"source,omitempty"`
}

// On reports whether the setting switches the node on.
func (s Setting) On() bool { return s.Value == "on" }

// Fixed reports whether the node is held for the whole run (every kind but
// initial).
func (s Setting) Fixed() bool { return s.Kind != "initial" }

// Claim is a statement of the review as an experiment to run and judge.
type Claim struct {
	Pos        `yaml:"-" json:"-"`
	ID         string       `yaml:"id" json:"id"`
	Statement  string       `yaml:"statement" json:"statement"`
	Evidence   []string     `yaml:"evidence" json:"evidence"`
	Context    string       `yaml:"context" json:"context"`
	Stimuli    []string     `yaml:"stimuli" json:"stimuli"`
	Reading    string       `yaml:"reading" json:"reading,omitempty"`
	Arms       []Arm        `yaml:"arms" json:"arms"`
	DoseSeries []DoseSeries `yaml:"dose_series" json:"dose_series,omitempty"`
	IC50       *IC50Dosing  `yaml:"ic50" json:"ic50,omitempty"`
	// Via is the path the review states for the claim's effects: the nodes
	// between what the arms perturb and the readouts. The claims runner
	// cuts each in turn to check that the effect travels it.
	Via    []string      `yaml:"via" json:"via,omitempty"`
	Expect []Expectation `yaml:"expect" json:"expect"`
}

// DoseIC50 is the dose an arm gives a drug to mean "its own IC50 here": the
// claim's IC50Dosing says on which readout and arm the model measures it.
const DoseIC50 = "IC50"

// IsIC50 reports whether an arm's dose is DoseIC50.
func IsIC50(dose string) bool { return strings.EqualFold(strings.TrimSpace(dose), DoseIC50) }

// IC50Dosing makes doses written IC50 equipotent: each such drug is given at
// the IC50 the model finds for it alone on Readout, added to arm Base, in the
// claim's context (the usual design of combination experiments).
type IC50Dosing struct {
	Readout string `yaml:"readout" json:"readout"`
	Base    string `yaml:"base" json:"base"`
}

// Arm is one condition of an experiment.
type Arm struct {
	Name        string             `yaml:"name" json:"name"`
	Context     string             `yaml:"context" json:"context,omitempty"`
	Stimuli     []string           `yaml:"stimuli" json:"stimuli,omitempty"`
	Knockout    []string           `yaml:"knockout" json:"knockout,omitempty"`
	Overexpress []string           `yaml:"overexpress" json:"overexpress,omitempty"`
	Knockdown   map[string]float64 `yaml:"knockdown" json:"knockdown,omitempty"`
	Add         []string           `yaml:"add" json:"add,omitempty"`
	Drugs       map[string]string  `yaml:"drugs" json:"drugs,omitempty"`
}

// Describe lists what the arm does ("knockout IKBKE; momelotinib 1 uM"),
// or "untreated".
func (a Arm) Describe() string {
	var parts []string
	if a.Context != "" {
		parts = append(parts, "context "+a.Context)
	}
	if a.Stimuli != nil {
		parts = append(parts, "stimuli ["+strings.Join(a.Stimuli, ", ")+"]")
	}
	if len(a.Knockout) > 0 {
		parts = append(parts, "knockout "+strings.Join(a.Knockout, ", "))
	}
	if len(a.Overexpress) > 0 {
		parts = append(parts, "overexpress "+strings.Join(a.Overexpress, ", "))
	}
	for _, g := range slices.Sorted(maps.Keys(a.Knockdown)) {
		parts = append(parts, fmt.Sprintf("knockdown %s %.0f%%", g, 100*a.Knockdown[g]))
	}
	if len(a.Add) > 0 {
		parts = append(parts, "add "+strings.Join(a.Add, ", "))
	}
	for _, d := range slices.Sorted(maps.Keys(a.Drugs)) {
		parts = append(parts, d+" "+a.Drugs[d])
	}
	if len(parts) == 0 {
		return "untreated"
	}
	return strings.Join(parts, "; ")
}

// Nodes returns the nodes the arm acts on directly: knocked out,
// over-expressed, added, stimulated or knocked down, and the targets of its
// drugs in k.
func (a Arm) Nodes(k *KB) []string {
	var ns []string
	ns = append(ns, a.Knockout...)
	ns = append(ns, a.Overexpress...)
	ns = append(ns, a.Add...)
	ns = append(ns, a.Stimuli...)
	ns = append(ns, slices.Sorted(maps.Keys(a.Knockdown))...)
	for _, d := range slices.Sorted(maps.Keys(a.Drugs)) {
		if dr, ok := k.Drug(d); ok {
			for _, t := range dr.Targets {
				ns = append(ns, t.Node)
			}
		}
	}
	return ns
}

// DoseSeries is a drug given at rising doses on top of a base arm.
type DoseSeries struct {
	Name  string   `yaml:"name" json:"name"`
	Drug  string   `yaml:"drug" json:"drug"`
	Doses []string `yaml:"doses" json:"doses"`
	Base  string   `yaml:"base" json:"base"`
}

// Expectation is one judged comparison of a claim.
type Expectation struct {
	Readout      string      `yaml:"readout" json:"readout"`
	Change       string      `yaml:"change" json:"change,omitempty"` // up | down | same
	Arm          string      `yaml:"arm" json:"arm,omitempty"`
	Vs           []string    `yaml:"vs" json:"vs,omitempty"`
	StrongerThan *Comparison `yaml:"stronger_than" json:"stronger_than,omitempty"`
	Trend        string      `yaml:"trend" json:"trend,omitempty"` // up | down
	Series       string      `yaml:"series" json:"series,omitempty"`
	Margin       float64     `yaml:"margin" json:"margin,omitempty"`
	// Criterion is the null a combination beats (several vs arms): hsa
	// (more than the stronger single agent), bliss (more than independent
	// action, against the Reference arm) or loewe (more than either drug at
	// twice its dose: dose additivity at an equipotent design).
	Criterion string `yaml:"criterion" json:"criterion,omitempty"`
	// Reference is the untreated arm of a Bliss criterion (default the arm
	// named control).
	Reference string `yaml:"reference" json:"reference,omitempty"`
	// Control is the positive-control arm of a "same": an arm in which the
	// readout moves against the same vs arm, showing that it can move.
	Control string `yaml:"control" json:"control,omitempty"`
	// Via overrides the claim's via for this expectation (claims only).
	Via []string `yaml:"via" json:"via,omitempty"`
}

// Criteria are the nulls a combination expectation may name.
var Criteria = []string{"hsa", "bliss", "loewe"}

// Describe writes the expectation for a reader, e.g. "CCL5 ↓ in
// momelotinib vs control".
func (x Expectation) Describe() string {
	arrow := map[string]string{"up": "↑", "down": "↓", "same": "unchanged"}
	if x.Trend != "" {
		return fmt.Sprintf("%s %s with dose (%s)", x.Readout, arrow[x.Trend], x.Series)
	}
	s := fmt.Sprintf("%s %s in %s vs %s", x.Readout, arrow[x.Change], x.Arm, strings.Join(x.Vs, " and "))
	if x.StrongerThan != nil {
		s += fmt.Sprintf(", more than in %s vs %s", x.StrongerThan.Arm, x.StrongerThan.Vs)
	}
	return s
}

// Comparison names an arm and its reference arm.
type Comparison struct {
	Arm string `yaml:"arm" json:"arm"`
	Vs  string `yaml:"vs" json:"vs"`
}

// Mechanism is an edge or pathway statement of the review (M1–M19).
type Mechanism struct {
	Pos       `yaml:"-" json:"-"`
	ID        string   `yaml:"id" json:"id"`
	Statement string   `yaml:"statement" json:"statement"`
	Evidence  []string `yaml:"evidence" json:"evidence"`
}

// ReviewRef is one numbered reference of the review.
type ReviewRef struct {
	Pos    `yaml:"-" json:"-"`
	Ref    int      `yaml:"ref" json:"ref"`
	Topic  string   `yaml:"topic" json:"topic"`
	Papers []string `yaml:"papers" json:"papers"`
}

// Paper is a primary publication.
type Paper struct {
	Pos      `yaml:"-" json:"-"`
	ID       string `yaml:"id" json:"id"`
	Citation string `yaml:"citation" json:"citation"`
	PMID     string `yaml:"pmid" json:"pmid,omitempty"`
	DOI      string `yaml:"doi" json:"doi,omitempty"`
	Status   string `yaml:"status" json:"status"`
}

// Fact is a quantitative statement kept for reference, not simulated.
type Fact struct {
	Pos       `yaml:"-" json:"-"`
	ID        string   `yaml:"id" json:"id"`
	Statement string   `yaml:"statement" json:"statement"`
	Value     any      `yaml:"value" json:"value"`
	Unit      string   `yaml:"unit" json:"unit,omitempty"`
	Evidence  []string `yaml:"evidence" json:"evidence"`
}

// KB is a loaded, validated knowledge base.
type KB struct {
	Nodes      []Node
	Rules      []Rule
	Defaults   Rates
	Drugs      []Drug
	Contexts   []Context
	Claims     []Claim
	Mechanisms []Mechanism
	ReviewRefs []ReviewRef
	Papers     []Paper
	Facts      []Fact
	Findings   []Finding

	// Warnings are problems that do not stop the knowledge base from loading.
	Warnings []Issue

	netOnce sync.Once
	net     *model.Network
	netErr  error

	files    map[string]*file  // by name, for line look-ups
	sections map[string]string // section -> file it came from
	idx      index
}

// Finding is a result of a primary paper that is not a claim of the review,
// kept to validate the network on what it was not built from: the paper's
// experiment (context, stimuli, arms, expectations, as a claim has them)
// and where the finding comes from. Findings are written before the rules
// they test are changed; afterwards they are added to, not edited, except
// to correct a misreading.
type Finding struct {
	Claim `yaml:",inline"`
	// Citation, PMID and Paper (a papers.yaml id) name the source.
	Citation string `yaml:"citation" json:"citation"`
	PMID     string `yaml:"pmid" json:"pmid"`
	Paper    string `yaml:"paper" json:"paper"`
	// System is the cell system, Perturbation what was done to it,
	// Measured what was read out and Direction which way it went.
	System       string `yaml:"system" json:"system"`
	Perturbation string `yaml:"perturbation" json:"perturbation"`
	Measured     string `yaml:"measured" json:"measured"`
	Direction    string `yaml:"direction" json:"direction"`
	// Quote is the sentence of the abstract the finding rests on.
	Quote string `yaml:"quote" json:"quote"`
	// Relation says whether the finding supports, qualifies or contradicts
	// the review; Review names the review ids it bears on.
	Relation string   `yaml:"relation" json:"relation"`
	Review   []string `yaml:"review" json:"review,omitempty"`
	// Status is read when the quote was seen in the abstract, lead when not.
	Status string `yaml:"status" json:"status"`
	// Needs lists the nodes the finding's experiment needs that the network
	// may lack; while one is missing the finding is not modelled (and
	// counts as failing), not an error.
	Needs []string `yaml:"needs" json:"needs,omitempty"`
	Note  string   `yaml:"note" json:"note,omitempty"`
}

// Missing returns the nodes of f.Needs that k does not have.
func (k *KB) Missing(f *Finding) []string {
	var out []string
	for _, n := range f.Needs {
		if _, ok := k.idx.nodes[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}
