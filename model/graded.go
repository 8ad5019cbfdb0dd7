package model

import (
	"fmt"

	"github.com/ikklab/ikklab/logic/expr"
)

// GradedRates returns the rates of a node whose rule combines redundant
// routes additively rather than as a switch. The rule must be a disjunction
// of n ≥ 2 terms, T1 | … | Tn (activating routes), or the negation of one,
// !(T1 | … | Tn) (inhibitors). With s the number of terms that hold, the
// node's activity target is G = s/n (activators) or G = 1 − s/n
// (inhibitors), and it switches on at up·G and off at down·(1 − G). Its
// stationary probability with fixed inputs is up·G / (up·G + down·(1 − G)),
// G itself when up = down: losing one of several routes lowers the node in
// proportion instead of not at all. At the extremes (all routes on or all
// off) the node behaves exactly like its Boolean rule; in between, the
// rule is the Boolean abstraction used by attractor analysis and by formats
// without rates.
func GradedRates(rule *expr.Expr, up, down float64) (rateUp, rateDown *expr.Expr, err error) {
	neg := false
	r := rule
	if r.Op == expr.OpNot {
		neg, r = true, r.Args[0]
	}
	terms := orTerms(r)
	if len(terms) < 2 {
		return nil, nil, fmt.Errorf("a graded rule must be an OR of at least two terms, or the negation of one; %q is not", rule)
	}
	var sum *expr.Expr
	for _, t := range terms {
		if sum == nil {
			sum = t
			continue
		}
		sum = &expr.Expr{Op: expr.OpAdd, Args: []*expr.Expr{sum, t}}
	}
	n := float64(len(terms))
	frac := &expr.Expr{Op: expr.OpDiv, Args: []*expr.Expr{sum, expr.Const(n)}}                                                      // s/n
	rest := &expr.Expr{Op: expr.OpDiv, Args: []*expr.Expr{{Op: expr.OpSub, Args: []*expr.Expr{expr.Const(n), sum}}, expr.Const(n)}} // 1 − s/n
	on, off := frac, rest
	if neg {
		on, off = rest, frac
	}
	return scaled(up, on), scaled(down, off), nil
}

func scaled(k float64, e *expr.Expr) *expr.Expr {
	if k == 1 {
		return e
	}
	return &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(k), e}}
}

// orTerms flattens a tree of | into its terms.
func orTerms(e *expr.Expr) []*expr.Expr {
	if e.Op != expr.OpOr {
		return []*expr.Expr{e}
	}
	var out []*expr.Expr
	for _, a := range e.Args {
		out = append(out, orTerms(a)...)
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
		if nd.Rule == nil || nd.Logical() {
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
}
