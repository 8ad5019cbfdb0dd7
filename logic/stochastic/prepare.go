package stochastic

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// maxTableInputs bounds the nodes one rate table may read (2^16 rows). A
// node whose rates read more is tabulated in two stages when it can be:
// its logic over the logic's inputs (a bit set), then its rates over the
// nodes they read themselves, its own value and one bit for @logic (a
// braked rule such as TBK1's, 16 nodes in its logic and 2 brakes in its
// rates, is two small tables instead of 2^19 rows). Otherwise it is
// evaluated from its compiled expressions.
const maxTableInputs = 16

// prepared is a network compiled for simulation: read-only, shared by
// workers.
type prepared struct {
	net   *model.Network
	n     int
	words int
	ids   []string
	index map[string]int // node id → position, for the slow path
	deps  [][]int        // deps[i]: nodes whose values node i's rates read, own value included
	rates [][]float64    // rates[i][row]: ρᵢ for the values of tdeps[i] (and the logic bit)
	flat  []float64      // the rate tables, end to end
	tdeps [][]int        // tdeps[i]: the nodes indexing rates[i]: deps[i], or for a two-stage node the nodes its rate expressions read, its own included
	// A two-stage node i: logicTab[i] is a bit set of its logic over the
	// values of ldeps[i], and logicBit[i] is the bit of the logic's value
	// in a row of rates[i] (above the bits of tdeps[i]); 0 for other nodes.
	ldeps    [][]int
	logicTab [][]uint64
	logicBit []uint32
	slow     []slowRate // for nodes with more than maxTableInputs inputs
	affects  [][]affect // affects[j]: nodes whose rates read node j
	// rlog[i][row] is ρ·log₂ρ for an output node's table entry (0 for
	// ρ = 0), so that transition entropy costs one log per change.
	rlog     [][]float64
	init     []initGroup
	outputs  []int    // non-internal nodes, in node order
	outMask  []uint64 // bit set of outputs
	outPos   []int    // outPos[i]: i's position among the outputs, or -1
	outWords int      // words of a compact output state
	// fixedInit: every istate group has a single alternative, so every
	// trajectory starts in the same state (and draws no random number).
	fixedInit bool
}

// affect says that node must be re-rated when another node flips: bit is
// the flipping node's bit in node's rate-table row (0 for a node without a
// table, which is re-evaluated from its expressions, or for a node whose
// rates read the flipping node only through their logic), lbit its bit in
// the row of a two-stage node's logic table (0 if none).
type affect struct {
	node      int32
	bit, lbit uint32
	out       bool // node is an output
	// off is the offset of node's rate table in prepared.flat, -1 for a
	// node without one.
	off int
}

type initGroup struct {
	nodes   []int
	weights []float64 // cumulative
	values  [][]bool
}

// slowRate evaluates the rates of a node that reads too many nodes for a
// table, from its expressions compiled over node indices (or from the
// trees of an expression too deep to compile).
type slowRate struct {
	up, down, logic *expr.Expr
	params          map[string]float64
	// Compiled forms; nil when the expression is too deep (or absent, for
	// logic). compiled: every expression the node has is compiled.
	upProg, downProg, logicProg *expr.NumProgram
	compiled                    bool
}

// Mutation fixes a node by infinitely fast flips, as pyMaBoSS mutants do:
// a knocked-out node switches off (and an over-expressed one on) at rate
// 1e100 and never the other way.
type Mutation struct {
	Node string
	On   bool
}

// fastRate is the rate of a mutated node's forced flip.
const fastRate = 1e100

