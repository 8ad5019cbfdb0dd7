package kb

import (
	"fmt"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Network compiles the knowledge base into one executable logical network:
// the nodes in file order, each with its rule and its rates (the rule's own,
// else the defaults, else 1): a node switches on at rate_up while its rule
// holds and off at rate_down while it fails; a graded rule's rates are
// model.GradedRates with its term weights (Rule.TermWeights). Inputs keep
// their state. Simulations start from a resting cell: every node off except
// those whose knowledge-base record says "rest: on" (constitutively active
// proteins), inputs off (no stimulus unless an experiment gives one).
// Phenotypes are the outputs: every other node is internal (left out of
// output-state labels).
//
// The network is built once and shared: treat it as read-only (the model
// and engine packages never modify a network they are given).
func (k *KB) Network() (*model.Network, error) {
	k.netOnce.Do(func() { k.net, k.netErr = k.buildNetwork(nil) })
	return k.net, k.netErr
}

// NetworkWeighted builds the network as Network does, but with the weight
// of term i of the graded rule of node (in the order of Rule.TermWeights)
// multiplied by scale(node, i), a positive finite factor: a parameter set
// for robustness analyses. A nil scale gives Network's network. The network
// is built anew on every call, not cached.
func (k *KB) NetworkWeighted(scale func(node string, term int) float64) (*model.Network, error) {
	return k.buildNetwork(scale)
}

func (k *KB) buildNetwork(scale func(node string, term int) float64) (*model.Network, error) {
	up, down := rateOr(k.Defaults.Up, 1), rateOr(k.Defaults.Down, 1)
	nodes := make([]model.Node, len(k.Nodes))
	var init []model.InitGroup
	var err error
	for i, n := range k.Nodes {
		kind, _ := model.ParseKind(n.Kind)
		nd := model.Node{ID: n.ID, Name: n.Name, Kind: kind, Aliases: n.Aliases, Description: n.Description, Internal: kind != model.Phenotype}
		init = append(init, model.InitGroup{Nodes: []string{n.ID}, Alts: []model.InitAlt{{Weight: expr.Const(1), Values: []bool{n.Rest == "on"}}}})
		if r, ok := k.Rule(n.ID); ok {
			nd.Rule = r.Expr
			u, d := rateOr(r.Up, up), rateOr(r.Down, down)
			nd.Up, nd.Down = model.LogicRate(u, true), model.LogicRate(d, false)
			if r.Graded {
				if nd.Up, nd.Down, err = model.GradedRates(r.Expr, termWeights(r, scale), u, d); err != nil {
					return nil, fmt.Errorf("rule of %s: %w", n.ID, err)
				}
			}
			for kind, m := range r.Modulators() {
				sign := model.Inhibits
				if kind == "boost" {
					sign = model.Activates
				}
				nd.Modulators = append(nd.Modulators, model.Modulator{Node: m.Node, Strength: m.Strength, Sign: sign, Resting: kind == "restraint"})
			}
			if nd.Up, nd.Down, err = model.Modulated(nd.Up, nd.Down, u, d, nd.Modulators); err != nil {
				return nil, fmt.Errorf("rule of %s: %w", n.ID, err)
			}
		}
		nodes[i] = nd
	}
	return model.NewWith("ikklab", nodes, nil, init)
}

// termWeights returns the weights of graded rule r, each scaled by scale
// unless it is nil.
func termWeights(r *Rule, scale func(node string, term int) float64) []float64 {
	_, w := r.TermWeights()
	if scale != nil {
		for i := range w {
			w[i] *= scale(r.Node, i)
		}
	}
	return w
}

func rateOr(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// Node returns the node with id.
func (k *KB) Node(id string) (*Node, bool) { return lookup(k.idx.nodes, k.Nodes, id) }

// Rule returns the rule of node id.
func (k *KB) Rule(id string) (*Rule, bool) { return lookup(k.idx.rules, k.Rules, id) }

// Drug returns the drug with id.
func (k *KB) Drug(id string) (*Drug, bool) { return lookup(k.idx.drugs, k.Drugs, id) }

// Context returns the context with id.
func (k *KB) Context(id string) (*Context, bool) { return lookup(k.idx.contexts, k.Contexts, id) }

// Claim returns the claim with id.
func (k *KB) Claim(id string) (*Claim, bool) { return lookup(k.idx.claims, k.Claims, id) }

// Mechanism returns the mechanism with id.
func (k *KB) Mechanism(id string) (*Mechanism, bool) {
	return lookup(k.idx.mechanisms, k.Mechanisms, id)
}

// Paper returns the paper with id.
func (k *KB) Paper(id string) (*Paper, bool) { return lookup(k.idx.papers, k.Papers, id) }

func lookup[K comparable, T any](index map[K]int, records []T, key K) (*T, bool) {
	i, ok := index[key]
	if !ok {
		return nil, false
	}
	return &records[i], true
}

// Forms returns the ids of the nodes that are states of node id (by the
// naming rule of nodes.yaml: IKBKE_ub is a form of IKBKE, CYLD_p of CYLD).
// Inhibitors often act on the active form, so a user asking which drugs
// hit IKKε needs them.
func (k *KB) Forms(id string) []string {
	var out []string
	for _, n := range k.Nodes {
		if rest, ok := strings.CutPrefix(n.ID, id+"_"); ok && rest != "" {
			out = append(out, n.ID)
		}
	}
	return out
}

// DrugTarget is one drug's action on one node.
type DrugTarget struct {
	Drug   *Drug
	Target *Target
}

// DrugTargetsOn returns every drug action on node id and on its forms
// (Forms), the node's own first, then each form's, drugs in file order.
func (k *KB) DrugTargetsOn(id string) []DrugTarget {
	var out []DrugTarget
	for _, on := range append([]string{id}, k.Forms(id)...) {
		for i := range k.Drugs {
			d := &k.Drugs[i]
			for j := range d.Targets {
				if d.Targets[j].Node == on {
					out = append(out, DrugTarget{d, &d.Targets[j]})
				}
			}
		}
	}
	return out
}

// ReviewRef returns the review's reference number n.
func (k *KB) ReviewRef(n int) (*ReviewRef, bool) { return lookup(k.idx.refs, k.ReviewRefs, n) }

// ResolveNode, ResolveDrug and ResolveContext map any name (id, alias, any
// case, Greek or Latin letters) to an id, or fail with a *model.UnknownError
// that suggests the closest ids.
func (k *KB) ResolveNode(name string) (string, error)    { return k.idx.nodeNames.Resolve(name) }
func (k *KB) ResolveDrug(name string) (string, error)    { return k.idx.drugNames.Resolve(name) }
func (k *KB) ResolveContext(name string) (string, error) { return k.idx.contextNames.Resolve(name) }

// Finding returns the validation finding with id.
func (k *KB) Finding(id string) (*Finding, bool) { return lookup(k.idx.findings, k.Findings, id) }

// ClaimIDs returns the claims' ids, in file order.
func (k *KB) ClaimIDs() []string {
	ids := make([]string, len(k.Claims))
	for i := range k.Claims {
		ids[i] = k.Claims[i].ID
	}
	return ids
}

// FindingIDs returns the validation findings' ids, in file order.
func (k *KB) FindingIDs() []string {
	ids := make([]string, len(k.Findings))
	for i := range k.Findings {
		ids[i] = k.Findings[i].ID
	}
	return ids
}
