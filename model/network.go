package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
)

// Kind is the role of a node in the network.
type Kind uint8

const (
	Input     Kind = iota // a stimulus or environment factor: no rule, keeps its state
	Gene                  // a gene product, complex or protein state
	Phenotype             // a cellular outcome read out of the network
)

var kindNames = [...]string{"input", "gene", "phenotype"}

func (k Kind) String() string { return kindNames[k] }

// ParseKind reads a kind name.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown node kind %q (input, gene, phenotype)", s)
}

// Node is one Boolean variable of the network.
type Node struct {
	ID          string
	Name        string // full name, e.g. the HGNC approved name
	Kind        Kind
	Aliases     []string
	Description string
	Rule        *expr.Expr // the logic; nil for inputs
	// Up and Down are MaBoSS's rate_up and rate_down: the rate of switching
	// on while off, and off while on. They may read @logic (the value of
	// Rule), $parameters and node values. Nil means MaBoSS's default,
	// @logic ? 1 : 0 and @logic ? 0 : 1; an input without rates never changes.
	Up, Down *expr.Expr
	Internal bool // MaBoSS is_internal: left out of output states
	// Modulators are the partial regulators already applied to Up and Down
	// (Modulated): edges of the network outside the rule, or a brake by an
	// activator in it (one dual edge, see Edges).
	Modulators []Modulator
}

// Rates returns the node's rate expressions, with the defaults filled in.
func (n *Node) Rates() (up, down *expr.Expr) {
	up, down = n.Up, n.Down
	if n.Rule == nil && n.Kind == Input {
		if up == nil {
			up = expr.Const(0)
		}
		if down == nil {
			down = expr.Const(0)
		}
		return up, down
	}
	if up == nil {
		up = LogicRate(1, true)
	}
	if down == nil {
		down = LogicRate(1, false)
	}
	return up, down
}

// LogicRate returns "@logic ? rate : 0" (whenTrue) or "@logic ? 0 : rate":
// a node that moves at a constant rate towards the value of its rule.
func LogicRate(rate float64, whenTrue bool) *expr.Expr {
	a, b := expr.Const(rate), expr.Const(0)
	if !whenTrue {
		a, b = b, a
	}
	return &expr.Expr{Op: expr.OpCond, Args: []*expr.Expr{{Op: expr.OpLogic}, a, b}}
}

// Param is a named numeric parameter ($name in rate expressions).
type Param struct {
	Name  string // without the $
	Value *expr.Expr
	// Origin is where the value was last set, "FILE:LINE" of a MaBoSS cfg
	// (or "-e #N:LINE"), for error messages; "" when unknown.
	Origin string
}

// InitGroup is the initial-state distribution of a group of nodes: one of
// the alternatives, chosen with probability proportional to its weight.
// MaBoSS writes "[A, B].istate = 0.3 [0, 1], 0.7 [1, 1];" and, for one node,
// "A.istate = 1;" (always on) or "A.istate = -1;" (50/50).
type InitGroup struct {
	Nodes []string
	Alts  []InitAlt
}

// InitAlt is one alternative of an initial-state group.
type InitAlt struct {
	Weight *expr.Expr // may read $parameters
	Values []bool     // one per node of the group
}

// Network is a logical network with its name index. Build it with New.
// Nodes whose initial state no InitGroup gives start on or off with
// probability 1/2 (MaBoSS's default).
type Network struct {
	Name   string
	Nodes  []Node
	Params []Param
	Init   []InitGroup
	// ScanOrder, when set, is the order in which a simulator numbers the
	// nodes: MaBoSS numbers a node when its name first appears in the .bnd
	// (a node's own rules are read before the node itself), sums rates and
	// picks the flipping node in that order, and names output states in
	// it. The .bnd reader sets it so that ikklab follows MaBoSS trajectory
	// for trajectory; nil means declaration order.
	ScanOrder []string
	index     map[string]int
	names     *Names
}

// New checks nodes and returns the network: ids must be unique, aliases
// unambiguous, inputs rule-free, every other node ruled (or given both
// rates), and every name a rule or rate reads must be a node.
func New(name string, nodes []Node) (*Network, error) {
	return NewWith(name, nodes, nil, nil)
}