func prepare(net *model.Network, params map[string]float64, muts []Mutation) (*prepared, error) {
	n := len(net.Nodes)
	p := &prepared{net: net, n: n, words: (n + 63) / 64, affects: make([][]affect, n)}
	p.outMask = make([]uint64, p.words)
	p.outPos = make([]int, n)
	forced := map[int]bool{}
	isForced := map[int]bool{}
	for _, m := range muts {
		i, ok := net.Index(m.Node)
		if !ok {
			return nil, fmt.Errorf("mutation of unknown node %q", m.Node)
		}
		forced[i], isForced[i] = m.On, true
	}
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		p.ids = append(p.ids, nd.ID)
		p.outPos[i] = -1
		if !nd.Internal {
			p.outPos[i] = len(p.outputs)
			p.outputs = append(p.outputs, i)
			p.outMask[i>>6] |= 1 << (i & 63)
		}
	}
	p.outWords = (len(p.outputs) + 63) / 64
	p.index = make(map[string]int, n)
	for i := range net.Nodes {
		p.index[net.Nodes[i].ID] = i
	}
	p.deps = make([][]int, n)
	p.rates = make([][]float64, n)
	p.slow = make([]slowRate, n)
	p.tdeps, p.ldeps, p.logicTab, p.logicBit = make([][]int, n), make([][]int, n), make([][]uint64, n), make([]uint32, n)
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		if isForced[i] {
			// Only the node's own value matters.
			p.deps[i], p.tdeps[i] = []int{i}, []int{i}
			if forced[i] {
				p.rates[i] = []float64{fastRate, 0} // off: flip on fast; on: stay
			} else {
				p.rates[i] = []float64{0, fastRate}
			}
			continue
		}
		up, down := nd.Rates()
		up, down = bindParams(up, params), bindParams(down, params)
		var logic *expr.Expr
		if nd.Rule != nil {
			logic = bindParams(nd.Rule, params)
		}
		// The nodes the rate expressions read (with the node itself) and
		// those the logic reads; the rates depend on both.
		rset, lset := map[int]bool{i: true}, map[int]bool{}
		if err := addVars(rset, net, nd, up, down); err != nil {
			return nil, err
		}
		if err := addVars(lset, net, nd, logic); err != nil {
			return nil, err
		}
		tdeps, ldeps := sortedKeys(rset), sortedKeys(lset)
		for j := range lset {
			rset[j] = true
		}
		deps := sortedKeys(rset)
		p.deps[i], p.tdeps[i] = deps, deps
		if len(deps) > maxTableInputs && logic != nil && len(tdeps) < maxTableInputs && len(ldeps) <= maxTableInputs {
			tab, has := logicTable(net, logic, ldeps, params)
			p.tdeps[i], p.ldeps[i], p.logicTab[i], p.logicBit[i] = tdeps, ldeps, tab, 1<<len(tdeps)
			table, err := rateTable(net, nd, i, tdeps, up, down, nil, &has, params)
			if err != nil {
				return nil, err
			}
			p.rates[i] = table
			continue
		}
		if len(deps) > maxTableInputs {
			sr := slowRate{up: up, down: down, logic: logic, params: params}
			index := func(name string) (int, bool) { return net.Index(name) }
			sr.upProg, _ = expr.CompileNumeric(up, index)
			sr.downProg, _ = expr.CompileNumeric(down, index)
			if logic != nil {
				sr.logicProg, _ = expr.CompileNumeric(logic, index)
			}
			sr.compiled = sr.upProg != nil && sr.downProg != nil && (logic == nil || sr.logicProg != nil)
			p.slow[i] = sr
			continue
		}
		table, err := rateTable(net, nd, i, deps, up, down, logic, nil, params)
		if err != nil {
			return nil, err
		}
		p.rates[i] = table
	}
	// One array holds every table, in node order, so that a flip reads a
	// dependent's rate through the offset in its affect.
	size := 0
	for _, t := range p.rates {
		size += len(t)
	}
	p.flat = make([]float64, 0, size)
	offset := make([]int, n)
	for i, t := range p.rates {
		offset[i] = -1
		if t != nil {
			offset[i] = len(p.flat)
			p.flat = append(p.flat, t...)
			p.rates[i] = p.flat[offset[i]:len(p.flat):len(p.flat)]
		}
	}
	for i, deps := range p.deps {
		for _, j := range deps {
			a := affect{node: int32(i), out: p.outPos[i] >= 0, off: offset[i]}
			if p.rates[i] != nil {
				if k, ok := slices.BinarySearch(p.tdeps[i], j); ok {
					a.bit = 1 << k
				}
			}
			if k, ok := slices.BinarySearch(p.ldeps[i], j); ok {
				a.lbit = 1 << k
			}
			p.affects[j] = append(p.affects[j], a)
		}
	}
	p.rlog = make([][]float64, n)
	for _, i := range p.outputs {
		if t := p.rates[i]; t != nil {
			p.rlog[i] = make([]float64, len(t))
			for row, r := range t {
				p.rlog[i][row] = rlog2(r)
			}
		}
	}
	groups, err := initGroups(net, params)
	if err != nil {
		return nil, err
	}
	p.init = groups
	p.fixedInit = true
	for _, g := range groups {
		p.fixedInit = p.fixedInit && len(g.weights) == 1
	}
	return p, nil
}

