package kb

import (
	"github.com/ikklab/ikklab/model"
)

// Network compiles the knowledge base into one executable logical network:
// the nodes in file order, each with its rule and its rates (the rule's own,
// else the defaults, else 1).
func (k *KB) Network() (*model.Network, error) {
	up, down := rateOr(k.Defaults.Up, 1), rateOr(k.Defaults.Down, 1)
	nodes := make([]model.Node, len(k.Nodes))
	for i, n := range k.Nodes {
		kind, _ := model.ParseKind(n.Kind)
		nd := model.Node{ID: n.ID, Name: n.Name, Kind: kind, Aliases: n.Aliases, Description: n.Description}
		if r, ok := k.Rule(n.ID); ok {
			nd.Rule = r.Expr
			nd.RateUp, nd.RateDown = rateOr(r.Up, up), rateOr(r.Down, down)
		} else {
			nd.RateUp, nd.RateDown = up, down
		}
		nodes[i] = nd
	}
	return model.New("ikklab", nodes)
}

func rateOr(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// Node returns the node with id.
func (k *KB) Node(id string) (*Node, bool) {
	i, ok := k.idx.nodes[id]
	if !ok {
		return nil, false
	}
	return &k.Nodes[i], true
}

// Rule returns the rule of node id.
func (k *KB) Rule(id string) (*Rule, bool) {
	i, ok := k.idx.rules[id]
	if !ok {
		return nil, false
	}
	return &k.Rules[i], true
}

// Drug returns the drug with id.
func (k *KB) Drug(id string) (*Drug, bool) {
	i, ok := k.idx.drugs[id]
	if !ok {
		return nil, false
	}
	return &k.Drugs[i], true
}

// Context returns the context with id.
func (k *KB) Context(id string) (*Context, bool) {
	i, ok := k.idx.contexts[id]
	if !ok {
		return nil, false
	}
	return &k.Contexts[i], true
}

// Claim returns the claim with id.
func (k *KB) Claim(id string) (*Claim, bool) {
	i, ok := k.idx.claims[id]
	if !ok {
		return nil, false
	}
	return &k.Claims[i], true
}

// Mechanism returns the mechanism with id.
func (k *KB) Mechanism(id string) (*Mechanism, bool) {
	i, ok := k.idx.mechanisms[id]
	if !ok {
		return nil, false
	}
	return &k.Mechanisms[i], true
}

// Paper returns the paper with id.
func (k *KB) Paper(id string) (*Paper, bool) {
	i, ok := k.idx.papers[id]
	if !ok {
		return nil, false
	}
	return &k.Papers[i], true
}

// ReviewRef returns the review's reference number n.
func (k *KB) ReviewRef(n int) (*ReviewRef, bool) {
	i, ok := k.idx.refs[n]
	if !ok {
		return nil, false
	}
	return &k.ReviewRefs[i], true
}

// DrugsOn returns the drugs that act on node id.
func (k *KB) DrugsOn(id string) []*Drug {
	var out []*Drug
	for i := range k.Drugs {
		for _, t := range k.Drugs[i].Targets {
			if t.Node == id {
				out = append(out, &k.Drugs[i])
				break
			}
		}
	}
	return out
}

// ResolveNode, ResolveDrug and ResolveContext map any name (id, alias, any
// case, Greek or Latin letters) to an id, or fail with a *model.UnknownError
// that suggests the closest ids.
func (k *KB) ResolveNode(name string) (string, error)    { return k.idx.nodeNames.Resolve(name) }
func (k *KB) ResolveDrug(name string) (string, error)    { return k.idx.drugNames.Resolve(name) }
func (k *KB) ResolveContext(name string) (string, error) { return k.idx.contextNames.Resolve(name) }