// NewWith is New with parameters and initial-state groups (MaBoSS models).
// Rules and rates may only read nodes of the network and defined parameters.
func NewWith(name string, nodes []Node, params []Param, init []InitGroup) (*Network, error) {
	n := &Network{Name: name, Nodes: nodes, Params: params, Init: init, index: make(map[string]int, len(nodes)), names: NewLenientNames("node")}
	for i, nd := range nodes {
		if _, dup := n.index[nd.ID]; dup {
			return nil, fmt.Errorf("node %s defined twice", nd.ID)
		}
		n.index[nd.ID] = i
	}
	// Ids first, so that no alias can take another node's id.
	for _, nd := range nodes {
		if err := n.names.Add(nd.ID); err != nil {
			return nil, err
		}
	}
	for _, nd := range nodes {
		if err := n.names.Add(nd.ID, nd.Aliases...); err != nil {
			return nil, err
		}
	}
	defined := map[string]bool{}
	for _, p := range n.Params {
		defined[p.Name] = true
	}
	for _, nd := range nodes {
		switch {
		case nd.Kind == Input && nd.Rule != nil:
			return nil, fmt.Errorf("input node %s has a rule", nd.ID)
		case nd.Kind != Input && nd.Rule == nil && (nd.Up == nil || nd.Down == nil):
			return nil, fmt.Errorf("node %s has no rule", nd.ID)
		}
		for what, e := range map[string]*expr.Expr{"rule": nd.Rule, "rate_up": nd.Up, "rate_down": nd.Down} {
			if e == nil {
				continue
			}
			for _, v := range e.Vars() {
				if _, ok := n.index[v]; !ok {
					return nil, &NodeError{Node: nd.ID, Err: fmt.Errorf("%s of %s: %w", what, nd.ID, n.unknown(v))}
				}
			}
			for _, p := range e.Params() {
				if !defined[p] {
					return nil, &NodeError{Node: nd.ID, Err: fmt.Errorf("%s of %s: undefined parameter $%s", what, nd.ID, p)}
				}
			}
		}
	}
	for _, g := range n.Init {
		for _, id := range g.Nodes {
			if _, ok := n.index[id]; !ok {
				return nil, fmt.Errorf("initial state: %w", n.unknown(id))
			}
		}
		for _, a := range g.Alts {
			if len(a.Values) != len(g.Nodes) {
				return nil, fmt.Errorf("initial state of [%s]: an alternative has %d values", strings.Join(g.Nodes, ", "), len(a.Values))
			}
		}
	}
	return n, nil
}

// NodeError is a problem with one node's rule or rates, so that a reader
// of a model file can say on which line that node is.
type NodeError struct {
	Node string
	Err  error
}

func (e *NodeError) Error() string { return e.Err.Error() }
func (e *NodeError) Unwrap() error { return e.Err }

func (n *Network) unknown(name string) error {
	return &UnknownError{Kind: "node", Name: name, Suggestions: n.names.Suggest(name, 4)}
}

// Index returns the position of node id in Nodes.
func (n *Network) Index(id string) (int, bool) {
	i, ok := n.index[id]
	return i, ok
}

// Node returns the node with the given id.
func (n *Network) Node(id string) (*Node, bool) {
	i, ok := n.index[id]
	if !ok {
		return nil, false
	}
	return &n.Nodes[i], true
}

// Resolve maps any name of a node (id or alias, any case, Greek or Latin) to
// its id; an unknown name gives an *UnknownError with suggestions.
func (n *Network) Resolve(name string) (string, error) { return n.names.Resolve(name) }

// Names returns the network's name index.
func (n *Network) Names() *Names { return n.names }

// Sign is how a regulator acts in a rule.
type Sign int8

const (
	Activates Sign = 1
	Inhibits  Sign = -1
	Dual      Sign = 0 // both, or through XOR or a comparison
)

func (s Sign) String() string {
	switch s {
	case Activates:
		return "+"
	case Inhibits:
		return "-"
	}
	return "±"
}

// Edge is one regulation: Source appears in the rule of Target or
// modulates it.
type Edge struct {
	Source, Target string
	Sign           Sign
}

// Edges returns every regulation of the network, ordered by target then by
// the source's first appearance in the rule, then its modulators. A source
// that is both in the rule and a modulator of the same target (an activator
// that is also a brake) is one edge, Dual when the two signs differ.
func (n *Network) Edges() []Edge {
	var es []Edge
	for _, nd := range n.Nodes {
		if nd.Rule == nil {
			continue
		}
		first := len(es)
		signs := Signs(nd.Rule)
		for _, v := range nd.Rule.Vars() {
			es = append(es, Edge{Source: v, Target: nd.ID, Sign: signs[v]})
		}
		for _, m := range nd.Modulators {
			i := slices.IndexFunc(es[first:], func(e Edge) bool { return e.Source == m.Node })
			switch {
			case i < 0:
				es = append(es, Edge{Source: m.Node, Target: nd.ID, Sign: m.Sign})
			case es[first+i].Sign != m.Sign:
				es[first+i].Sign = Dual
			}
		}
	}
	return es
}

// Regulators returns the edges into id; Targets the edges out of it.
func (n *Network) Regulators(id string) []Edge {
	return n.filter(func(e Edge) bool { return e.Target == id })
}

// Targets returns the edges whose source is id, ordered by target id.
func (n *Network) Targets(id string) []Edge {
	es := n.filter(func(e Edge) bool { return e.Source == id })
	sort.SliceStable(es, func(i, j int) bool { return es[i].Target < es[j].Target })
	return es
}

