package kb

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// index holds the look-ups built during validation.
type index struct {
	nodes         map[string]int // id -> position in KB.Nodes
	nodeNames     *model.Names
	rules         map[string]int // node id -> position in KB.Rules
	drugs         map[string]int
	drugNames     *model.Names
	drugReview    map[string][]int
	contexts      map[string]int
	contextNames  *model.Names
	contextReview map[string][]int
	claims        map[string]int
	findings      map[string]int
	mechanisms    map[string]int
	refs          map[int]int
	papers        map[string]int
}

type validator struct {
	kb    *KB
	errs  []Issue
	warns []Issue
}

func (v *validator) add(i Issue) { v.errs = append(v.errs, i) }

// errf records an error on field of the record at p.
func (v *validator) errf(p Pos, where, field, format string, args ...any) {
	v.add(Issue{File: p.File, Line: v.kb.line(p, field), Field: joinField(where, field), Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) warnf(p Pos, where, field, format string, args ...any) {
	v.warns = append(v.warns, Issue{File: p.File, Line: v.kb.line(p, field), Field: joinField(where, field), Msg: fmt.Sprintf(format, args...)})
}

func joinField(where, field string) string {
	if field == "" {
		return where
	}
	return where + "." + field
}

var (
	reNodeID    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	reLowerID   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	reHGNC      = regexp.MustCompile(`^HGNC:\d+$`)
	statuses    = []string{"read", "unverified", "assumed"}
	paperStatus = []string{"read", "lead"}
	measures    = []string{"IC50", "Kd", "Ki", "EC50"}
	assays      = []string{"biochemical", "cellular"}
	actions     = []string{"inhibit", "activate"}
	settingKind = []string{"mutation", "amplification", "deletion", "expression", "environment", "viral", "initial"}
	changes     = []string{"up", "down", "same"}
	trends      = []string{"up", "down"}
)

// maxDose is the largest dose a claim may use: 1 M of drug, or 10⁹ IU/mL,
// is not an experiment but a typo.
const (
	maxMolarDose    = 1.0
	maxActivityDose = 1e9
	maxMassDose     = 100.0 // g/L
)

func (v *validator) validate() {
	k := v.kb
	k.idx = index{
		nodes: map[string]int{}, nodeNames: model.NewNames("node"), rules: map[string]int{},
		drugs: map[string]int{}, drugNames: model.NewNames("drug"), drugReview: map[string][]int{},
		contexts: map[string]int{}, contextNames: model.NewNames("context"), contextReview: map[string][]int{},
		claims: map[string]int{}, findings: map[string]int{}, mechanisms: map[string]int{}, refs: map[int]int{}, papers: map[string]int{},
	}
	v.indexRecords()
	v.checkNodes()
	v.checkRules()
	v.checkDrugs()
	v.checkContexts()
	v.checkClaims()
	v.checkFindings()
	v.checkReferences()
	v.checkConnectivity()
}

// indexRecords registers every id, reporting duplicates and missing ids.
func (v *validator) indexRecords() {
	k := v.kb
	uniq := func(p Pos, section, id string, seen map[string]int, i int, re *regexp.Regexp, form string) bool {
		where := fmt.Sprintf("%s[%d]", section, i)
		switch {
		case id == "":
			v.errf(p, where, "id", "missing id")
			return false
		case re != nil && !re.MatchString(id):
			v.errf(p, where, "id", "id %q is not %s", id, form)
			return false
		}
		if j, dup := seen[id]; dup {
			v.errf(p, section+"["+id+"]", "id", "duplicate id %q (first defined at line %d)", id, v.firstLine(section, j))
			return false
		}
		seen[id] = i
		return true
	}
	for i, n := range k.Nodes {
		if uniq(n.Pos, "nodes", n.ID, k.idx.nodes, i, reNodeID, "a letter followed by letters, digits or _") {
			if err := k.idx.nodeNames.Add(n.ID, n.Aliases...); err != nil {
				v.errf(n.Pos, "nodes["+n.ID+"]", "aliases", "%v", err)
			}
		}
	}
	for i, d := range k.Drugs {
		if uniq(d.Pos, "drugs", d.ID, k.idx.drugs, i, reLowerID, "lower case letters, digits and -") {
			if err := k.idx.drugNames.Add(d.ID, append([]string{d.Name}, d.Aliases...)...); err != nil {
				v.errf(d.Pos, "drugs["+d.ID+"]", "aliases", "%v", err)
			}
			if d.ReviewID != "" {
				k.idx.drugReview[d.ReviewID] = append(k.idx.drugReview[d.ReviewID], i)
			}
		}
	}
	for i, c := range k.Contexts {
		if uniq(c.Pos, "contexts", c.ID, k.idx.contexts, i, reLowerID, "lower case letters, digits and -") {
			if err := k.idx.contextNames.Add(c.ID, c.Aliases...); err != nil {
				v.errf(c.Pos, "contexts["+c.ID+"]", "aliases", "%v", err)
			}
			if c.ReviewID != "" {
				k.idx.contextReview[c.ReviewID] = append(k.idx.contextReview[c.ReviewID], i)
			}
		}
	}
	for i, c := range k.Claims {
		uniq(c.Pos, "claims", c.ID, k.idx.claims, i, reClaimID, "C followed by two digits")
	}
	for i, f := range k.Findings {
		uniq(f.Pos, "findings", f.ID, k.idx.findings, i, reFindingID, "V followed by digits")
	}
	for i, m := range k.Mechanisms {
		uniq(m.Pos, "mechanisms", m.ID, k.idx.mechanisms, i, reMechanism, "M followed by a number")
	}
	for i, p := range k.Papers {
		uniq(p.Pos, "papers", p.ID, k.idx.papers, i, rePaper, "an author surname in lower case followed by the year, e.g. zhou2013")
	}
	for i, r := range k.ReviewRefs {
		where := fmt.Sprintf("review_refs[%d]", i)
		if r.Ref <= 0 {
			v.errf(r.Pos, where, "ref", "ref must be a positive reference number")
			continue
		}
		if j, dup := k.idx.refs[r.Ref]; dup {
			v.errf(r.Pos, where, "ref", "reference [%d] given twice (first at line %d)", r.Ref, k.ReviewRefs[j].Line)
			continue
		}
		k.idx.refs[r.Ref] = i
	}
}

func (v *validator) firstLine(section string, i int) int {
	k := v.kb
	switch section {
	case "nodes":
		return k.Nodes[i].Line
	case "drugs":
		return k.Drugs[i].Line
	case "contexts":
		return k.Contexts[i].Line
	case "claims":
		return k.Claims[i].Line
	case "mechanisms":
		return k.Mechanisms[i].Line
	case "papers":
		return k.Papers[i].Line
	}
	return 0
}

// evidence checks an evidence list; empty lists are errors when required.
func (v *validator) evidence(p Pos, where, field string, ev []string, required bool) {
	if len(ev) == 0 {
		if required {
			v.errf(p, where, field, "no evidence: cite a mechanism (M6), a review reference (\"[8]\") or a paper")
		}
		return
	}
	for i, e := range ev {
		if msg := v.kb.checkEvidence(e); msg != "" {
			v.errf(p, where, fmt.Sprintf("%s.[%d]", field, i), "%s", msg)
		}
	}
}

// node resolves a node reference by exact id, suggesting close names.
func (v *validator) node(p Pos, where, field, id string) (int, bool) {
	if i, ok := v.kb.idx.nodes[id]; ok {
		return i, true
	}
	v.errf(p, where, field, "%v", unknownErr(v.kb.idx.nodeNames, "node", id))
	return 0, false
}

func unknownErr(n *model.Names, kind, name string) error {
	if id, ok := n.Lookup(name); ok {
		return fmt.Errorf("%s %q must be written by its id %s", kind, name, id)
	}
	return &model.UnknownError{Kind: kind, Name: name, Suggestions: n.Suggest(name, 4)}
}

func (v *validator) checkNodes() {
	for _, n := range v.kb.Nodes {
		where := "nodes[" + n.ID + "]"
		kind, err := model.ParseKind(n.Kind)
		if err != nil {
			v.errf(n.Pos, where, "kind", "%v", err)
		}
		if n.HGNC != "" && !reHGNC.MatchString(n.HGNC) {
			v.errf(n.Pos, where, "hgnc", "HGNC id %q is not of the form HGNC:1234", n.HGNC)
		}
		if n.HGNC != "" && kind != model.Gene {
			v.errf(n.Pos, where, "hgnc", "only gene nodes carry an HGNC id")
		}
		if strings.TrimSpace(n.Description) == "" {
			v.errf(n.Pos, where, "description", "missing description")
		}
		v.evidence(n.Pos, where, "evidence", n.Evidence, true)
		switch {
		case n.Rest != "" && n.Rest != "on" && n.Rest != "off":
			v.errf(n.Pos, where, "rest", "rest %q is not on or off", n.Rest)
		case n.Rest == "on" && kind == model.Input:
			v.errf(n.Pos, where, "rest", "an input is off at rest; stimuli are given by experiments")
		}
	}
}

func (v *validator) checkRules() {
	k := v.kb
	v.checkRates(Pos{File: k.sections["defaults"], Line: 1}, "defaults", k.Defaults)
	for i := range k.Rules {
		r := &k.Rules[i]
		where := "rules[" + r.Node + "]"
		if r.Node == "" {
			v.errf(r.Pos, fmt.Sprintf("rules[%d]", i), "node", "missing node")
			continue
		}
		ni, ok := v.node(r.Pos, where, "node", r.Node)
		if !ok {
			continue
		}
		if j, dup := k.idx.rules[r.Node]; dup {
			v.errf(r.Pos, where, "node", "second rule for %s (first at line %d)", r.Node, k.Rules[j].Line)
			continue
		}
		k.idx.rules[r.Node] = i
		if k.Nodes[ni].Kind == "input" {
			v.errf(r.Pos, where, "node", "%s is an input node and cannot have a rule; make it a gene or drop the rule", r.Node)
			continue
		}
		v.checkRates(r.Pos, where, r.Rates)
		e, err := expr.Parse(r.Rule)
		if err != nil {
			v.errf(r.Pos, where, "rule", "%v", err)
			continue
		}
		if !e.IsBoolean() {
			v.errf(r.Pos, where, "rule", "a logic rule may use only node names, 0, 1 and ! & | ^: %q", r.Rule)
			continue
		}
		if r.Graded {
			if _, _, err := model.GradedTerms(e); err != nil {
				v.errf(r.Pos, where, "graded", "%v", err)
				continue
			}
		}
		r.Expr = e
		v.checkWeights(r, where)
		v.checkModulators(r, where)
		vars := e.Vars()
		for _, name := range vars {
			if _, ok := k.idx.nodes[name]; !ok {
				v.errf(r.Pos, where, "rule", "%v", unknownErr(k.idx.nodeNames, "node", name))
				continue
			}
			if _, ok := r.Evidence[name]; !ok {
				v.errf(r.Pos, where, "evidence", "regulator %s has no evidence", name)
			}
		}
		for reg, ev := range r.Evidence {
			if !slices.Contains(vars, reg) {
				v.errf(r.Pos, where, "evidence."+reg, "evidence for %s, which the rule does not read", reg)
				continue
			}
			v.evidence(r.Pos, where, "evidence."+reg, ev, true)
		}
	}
	for _, n := range k.Nodes {
		if _, ok := k.idx.rules[n.ID]; !ok && n.Kind != "input" && n.ID != "" {
			v.errf(n.Pos, "nodes["+n.ID+"]", "id", "%s node %s has no rule in rules", n.Kind, n.ID)
		}
	}
}

// maxWeight bounds a graded term's weight: a route carrying more than 100
// times the share of another is not additive but a switch (make the rule
// non-graded), or a typo.
const maxWeight = 100

// weightStatus are the statuses of a term weight: read in its evidence, or
// assumed (with a note saying why).
var weightStatus = []string{"read", "assumed"}

// checkModulators checks the brakes, boosts and restraints of rule r: each
// a node outside the rule, once, with a strength in (0, 1), evidence, and a
// note when assumed; a restraint's node is on in the resting cell. The one
// exception is a brake by an activator in the rule, a dual regulator that
// opens a route to the node and removes a share of its activation (HTLV-1
// Tax activates IRF3 through TAK1 and inhibits its phosphorylation by TBK1).
func (v *validator) checkModulators(r *Rule, where string) {
	seen := map[string]bool{}
	signs := map[string]model.Sign{} // every node the rule reads
	if r.Expr != nil {
		signs = model.Signs(r.Expr)
	}
	for _, list := range []struct {
		field string
		mods  []Modulator
	}{{"brakes", r.Brakes}, {"boosts", r.Boosts}, {"restraints", r.Restraints}} {
		for j, m := range list.mods {
			mw := fmt.Sprintf("%s.[%d]", list.field, j)
			i, ok := v.node(r.Pos, where, mw+".node", m.Node)
			if !ok {
				continue
			}
			sign, inRule := signs[m.Node]
			switch {
			case list.field == "restraints" && v.kb.Nodes[i].Rest != "on":
				v.errf(r.Pos, where, mw+".node", "%s restrains %s only if it is present in the resting cell (rest: on)", m.Node, r.Node)
			case m.Node == r.Node:
				v.errf(r.Pos, where, mw+".node", "%s cannot modulate itself", m.Node)
			case list.field == "brakes" && inRule && sign == model.Inhibits:
				v.errf(r.Pos, where, mw+".node", "%s already inhibits %s in its rule; a brake by it adds nothing", m.Node, r.Node)
			case list.field == "brakes" && inRule && sign != model.Activates:
				v.errf(r.Pos, where, mw+".node", "%s acts both ways in the rule of %s; only an activator there can also be a brake", m.Node, r.Node)
			case list.field != "brakes" && inRule:
				v.errf(r.Pos, where, mw+".node", "%s is in the rule of %s; a %s acts outside the logic", m.Node, r.Node, strings.TrimSuffix(list.field, "s"))
			case seen[m.Node]:
				v.errf(r.Pos, where, mw+".node", "%s modulates %s twice", m.Node, r.Node)
			}
			seen[m.Node] = true
			if !(m.Strength > 0 && m.Strength < 1) {
				v.errf(r.Pos, where, mw+".strength", "strength of %s must be in (0, 1), not %v", m.Node, m.Strength)
			}
			if m.Status != "" {
				v.oneOf(r.Pos, where, mw+".status", "status", m.Status, weightStatus)
			}
			v.evidence(r.Pos, where, mw+".evidence", m.Evidence, true)
			if m.Status == "assumed" && strings.TrimSpace(m.Note) == "" {
				v.errf(r.Pos, where, mw+".note", "an assumed strength needs a note saying why this value")
			}
		}
	}
}

// checkWeights checks the weights of rule r and parses their terms: only a
// graded rule has them; each names one of its OR terms once, with a weight
// in (0, 100]; a weight other than 1 cites evidence or is assumed with a
// note.
func (v *validator) checkWeights(r *Rule, where string) {
	if len(r.Weights) == 0 {
		return
	}
	if !r.Graded {
		v.errf(r.Pos, where, "weights", "weights are for graded rules only: add graded: true if the terms of %s add up, or drop the weights", r.Node)
		return
	}
	terms, _, _ := model.GradedTerms(r.Expr)
	var names []string
	for _, t := range terms {
		names = append(names, strconv.Quote(t.String()))
	}
	seen := map[int]int{} // term index -> weight entry
	for j := range r.Weights {
		w := &r.Weights[j]
		ww := fmt.Sprintf("weights.[%d]", j)
		if strings.TrimSpace(w.Term) == "" {
			v.errf(r.Pos, where, ww+".term", "missing term: one of %s", strings.Join(names, ", "))
			continue
		}
		e, err := expr.Parse(w.Term)
		if err != nil {
			v.errf(r.Pos, where, ww+".term", "%v", err)
			continue
		}
		ti := slices.IndexFunc(terms, func(t *expr.Expr) bool { return expr.Equal(t, e) })
		if ti < 0 {
			v.errf(r.Pos, where, ww+".term", "%q is not a term of the rule of %s; its terms are %s", w.Term, r.Node, strings.Join(names, ", "))
			continue
		}
		if first, dup := seen[ti]; dup {
			v.errf(r.Pos, where, ww+".term", "term %q weighted twice (first at line %d)", w.Term, v.kb.line(r.Pos, fmt.Sprintf("weights.[%d].term", first)))
			continue
		}
		seen[ti] = j
		if !(w.Weight > 0 && w.Weight <= maxWeight) {
			v.errf(r.Pos, where, ww+".weight", "weight of %q must be a number in (0, %d], not %v", w.Term, maxWeight, w.Weight)
			continue
		}
		if w.Status != "" {
			v.oneOf(r.Pos, where, ww+".status", "status", w.Status, weightStatus)
		}
		v.evidence(r.Pos, where, ww+".evidence", w.Evidence, false)
		switch {
		case w.Status == "assumed" && strings.TrimSpace(w.Note) == "":
			v.errf(r.Pos, where, ww+".note", "an assumed weight needs a note saying why this value")
		case w.Weight != DefaultWeight && len(w.Evidence) == 0 && w.Status != "assumed":
			v.errf(r.Pos, where, ww+".evidence", "weight %v of %q has no evidence: cite a mechanism or paper, or give status: assumed with a note", w.Weight, w.Term)
		}
		w.Expr = e
	}
}

func (v *validator) checkRates(p Pos, where string, r Rates) {
	for _, f := range []struct {
		name string
		val  *float64
	}{{"rate_up", r.Up}, {"rate_down", r.Down}} {
		if f.val != nil && !(*f.val > 0 && !math.IsInf(*f.val, 0)) {
			v.errf(p, where, f.name, "%s must be a positive finite number, not %v", f.name, *f.val)
		}
	}
}

func (v *validator) checkDrugs() {
	k := v.kb
	for i := range k.Drugs {
		d := &k.Drugs[i]
		where := "drugs[" + d.ID + "]"
		if d.ReviewID != "" && !reDrugID.MatchString(d.ReviewID) {
			v.errf(d.Pos, where, "review_id", "review_id %q is not of the form D1 or D2b", d.ReviewID)
		}
		if strings.TrimSpace(d.Description) == "" {
			v.errf(d.Pos, where, "description", "missing description")
		}
		v.evidence(d.Pos, where, "evidence", d.Evidence, true)
		if len(d.Targets) == 0 {
			v.errf(d.Pos, where, "targets", "a drug needs at least one target")
		}
		if mw := d.MolecularWeight; mw != nil {
			if !(mw.Value > 0 && mw.Value < 1e7) {
				v.errf(d.Pos, where, "molecular_weight.value", "molecular weight %g g/mol outside (0, 10^7)", mw.Value)
			}
			v.oneOf(d.Pos, where, "molecular_weight.status", "status", mw.Status, statuses)
			v.source(d.Pos, where, "molecular_weight", mw.Source, mw.Status, mw.Note)
		}
		seen := map[string]bool{}
		for j := range d.Targets {
			t := &d.Targets[j]
			tw := fmt.Sprintf("targets.[%d]", j)
			if _, ok := v.node(d.Pos, where, tw+".node", t.Node); !ok {
				continue
			}
			if seen[t.Node+t.Action] {
				v.errf(d.Pos, where, tw+".node", "target %s listed twice", t.Node)
			}
			seen[t.Node+t.Action] = true
			v.oneOf(d.Pos, where, tw+".action", "action", t.Action, actions)
			v.oneOf(d.Pos, where, tw+".measure", "measure", t.Measure, measures)
			v.oneOf(d.Pos, where, tw+".assay", "assay", t.Assay, assays)
			v.oneOf(d.Pos, where, tw+".status", "status", t.Status, statuses)
			if me := t.MaxEffect; me != nil {
				if !(me.Value > 0 && me.Value <= 1) {
					v.errf(d.Pos, where, tw+".max_effect.value", "maximal effect %g outside (0, 1]: the fraction of the target's activity the drug removes at full occupancy", me.Value)
				}
				v.oneOf(d.Pos, where, tw+".max_effect.status", "status", me.Status, statuses)
				v.source(d.Pos, where, tw+".max_effect", me.Source, me.Status, me.Note)
			}
			if t.Hill < 0 || t.Hill > 10 {
				v.errf(d.Pos, where, tw+".hill", "Hill coefficient %g outside (0, 10]", t.Hill)
			}
			if t.Potency == "" {
				v.errf(d.Pos, where, tw+".potency", "missing potency (e.g. \"11 nM\")")
			} else if ds, err := dose.Parse(t.Potency); err != nil {
				v.errf(d.Pos, where, tw+".potency", "%v", err)
			} else if ds.IsZero() || ds.Unit.Kind == dose.None {
				v.errf(d.Pos, where, tw+".potency", "potency must be positive with a unit, not %q", t.Potency)
			} else {
				t.Dose = ds
			}
			v.source(d.Pos, where, tw, t.Source, t.Status, t.Note)
		}
	}
}

// source checks the source of a number: a known paper id, or "assumption"
// with status assumed and a note saying why.
func (v *validator) source(p Pos, where, field, source, status, note string) {
	switch {
	case source == "":
		v.errf(p, where, field+".source", "missing source: a paper id, or \"assumption\" with status assumed")
	case source == "assumption":
		if status != "assumed" {
			v.errf(p, where, field+".status", "a value whose source is \"assumption\" must have status assumed, not %q", status)
		}
		if note == "" {
			v.errf(p, where, field+".note", "an assumed value needs a note saying why this value")
		}
	default:
		if _, ok := v.kb.idx.papers[source]; !ok {
			v.errf(p, where, field+".source", "unknown paper %q (add it to papers)", source)
		}
	}
}

func (v *validator) oneOf(p Pos, where, field, what, val string, allowed []string) bool {
	if slices.Contains(allowed, val) {
		return true
	}
	if val == "" {
		v.errf(p, where, field, "missing %s (%s)", what, strings.Join(allowed, ", "))
	} else {
		v.errf(p, where, field, "%s %q is not one of %s", what, val, strings.Join(allowed, ", "))
	}
	return false
}

func (v *validator) checkContexts() {
	for _, c := range v.kb.Contexts {
		where := "contexts[" + c.ID + "]"
		if c.ReviewID != "" && !reContextID.MatchString(c.ReviewID) {
			v.errf(c.Pos, where, "review_id", "review_id %q is not of the form X3", c.ReviewID)
		}
		if strings.TrimSpace(c.Description) == "" {
			v.errf(c.Pos, where, "description", "missing description")
		}
		v.evidence(c.Pos, where, "evidence", c.Evidence, true)
		seen := map[string]bool{}
		for j, s := range c.Sets {
			sw := fmt.Sprintf("sets.[%d]", j)
			if _, ok := v.node(c.Pos, where, sw+".node", s.Node); !ok {
				continue
			}
			if seen[s.Node] {
				v.errf(c.Pos, where, sw+".node", "%s set twice", s.Node)
			}
			seen[s.Node] = true
			v.oneOf(c.Pos, where, sw+".value", "value", s.Value, []string{"on", "off"})
			v.oneOf(c.Pos, where, sw+".kind", "kind", s.Kind, settingKind)
			v.evidence(c.Pos, where, sw+".evidence", s.Evidence, true)
		}
	}
}

func (v *validator) checkClaims() {
	for i := range v.kb.Claims {
		v.checkClaim(&v.kb.Claims[i], "claims["+v.kb.Claims[i].ID+"]")
	}
}

// checkClaim checks the experiment of a claim or a finding.
func (v *validator) checkClaim(c *Claim, where string) {
	k := v.kb
	{
		if strings.TrimSpace(c.Statement) == "" {
			v.errf(c.Pos, where, "statement", "missing statement")
		}
		v.evidence(c.Pos, where, "evidence", c.Evidence, true)
		v.context(c.Pos, where, "context", c.Context, true)
		v.inputs(c.Pos, where, "stimuli", c.Stimuli)
		arms := map[string]bool{}
		if len(c.Arms) == 0 {
			v.errf(c.Pos, where, "arms", "a claim needs at least one arm")
		}
		for j, a := range c.Arms {
			aw := fmt.Sprintf("arms.[%d]", j)
			switch {
			case a.Name == "":
				v.errf(c.Pos, where, aw, "arm without a name")
			case arms[a.Name]:
				v.errf(c.Pos, where, aw+".name", "arm %q given twice", a.Name)
			}
			arms[a.Name] = true
			v.checkArm(c.Pos, where, aw, a, c.IC50)
		}
		if c.IC50 != nil {
			v.node(c.Pos, where, "ic50.readout", c.IC50.Readout)
			base := -1
			for j, a := range c.Arms {
				if a.Name == c.IC50.Base {
					base = j
				}
			}
			switch {
			case base < 0:
				v.errf(c.Pos, where, "ic50.base", "base arm %q is not an arm of this claim", c.IC50.Base)
			case slices.ContainsFunc(slices.Collect(maps.Values(c.Arms[base].Drugs)), IsIC50):
				v.errf(c.Pos, where, "ic50.base", "base arm %q cannot itself take a drug at its IC50", c.IC50.Base)
			}
		}
		series := map[string]bool{}
		for j, s := range c.DoseSeries {
			sw := fmt.Sprintf("dose_series.[%d]", j)
			if s.Name == "" || series[s.Name] || arms[s.Name] {
				v.errf(c.Pos, where, sw+".name", "dose series needs a name unique among arms and series")
			}
			series[s.Name] = true
			di, ok := v.drug(c.Pos, where, sw+".drug", s.Drug)
			if len(s.Doses) < 2 {
				v.errf(c.Pos, where, sw+".doses", "a dose series needs at least two doses")
			}
			for n, ds := range s.Doses {
				if ok {
					v.dose(c.Pos, where, fmt.Sprintf("%s.doses.[%d]", sw, n), k.Drugs[di], ds)
				}
			}
			if !arms[s.Base] {
				v.errf(c.Pos, where, sw+".base", "base arm %q is not an arm of this claim", s.Base)
			}
		}
		if len(c.Expect) == 0 {
			v.errf(c.Pos, where, "expect", "a claim needs at least one expectation")
		}
		for j, e := range c.Expect {
			ew := fmt.Sprintf("expect.[%d]", j)
			v.node(c.Pos, where, ew+".readout", e.Readout)
			if e.Margin < 0 || e.Margin >= 1 {
				v.errf(c.Pos, where, ew+".margin", "margin %g outside [0, 1)", e.Margin)
			}
			armRef := func(field, name string) {
				if !arms[name] {
					v.errf(c.Pos, where, ew+"."+field, "%q is not an arm of this claim", name)
				}
			}
			switch {
			case e.Change != "" && e.Trend != "":
				v.errf(c.Pos, where, ew, "give either change (with arm and vs) or trend (with series), not both")
			case e.Change != "":
				v.oneOf(c.Pos, where, ew+".change", "change", e.Change, changes)
				armRef("arm", e.Arm)
				if len(e.Vs) == 0 {
					v.errf(c.Pos, where, ew+".vs", "a change needs the arm(s) it is compared with in vs")
				}
				for _, a := range e.Vs {
					armRef("vs", a)
				}
				if e.StrongerThan != nil {
					armRef("stronger_than.arm", e.StrongerThan.Arm)
					armRef("stronger_than.vs", e.StrongerThan.Vs)
				}
				v.combination(c.Pos, where, ew, e, arms)
			case e.Trend != "":
				v.oneOf(c.Pos, where, ew+".trend", "trend", e.Trend, trends)
				if !series[e.Series] {
					v.errf(c.Pos, where, ew+".series", "%q is not a dose_series of this claim", e.Series)
				}
			default:
				v.errf(c.Pos, where, ew, "an expectation needs change (up, down, same) or trend (up, down)")
			}
			v.via(c.Pos, where, ew+".via", e.Via)
			if len(e.Via) > 0 && !((e.Change == "up" || e.Change == "down") && len(e.Vs) == 1 && e.Criterion == "") {
				v.errf(c.Pos, where, ew+".via", "a mechanism check cuts an up or down change against one arm; this expectation has none")
			}
		}
		v.via(c.Pos, where, "via", c.Via)
	}
}

// via checks a stated path: node ids, or "A+B" for nodes cut together.
func (v *validator) via(p Pos, where, field string, entries []string) {
	for n, entry := range entries {
		for _, id := range strings.Split(entry, "+") {
			v.node(p, where, fmt.Sprintf("%s.[%d]", field, n), strings.TrimSpace(id))
		}
	}
}

// combination checks the criterion, reference and positive control of a
// change expectation.
func (v *validator) combination(p Pos, where, ew string, e Expectation, arms map[string]bool) {
	for _, m := range CheckExpectation(e, func(a string) bool { return arms[a] }) {
		v.errf(p, where, ew+"."+m.Field, "%s", m.Msg)
	}
}

// ExpectationProblem is one problem CheckExpectation finds.
type ExpectationProblem struct{ Field, Msg string }

// CheckExpectation checks what a claim and a spec expectation share beyond
// their arms: a comparison with several arms is a combination and names
// its null (criterion hsa or bliss); bliss needs its untreated reference
// arm; a positive control is an arm; criterion and control go with the
// changes they mean. isArm reports whether a name is an arm.
func CheckExpectation(e Expectation, isArm func(string) bool) []ExpectationProblem {
	var out []ExpectationProblem
	add := func(field, format string, args ...any) {
		out = append(out, ExpectationProblem{field, fmt.Sprintf(format, args...)})
	}
	if slices.Contains(e.Vs, e.Arm) {
		add("vs", "arm %q is compared with itself", e.Arm)
	}
	if e.StrongerThan != nil && (e.Change == "same" || e.Criterion != "" || len(e.Vs) != 1) {
		add("stronger_than", "stronger_than compares two up or down changes, each against one arm (not with same or a criterion)")
	}
	switch {
	case e.Criterion == "" && len(e.Vs) > 1 && e.Change != "same":
		add("criterion", "a change against several arms is a combination: name the null it beats, criterion: hsa (more than the stronger single agent), bliss (more than independent action) or loewe (more than either drug at twice its dose)")
	case e.Criterion != "" && !slices.Contains(Criteria, e.Criterion):
		add("criterion", "criterion %q is not one of %s", e.Criterion, strings.Join(Criteria, ", "))
	case e.Criterion != "" && (len(e.Vs) != 2 || e.Change == "same"):
		add("criterion", "a criterion judges a combination arm (change up or down) against its two single arms: vs: [a, b]")
	case e.Criterion == "bliss":
		ref := e.Reference
		if ref == "" {
			ref = "control"
		}
		if !isArm(ref) {
			add("reference", "criterion bliss needs the untreated arm: %q is not an arm (set reference: ARM)", ref)
		}
	}
	if e.Reference != "" && e.Criterion != "bliss" {
		add("reference", "reference is the untreated arm of criterion bliss only")
	}
	if e.Control != "" {
		switch {
		case e.Change != "same":
			add("control", "control names the positive control of a change: same")
		case !isArm(e.Control):
			add("control", "%q is not an arm", e.Control)
		}
	}
	return out
}

func (v *validator) checkArm(p Pos, where, aw string, a Arm, ic50 *IC50Dosing) {
	k := v.kb
	if a.Context != "" {
		v.context(p, where, aw+".context", a.Context, false)
	}
	v.inputs(p, where, aw+".stimuli", a.Stimuli)
	for _, list := range []struct {
		field string
		ids   []string
	}{{"knockout", a.Knockout}, {"overexpress", a.Overexpress}, {"add", a.Add}} {
		for n, id := range list.ids {
			v.node(p, where, fmt.Sprintf("%s.%s.[%d]", aw, list.field, n), id)
		}
	}
	v.oneSetting(p, where, aw, a)
	for id, f := range a.Knockdown {
		if _, ok := v.node(p, where, aw+".knockdown."+id, id); ok && !(f > 0 && f <= 1) {
			v.errf(p, where, aw+".knockdown."+id, "knock-down fraction %g outside (0, 1]", f)
		}
	}
	for id, ds := range a.Drugs {
		if di, ok := v.drug(p, where, aw+".drugs."+id, id); ok {
			if IsIC50(ds) {
				v.ic50Dose(p, where, aw+".drugs."+id, k.Drugs[di], ic50)
				continue
			}
			v.dose(p, where, aw+".drugs."+id, k.Drugs[di], ds)
		}
	}
}

// oneSetting reports a node an arm sets twice: in two of knockout,
// overexpress, add and knockdown, or twice in one list (which setting wins
// is not the curator's choice). It mirrors the run spec's check.
func (v *validator) oneSetting(p Pos, where, aw string, a Arm) {
	by := map[string]string{} // node id → the field that set it first
	see := func(field, key, id string) {
		if first, dup := by[id]; dup {
			v.errf(p, where, field, "%s is already set by %s; an arm sets each node once (knockout, overexpress, add or knockdown)", id, first)
			return
		}
		by[id] = key
	}
	EachSetting(aw, a.Knockout, a.Overexpress, a.Add, see, SettingMap{"knockdown", a.Knockdown})
}

// ic50Dose checks a dose written IC50: the claim must say where the IC50 is
// measured, and the drug must be dosed in molar units.
func (v *validator) ic50Dose(p Pos, where, field string, d Drug, ic50 *IC50Dosing) {
	if ic50 == nil {
		v.errf(p, where, field, "dose IC50 needs the claim's ic50: {readout, base} to say where it is measured")
		return
	}
	for _, t := range d.Targets {
		if t.Dose.Unit.Kind != dose.Molar {
			v.errf(p, where, field, "dose IC50 needs a drug dosed in molar units; %s is not", d.ID)
			return
		}
	}
}

func (v *validator) context(p Pos, where, field, id string, required bool) {
	if id == "" {
		if required {
			v.errf(p, where, field, "missing context")
		}
		return
	}
	if _, ok := v.kb.idx.contexts[id]; !ok {
		v.errf(p, where, field, "%v", unknownErr(v.kb.idx.contextNames, "context", id))
	}
}

func (v *validator) inputs(p Pos, where, field string, ids []string) {
	for n, id := range ids {
		if i, ok := v.node(p, where, fmt.Sprintf("%s.[%d]", field, n), id); ok && v.kb.Nodes[i].Kind != "input" {
			v.errf(p, where, fmt.Sprintf("%s.[%d]", field, n), "stimulus %s is a %s node, not an input", id, v.kb.Nodes[i].Kind)
		}
	}
}

func (v *validator) drug(p Pos, where, field, id string) (int, bool) {
	if i, ok := v.kb.idx.drugs[id]; ok {
		return i, true
	}
	v.errf(p, where, field, "%v", unknownErr(v.kb.idx.drugNames, "drug", id))
	return 0, false
}

// dose checks a dose given to drug d: it must parse, be of a unit kind one of
// d's potencies uses, and not be absurdly large.
func (v *validator) dose(p Pos, where, field string, d Drug, s string) {
	ds, err := dose.Parse(s)
	if err != nil {
		v.errf(p, where, field, "%v", err)
		return
	}
	if ds.Unit.Kind == dose.None {
		return
	}
	for _, t := range d.Targets {
		if t.Dose.Unit.Kind == dose.None {
			return // a target's potency is already reported as broken
		}
	}
	if err := d.CheckDose(s, ds); err != nil {
		v.errf(p, where, field, "%v", err)
	}
}

func (v *validator) checkReferences() {
	k := v.kb
	for _, m := range k.Mechanisms {
		where := "mechanisms[" + m.ID + "]"
		if strings.TrimSpace(m.Statement) == "" {
			v.errf(m.Pos, where, "statement", "missing statement")
		}
		v.evidence(m.Pos, where, "evidence", m.Evidence, true)
	}
	for i, r := range k.ReviewRefs {
		where := fmt.Sprintf("review_refs[%d]", i)
		for j, p := range r.Papers {
			if _, ok := k.idx.papers[p]; !ok {
				v.errf(r.Pos, where, fmt.Sprintf("papers.[%d]", j), "unknown paper %q (add it to papers)", p)
			}
		}
	}
	for _, p := range k.Papers {
		where := "papers[" + p.ID + "]"
		if strings.TrimSpace(p.Citation) == "" {
			v.errf(p.Pos, where, "citation", "missing citation")
		}
		v.oneOf(p.Pos, where, "status", "status", p.Status, paperStatus)
	}
	for _, f := range k.Facts {
		where := "facts[" + f.ID + "]"
		if f.ID == "" {
			v.errf(f.Pos, "facts", "id", "missing id")
		}
		if strings.TrimSpace(f.Statement) == "" {
			v.errf(f.Pos, where, "statement", "missing statement")
		}
		v.evidence(f.Pos, where, "evidence", f.Evidence, true)
	}
}

// checkConnectivity warns about nodes that no rule reads (in its logic or as
// a brake, boost or restraint) and whose own rule reads nothing: they cannot
// affect or be affected by the network.
func (v *validator) checkConnectivity() {
	k := v.kb
	read := map[string]bool{}
	for _, r := range k.Rules {
		if r.Expr != nil {
			for _, n := range r.Expr.Vars() {
				if n != r.Node {
					read[n] = true
				}
			}
		}
		for _, m := range r.Modulators() {
			read[m.Node] = true
		}
	}
	for _, n := range k.Nodes {
		if read[n.ID] {
			continue
		}
		regulated := false
		if i, ok := k.idx.rules[n.ID]; ok && k.Rules[i].Expr != nil {
			for _, x := range k.Rules[i].Expr.Vars() {
				regulated = regulated || x != n.ID
			}
		}
		if !regulated {
			v.warnf(n.Pos, "nodes["+n.ID+"]", "", "isolated: no rule reads %s and nothing regulates it", n.ID)
		} else if n.Kind == "input" {
			v.warnf(n.Pos, "nodes["+n.ID+"]", "", "input %s is read by no rule", n.ID)
		}
	}
}

// errors.As target used by callers.
var _ = errors.As

var (
	relations      = []string{"supports", "qualifies", "contradicts"}
	findingStatus  = []string{"read", "lead"}
	findingChanges = []string{"up", "down", "same"}
	rePMID         = regexp.MustCompile(`^\d{1,9}$`)
)

// checkFindings checks the validation findings: their source, and their
// experiment as a claim's unless a node they need is missing.
func (v *validator) checkFindings() {
	k := v.kb
	for i := range k.Findings {
		f := &k.Findings[i]
		where := "findings[" + f.ID + "]"
		for _, fv := range [][2]string{{"citation", f.Citation}, {"system", f.System},
			{"perturbation", f.Perturbation}, {"measured", f.Measured}, {"quote", f.Quote}} {
			if strings.TrimSpace(fv[1]) == "" {
				v.errf(f.Pos, where, fv[0], "missing %s", fv[0])
			}
		}
		if f.PMID != "" && !rePMID.MatchString(f.PMID) {
			v.errf(f.Pos, where, "pmid", "pmid %q is not a PubMed id (digits)", f.PMID)
		}
		if _, ok := k.idx.papers[f.Paper]; !ok {
			v.errf(f.Pos, where, "paper", "paper %q is not in papers.yaml", f.Paper)
		} else if !slices.Contains(f.Evidence, f.Paper) {
			v.errf(f.Pos, where, "evidence", "evidence must cite the finding's paper %q", f.Paper)
		}
		v.oneOf(f.Pos, where, "direction", "direction", f.Direction, findingChanges)
		v.oneOf(f.Pos, where, "relation", "relation", f.Relation, relations)
		v.oneOf(f.Pos, where, "status", "status", f.Status, findingStatus)
		v.evidence(f.Pos, where, "review", f.Review, false)
		for j, n := range f.Needs {
			if !reNodeID.MatchString(n) {
				v.errf(f.Pos, where, fmt.Sprintf("needs.[%d]", j), "%q is not a node id", n)
			}
		}
		if len(k.Missing(f)) == 0 {
			v.checkClaim(&f.Claim, where)
		}
	}
}
