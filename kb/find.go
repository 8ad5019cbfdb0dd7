package kb

import (
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/model"
)

// Match is one record a name refers to.
type Match struct {
	Kind string // node, drug, context, claim, mechanism, paper, ref
	ID   string
}

// Find resolves a name against every kind of record: node, drug and context
// names and aliases, review ids (M6, D1, X3, C19), reference numbers ([8]) and
// paper ids. Names shared by several kinds give several matches, nodes first.
// Nothing found is a *model.UnknownError with the closest names of any kind.
func (k *KB) Find(name string) ([]Match, error) {
	var ms []Match
	add := func(kind, id string) {
		for _, m := range ms {
			if m.Kind == kind && m.ID == id {
				return
			}
		}
		ms = append(ms, Match{kind, id})
	}
	if id, ok := k.idx.nodeNames.Lookup(name); ok {
		add("node", id)
	}
	if id, ok := k.idx.drugNames.Lookup(name); ok {
		add("drug", id)
	}
	if id, ok := k.idx.contextNames.Lookup(name); ok {
		add("context", id)
	}
	upper := strings.ToUpper(strings.TrimSpace(name))
	for _, i := range k.idx.drugReview[upper] {
		add("drug", k.Drugs[i].ID)
	}
	for _, i := range k.idx.contextReview[upper] {
		add("context", k.Contexts[i].ID)
	}
	if _, ok := k.idx.claims[upper]; ok {
		add("claim", upper)
	}
	if _, ok := k.idx.mechanisms[upper]; ok {
		add("mechanism", upper)
	}
	if n, err := strconv.Atoi(strings.Trim(name, "[] ")); err == nil {
		if _, ok := k.idx.refs[n]; ok {
			add("ref", strconv.Itoa(n))
		}
	}
	if _, ok := k.idx.papers[strings.ToLower(name)]; ok {
		add("paper", strings.ToLower(name))
	}
	if len(ms) > 0 {
		return ms, nil
	}
	var sugg []string
	for _, n := range []*model.Names{k.idx.nodeNames, k.idx.drugNames, k.idx.contextNames} {
		sugg = append(sugg, n.Suggest(name, 3)...)
	}
	if len(sugg) > 5 {
		sugg = sugg[:5]
	}
	return nil, &model.UnknownError{Kind: "name", Name: name, Suggestions: sugg}
}