func (n *Network) filter(keep func(Edge) bool) []Edge {
	var out []Edge
	for _, e := range n.Edges() {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// Signs returns the sign of every variable of a Boolean rule: Activates if it
// appears only under an even number of negations, Inhibits if only under an
// odd number, Dual otherwise (or under XOR, comparisons and arithmetic).
func Signs(e *expr.Expr) map[string]Sign {
	seen := map[string][2]bool{} // [positive, negative]
	var walk func(x *expr.Expr, neg, dual bool)
	walk = func(x *expr.Expr, neg, dual bool) {
		switch x.Op {
		case expr.OpVar:
			s := seen[x.Name]
			if dual {
				s = [2]bool{true, true}
			} else if neg {
				s[1] = true
			} else {
				s[0] = true
			}
			seen[x.Name] = s
			return
		case expr.OpNot:
			walk(x.Args[0], !neg, dual)
			return
		case expr.OpAnd, expr.OpOr:
			for _, a := range x.Args {
				walk(a, neg, dual)
			}
			return
		}
		for _, a := range x.Args {
			walk(a, neg, true)
		}
	}
	walk(e, false, false)
	out := make(map[string]Sign, len(seen))
	for v, s := range seen {
		switch {
		case s[0] && !s[1]:
			out[v] = Activates
		case s[1] && !s[0]:
			out[v] = Inhibits
		default:
			out[v] = Dual
		}
	}
	return out
}

// Logical reports whether the node is described by its rule alone: it has a
// rule, and its rates (if given) only move it towards the rule's value at
// constant positive rates, "@logic ? r : 0" and "@logic ? 0 : r". Such a node
// keeps its meaning in formats without rates (BoolNet, SBML-qual); inputs
// are logical too.
func (n *Node) Logical() bool { return n.logical(nil) }

// NodeLogical is Node.Logical with the network's parameters read: a rate
// "@logic ? $u : 0" whose $u is a positive constant is a logic rate too
// (MaBoSS models write their speeds so).
func (n *Network) NodeLogical(nd *Node) bool {
	return nd.logical(func(name string) (float64, bool) {
		for _, p := range n.Params {
			if p.Name == name && p.Value != nil && p.Value.Op == expr.OpConst {
				return p.Value.Value, true
			}
		}
		return 0, false
	})
}

func (n *Node) logical(param func(string) (float64, bool)) bool {
	if n.Kind == Input && n.Rule == nil {
		return n.Up == nil && n.Down == nil || isZeroConst(n.Up) && isZeroConst(n.Down)
	}
	if n.Rule == nil {
		return false
	}
	return (n.Up == nil || isLogicRate(n.Up, true, param)) && (n.Down == nil || isLogicRate(n.Down, false, param))
}

func isZeroConst(e *expr.Expr) bool { return e != nil && e.Op == expr.OpConst && e.Value == 0 }

func isLogicRate(e *expr.Expr, whenTrue bool, param func(string) (float64, bool)) bool {
	if e.Op != expr.OpCond || e.Args[0].Op != expr.OpLogic {
		return false
	}
	rate, zero := e.Args[1], e.Args[2]
	if !whenTrue {
		rate, zero = zero, rate
	}
	if !isZeroConst(zero) {
		return false
	}
	switch {
	case rate.Op == expr.OpConst:
		return rate.Value > 0
	case rate.Op == expr.OpParam && param != nil:
		v, ok := param(rate.Name)
		return ok && v > 0
	}
	return false
}

// Fix returns a copy of the network in which each node of fixed holds its
// value: its rule becomes the constant 1 or 0 and it starts in that state.
// The node keeps its speed, so a drug acting on an amplified or
// over-expressed protein still inhibits it (its occupancy lowers the on-rate
// and adds an off-rate), while a knocked-out node never switches on. An
// input has no rule and holds its value through its initial state.
func (n *Network) Fix(fixed map[string]bool) (*Network, error) {
	if len(fixed) == 0 {
		return n, nil
	}
	nodes := append([]Node(nil), n.Nodes...)
	var init []InitGroup
	ids := make([]string, 0, len(fixed))
	for id := range fixed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		i, ok := n.index[id]
		if !ok {
			return nil, n.unknown(id)
		}
		nd := &nodes[i]
		if nd.Kind != Input || nd.Rule != nil {
			if !nd.Logical() {
				// Rates that read other nodes (graded rules) would keep
				// moving a fixed node; it moves at its top speed instead.
				n.toLogic(nd)
			}
			nd.Up, nd.Down = nd.Rates()
			v := 0.0
			if fixed[id] {
				v = 1
			}
			nd.Rule = expr.Const(v)
		}
		init = append(init, InitGroup{Nodes: []string{id}, Alts: []InitAlt{{Weight: expr.Const(1), Values: []bool{fixed[id]}}}})
	}
	// Initial-state groups of other nodes are kept; those of fixed nodes are
	// replaced.
	return NewWith(n.Name, nodes, n.Params, replaceInit(n.Init, init))
}