// addVars adds to set the nodes that the expressions read.
func addVars(set map[int]bool, net *model.Network, nd *model.Node, es ...*expr.Expr) error {
	for _, e := range es {
		if e == nil {
			continue
		}
		for _, v := range e.Vars() {
			j, ok := net.Index(v)
			if !ok {
				return fmt.Errorf("node %s reads unknown node %q", nd.ID, v)
			}
			set[j] = true
		}
	}
	return nil
}

func sortedKeys(set map[int]bool) []int {
	keys := make([]int, 0, len(set))
	for j := range set {
		keys = append(keys, j)
	}
	sort.Ints(keys)
	return keys
}

// logicTable tabulates logic over the values of deps as a bit set; has
// says whether the logic is false in some row and true in some row.
func logicTable(net *model.Network, logic *expr.Expr, deps []int, params map[string]float64) ([]uint64, [2]bool) {
	env := newTableEnv(net, deps, params)
	tab := make([]uint64, max(1, (1<<len(deps))/64))
	var has [2]bool
	for row := range 1 << len(deps) {
		env.row = row
		v := logic.Eval(env) != 0
		if v {
			tab[row>>6] |= 1 << (row & 63)
		}
		has[b2i(v)] = true
	}
	return tab, has
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rateTable tabulates node i's rates over the values of deps (i among
// them): rate_up in the rows where i is off, rate_down where it is on,
// with @logic the value of logic in the row. For the second stage of a
// two-stage node (stage non-nil), a row has one more bit above those of
// deps, the value of @logic, and rows with a value the logic never takes
// (stage[v] false) are left 0.
func rateTable(net *model.Network, nd *model.Node, i int, deps []int, up, down, logic *expr.Expr, stage *[2]bool, params map[string]float64) ([]float64, error) {
	rows := 1 << len(deps)
	if stage != nil {
		rows *= 2
	}
	table := make([]float64, rows)
	env := newTableEnv(net, deps, params)
	self := sort.SearchInts(deps, i)
	for row := range table {
		env.row = row
		switch {
		case stage != nil:
			env.logic = row>>len(deps) == 1
			if !stage[b2i(env.logic)] {
				continue
			}
		case logic != nil:
			env.logic = logic.Eval(env) != 0
		}
		which, rate := "rate_up", up
		if row>>self&1 == 1 {
			which, rate = "rate_down", down
		}
		r := rate.Eval(env)
		if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
			state := env.describe(deps, net)
			if stage != nil {
				state += fmt.Sprintf(", @logic=%d", b2i(env.logic))
			}
			return nil, newRateError(net, nd, which, r, state, params)
		}
		table[row] = r
	}
	return table, nil
}

func newTableEnv(net *model.Network, deps []int, params map[string]float64) *tableEnv {
	env := &tableEnv{names: make(map[string]int, len(deps)), params: params}
	for k, j := range deps {
		env.names[net.Nodes[j].ID] = k
	}
	return env
}

// rlog2 is r·log₂r, 0 at r = 0.
func rlog2(r float64) float64 {
	if r <= 0 {
		return 0
	}
	return r * math.Log2(r)
}

// bindParams replaces $parameters by their values.
func bindParams(e *expr.Expr, params map[string]float64) *expr.Expr {
	return e.Replace(func(x *expr.Expr) *expr.Expr {
		if x.Op == expr.OpParam {
			return expr.Const(params[x.Name])
		}
		return nil
	})
}

// tableEnv evaluates an expression at one row of a rate table.
type tableEnv struct {
	names  map[string]int
	row    int
	logic  bool
	params map[string]float64
}

