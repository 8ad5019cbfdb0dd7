package model

import (
	"fmt"
	"math"

	"github.com/ikklab/ikklab/logic/expr"
)

// GradedRates returns the rates of a node whose rule combines redundant
// routes additively rather than as a switch. The rule must be a disjunction
// of n ≥ 2 terms, T1 | … | Tn (activating routes), or the negation of one,
// !(T1 | … | Tn) (inhibitors); GradedTerms gives the terms in order.
// weights[i] is the weight wᵢ > 0 of term Ti (nil: every term weighs 1).
// With Tᵢ ∈ {0, 1} whether term i holds, the node's activity target is
// G = Σ wᵢ·Tᵢ / Σ wᵢ (activators) or G = 1 − Σ wᵢ·Tᵢ / Σ wᵢ (inhibitors),
// and it switches on at up·G and off at down·(1 − G). Its stationary
// probability with fixed inputs is up·G / (up·G + down·(1 − G)), G itself
// when up = down: losing one of several routes lowers the node by its
// share instead of not at all. At the extremes (all routes on or all off)
// the node behaves exactly like its Boolean rule; in between, the rule is
// the Boolean abstraction used by attractor analysis and by formats
// without rates.
//
// The rates are expressions over the terms, readable in MaBoSS: with equal
// weights (nil, or all the same) rate_up of A | B | C is up * ((A + B +
// C) / 3); with weights 2, 1, 1 it is up * ((2 * A + B + C) / 4).
func GradedRates(rule *expr.Expr, weights []float64, up, down float64) (rateUp, rateDown *expr.Expr, err error) {
	terms, neg, err := GradedTerms(rule)
	if err != nil {
		return nil, nil, err
	}
	if weights != nil && len(weights) != len(terms) {
		return nil, nil, fmt.Errorf("graded rule %q has %d terms but %d weights", rule, len(terms), len(weights))
	}
	for i, w := range weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, nil, fmt.Errorf("weight %v of term %q of graded rule %q is not a positive finite number", w, terms[i], rule)
		}
	}
	if equal(weights) {
		weights = nil // s/n: the expressions of equal weights
	}
	var sum *expr.Expr
	total := 0.0
	for i, t := range terms {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		total += w
		if w != 1 {
			t = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(w), t}}
		}
		if sum == nil {
			sum = t
			continue
		}
		sum = &expr.Expr{Op: expr.OpAdd, Args: []*expr.Expr{sum, t}}
	}
	// total is summed in the order the expression adds the weights, so with
	// every term on Σ wᵢ·Tᵢ / Σ wᵢ is exactly 1 and the off-rate exactly 0.
	frac := &expr.Expr{Op: expr.OpDiv, Args: []*expr.Expr{sum, expr.Const(total)}}                                                          // Σ wᵢTᵢ / Σ wᵢ
	rest := &expr.Expr{Op: expr.OpDiv, Args: []*expr.Expr{{Op: expr.OpSub, Args: []*expr.Expr{expr.Const(total), sum}}, expr.Const(total)}} // 1 − Σ wᵢTᵢ / Σ wᵢ
	on, off := frac, rest
	if neg {
		on, off = rest, frac
	}
	return scaled(up, on), scaled(down, off), nil
}

// GradedTerms returns the terms T1 … Tn of a graded rule T1 | … | Tn, or of
// !(T1 | … | Tn) (then neg is true), in the order GradedRates weighs them.
// It fails unless n ≥ 2.
func GradedTerms(rule *expr.Expr) (terms []*expr.Expr, neg bool, err error) {
	r := rule
	if r.Op == expr.OpNot {
		neg, r = true, r.Args[0]
	}
	terms = OrTerms(r)
	if len(terms) < 2 {
		return nil, false, fmt.Errorf("a graded rule must be an OR of at least two terms, or the negation of one; %q is not", rule)
	}
	return terms, neg, nil
}

// equal reports whether every weight is the same (true for none).
func equal(w []float64) bool {
	for _, x := range w {
		if x != w[0] {
			return false
		}
	}
	return true
}

func scaled(k float64, e *expr.Expr) *expr.Expr {
	if k == 1 {
		return e
	}
	return &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(k), e}}
}

// OrTerms flattens a tree of | into its terms, left to right; an expression
// that is not an OR is its own single term.
func OrTerms(e *expr.Expr) []*expr.Expr {
	if e.Op != expr.OpOr {
		return []*expr.Expr{e}
	}
	var out []*expr.Expr
	for _, a := range e.Args {
		out = append(out, OrTerms(a)...)
	}
	return out
}

// maxRate is the largest value rate e takes over every state of the nodes
// it reads and both values of @logic: the speed at which a node with these
// rates moves when nothing holds it back. Rates reading more than 20 nodes
// are not enumerated; their speed is taken as 1.
func (n *Network) maxRate(e *expr.Expr) float64 {
	vars := e.Vars()
	if len(vars) > 20 {
		return 1
	}
	params := make(map[string]float64, len(n.Params))
	for _, p := range n.Params {
		params[p.Name] = p.Value.Eval(expr.MapEnv{Params: params})
	}
	env := expr.MapEnv{Nodes: make(map[string]bool, len(vars)), Params: params}
	best := 0.0
	for mask := 0; mask < 1<<len(vars); mask++ {
		for i, v := range vars {
			env.Nodes[v] = mask>>i&1 == 1
		}
		for _, logic := range []bool{false, true} {
			env.Self = logic
			if x := e.Eval(env); x > best {
				best = x
			}
		}
	}
	return best
}

// Boolean returns a copy of the network in which every node whose rates
// read other nodes (graded rules, or MaBoSS rate expressions) moves towards
// its rule at constant rates, its top speed: the network's Boolean
// abstraction, which formats without rates (BoolNet, SBML-qual) can hold.
// It also returns the ids of the nodes it changed.
func (n *Network) Boolean() (*Network, []string, error) {
	nodes := append([]Node(nil), n.Nodes...)
	var changed []string
	for i := range nodes {
		nd := &nodes[i]
		if nd.Rule == nil || n.NodeLogical(nd) {
			continue
		}
		n.toLogic(nd)
		changed = append(changed, nd.ID)
	}
	if len(changed) == 0 {
		return n, nil, nil
	}
	net, err := NewWith(n.Name, nodes, n.Params, n.Init)
	return net, changed, err
}

// toLogic gives a node logic rates at its top speed.
func (n *Network) toLogic(nd *Node) {
	up, down := nd.Rates()
	nd.Up, nd.Down = LogicRate(n.maxRate(up), true), LogicRate(n.maxRate(down), false)
	nd.Modulators = nil
}
