package experiment

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/pharm"
)

// SpecTarget is a drug target given in a spec's targets: map, for a drug the
// knowledge base does not know or whose targets a model file names
// differently.
type SpecTarget struct {
	Node    string  `yaml:"node" json:"node"`       // a node id or alias of the spec's model
	Action  string  `yaml:"action" json:"action"`   // inhibit (default) | activate
	Potency string  `yaml:"potency" json:"potency"` // e.g. 50 nM: the dose of half occupancy
	Hill    float64 `yaml:"hill" json:"hill,omitempty"`
}

// drugTable is the drugs a spec can give: its own (targets:), then the
// knowledge base's, whose targets are mapped onto the spec's model by node
// id or alias (a target the model lacks is dropped). On the built-in model
// without targets: the table is the knowledge base itself.
type drugTable struct {
	k    *kb.KB
	own  map[string]*kb.Drug // by the name the spec gives
	kbOn map[string]*kb.Drug // knowledge-base drugs with targets mapped onto the model
}

var _ pharm.Drugs = (*drugTable)(nil)

func (t *drugTable) ResolveDrug(name string) (string, error) {
	for id := range t.own {
		if strings.EqualFold(id, name) {
			return id, nil
		}
	}
	return t.k.ResolveDrug(name)
}

func (t *drugTable) Drug(id string) (*kb.Drug, bool) {
	if d, ok := t.own[id]; ok {
		return d, true
	}
	if d, ok := t.kbOn[id]; ok {
		return d, true
	}
	return t.k.Drug(id)
}

// drugs returns the drug table of the spec (the knowledge base unless the
// validator built one).
func (s *Spec) drugs(k *kb.KB) pharm.Drugs {
	if s.drugTable != nil {
		return s.drugTable
	}
	return k
}

// buildDrugs makes the spec's drug table: targets: entries checked and
// resolved on net, and, for a model file, every knowledge-base drug's
// targets mapped onto it.
func (v *specValidator) buildDrugs(builtin bool) error {
	s := v.s
	if len(s.Targets) == 0 && builtin {
		return nil
	}
	t := &drugTable{k: v.k, own: map[string]*kb.Drug{}, kbOn: map[string]*kb.Drug{}}
	for _, name := range slices.Sorted(maps.Keys(s.Targets)) {
		f := "targets." + name
		if len(s.Targets[name]) == 0 {
			return v.errf(f, "drug %s has no targets: list them, e.g. [{node: TBK1, potency: 50 nM}]", name)
		}
		d := &kb.Drug{ID: name, Name: name, Description: "given in the spec"}
		if kd, err := v.k.ResolveDrug(name); err == nil {
			known, _ := v.k.Drug(kd)
			d.ID, d.Name, d.Description, d.MolecularWeight = known.ID, known.Name, known.Description+" (targets given in the spec)", known.MolecularWeight
		}
		for j, st := range s.Targets[name] {
			tf := fmt.Sprintf("%s.[%d]", f, j)
			id, err := v.node(tf+".node", st.Node)
			if err != nil {
				return err
			}
			action := st.Action
			if action == "" {
				action = "inhibit"
			}
			if action != "inhibit" && action != "activate" {
				return v.errf(tf+".action", "action %q is not inhibit or activate", st.Action)
			}
			pd, err := dose.Parse(st.Potency)
			if err != nil {
				return v.errf(tf+".potency", "%v", err)
			}
			if pd.IsZero() || pd.Unit.Kind == dose.None {
				return v.errf(tf+".potency", "potency must be positive with a unit, e.g. 50 nM, not %q", st.Potency)
			}
			if st.Hill < 0 || st.Hill > 10 {
				return v.errf(tf+".hill", "Hill coefficient %g outside (0, 10]", st.Hill)
			}
			d.Targets = append(d.Targets, kb.Target{Node: id, Action: action, Potency: st.Potency, Measure: "IC50", Assay: "given",
				Hill: st.Hill, Source: "the spec", Status: "given", Dose: pd})
		}
		t.own[d.ID] = d
	}
	if !builtin {
		for i := range v.k.Drugs {
			kd := v.k.Drugs[i]
			if _, ok := t.own[kd.ID]; ok {
				continue
			}
			mapped := kd
			mapped.Targets = nil
			for _, tg := range kd.Targets {
				if id, err := v.net.Resolve(tg.Node); err == nil {
					tg.Node = id
					mapped.Targets = append(mapped.Targets, tg)
				}
			}
			t.kbOn[kd.ID] = &mapped
		}
	}
	s.drugTable = t
	return nil
}

// drugTargets checks that a drug the spec gives acts on the model.
func (v *specValidator) drugTargets(field, id string) error {
	d, ok := v.s.drugs(v.k).Drug(id)
	if !ok || len(d.Targets) > 0 {
		return nil
	}
	orig, _ := v.k.Drug(id)
	var names []string
	for _, t := range orig.Targets {
		names = append(names, t.Node)
	}
	return v.errf(field, "none of %s's targets (%s) is a node of %s: map them with targets: {%s: [{node: NODE, potency: DOSE}]}", id, strings.Join(names, ", "), v.s.Model, id)
}