func (e *tableEnv) Node(n string) float64  { return float64(e.row >> e.names[n] & 1) }
func (e *tableEnv) Param(n string) float64 { return e.params[n] }
func (e *tableEnv) Logic() float64 {
	if e.logic {
		return 1
	}
	return 0
}

// RateError is a rate that evaluates to a negative, infinite or NaN value
// in some state: an input error of the model or its parameters.
type RateError struct {
	Node  string
	Which string // rate_up or rate_down
	Rate  float64
	State string // the nodes the rate reads, "A=1, B=0"
	// Params lists the parameters the node's rates read, "$u = -1
	// (FILE:LINE)", where they were set.
	Params []string
}

func (e *RateError) Error() string {
	msg := fmt.Sprintf("node %s: %s is %g in state %s; a rate must be finite and ≥ 0", e.Node, e.Which, e.Rate, e.State)
	if len(e.Params) > 0 {
		msg += " (it reads " + strings.Join(e.Params, ", ") + ")"
	}
	return msg
}

func newRateError(net *model.Network, nd *model.Node, which string, r float64, state string, params map[string]float64) *RateError {
	e := &RateError{Node: nd.ID, Which: which, Rate: r, State: state}
	up, down := nd.Rates()
	seen := map[string]bool{}
	for _, x := range []*expr.Expr{up, down} {
		for _, name := range x.Params() {
			if seen[name] {
				continue
			}
			seen[name] = true
			desc := fmt.Sprintf("$%s = %g", name, params[name])
			for _, p := range net.Params {
				if p.Name == name && p.Origin != "" {
					desc += " set at " + p.Origin
				}
			}
			e.Params = append(e.Params, desc)
		}
	}
	return e
}

func (e *tableEnv) describe(deps []int, net *model.Network) string {
	return describeNodes(net, deps, func(k, _ int) int { return e.row >> k & 1 })
}

// describeNodes gives the values of nodes, "A=1, B=0"; value(k, j) is the
// value of nodes[k] = j.
func describeNodes(net *model.Network, nodes []int, value func(k, j int) int) string {
	var b strings.Builder
	for k, j := range nodes {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", net.Nodes[j].ID, value(k, j))
	}
	return b.String()
}

// stateEnv evaluates an expression on a full state (the slow path).
type stateEnv struct {
	p      *prepared
	state  []uint64
	logic  bool
	params map[string]float64
}

func (e *stateEnv) Node(n string) float64 {
	i := e.p.index[n] // every name was checked when the network was prepared
	return float64(e.state[i>>6] >> (i & 63) & 1)
}
func (e *stateEnv) Param(n string) float64 { return e.params[n] }
func (e *stateEnv) Logic() float64 {
	if e.logic {
		return 1
	}
	return 0
}

func initGroups(net *model.Network, params map[string]float64) ([]initGroup, error) {
	covered := make([]int, len(net.Nodes))
	for i := range covered {
		covered[i] = -1
	}
	var groups []initGroup
	for gi, g := range net.Init {
		ig := initGroup{}
		for _, id := range g.Nodes {
			j, _ := net.Index(id)
			ig.nodes = append(ig.nodes, j)
			covered[j] = gi
		}
		total := 0.0
		for _, a := range g.Alts {
			w := bindParams(a.Weight, params).Eval(expr.MapEnv{Params: params})
			if math.IsNaN(w) || w < 0 || math.IsInf(w, 0) {
				return nil, fmt.Errorf("initial state of %v: weight %g", g.Nodes, w)
			}
			total += w
			ig.weights = append(ig.weights, total)
			ig.values = append(ig.values, a.Values)
		}
		if total <= 0 {
			return nil, fmt.Errorf("initial state of %v: weights sum to 0", g.Nodes)
		}
		for k := range ig.weights {
			ig.weights[k] /= total
		}
		groups = append(groups, ig)
	}
	// Nodes without an istate start on or off with probability 1/2, drawn
	// in declaration order after the explicit groups.
	for i := range net.Nodes {
		if covered[i] < 0 {
			groups = append(groups, initGroup{nodes: []int{i}, weights: []float64{0.5, 1}, values: [][]bool{{false}, {true}}})
		}
	}
	return groups, nil
}
