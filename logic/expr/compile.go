package expr

import (
	"fmt"
	"math"
	"sort"
)

// A Program is a Boolean expression compiled to postfix code over node
// indices. It evaluates without allocating, either on one state or on 64
// states at once (bit-sliced: bit j of every word belongs to state j), which
// is what exhaustive state-space searches use.
type Program struct {
	code     []instr
	maxStack int
	vars     []int // distinct node indices read, ascending
}

type instr struct {
	op  Op
	arg int // node index for OpVar, 0/1 for OpConst
}

// maxProgramStack bounds the evaluation stack so that Eval can use a fixed
// array; deeper expressions are rejected at compile time.
const maxProgramStack = 64

// Compile compiles a Boolean expression (node names, 0, 1, ! & | ^). index
// maps a node name to its index in the state.
func Compile(e *Expr, index func(name string) (int, bool)) (*Program, error) {
	p := &Program{}
	c := compiler{index: index}
	var emit func(x *Expr) error
	emit = func(x *Expr) error {
		switch x.Op {
		case OpVar:
			i, err := c.node(x.Name)
			if err != nil {
				return err
			}
			p.code = append(p.code, instr{OpVar, i})
			return c.push(1)
		case OpConst:
			if x.Value != 0 && x.Value != 1 {
				return fmt.Errorf("constant %g in a logic rule (only 0 and 1)", x.Value)
			}
			p.code = append(p.code, instr{OpConst, int(x.Value)})
			return c.push(1)
		case OpNot:
			if err := emit(x.Args[0]); err != nil {
				return err
			}
			p.code = append(p.code, instr{op: OpNot})
		case OpAnd, OpOr, OpXor:
			if err := emit(x.Args[0]); err != nil {
				return err
			}
			if err := emit(x.Args[1]); err != nil {
				return err
			}
			p.code = append(p.code, instr{op: x.Op})
			return c.push(-1)
		default:
			return fmt.Errorf("operator %s is not Boolean", x.String())
		}
		return nil
	}
	if err := emit(e); err != nil {
		return nil, err
	}
	p.maxStack, p.vars = c.most, c.sortedVars()
	return p, nil
}

// compiler keeps what both compiled forms track: the distinct nodes read
// and the depth of the evaluation stack.
type compiler struct {
	index       func(name string) (int, bool)
	seen        map[int]bool
	vars        []int
	depth, most int
}

// node returns the index of a node name, noting it as read.
func (c *compiler) node(name string) (int, error) {
	i, ok := c.index(name)
	if !ok {
		return 0, fmt.Errorf("unknown node %q", name)
	}
	if c.seen == nil {
		c.seen = map[int]bool{}
	}
	if !c.seen[i] {
		c.seen[i] = true
		c.vars = append(c.vars, i)
	}
	return i, nil
}

// push moves the stack depth by n, refusing more than maxProgramStack.
func (c *compiler) push(n int) error {
	c.depth += n
	c.most = max(c.most, c.depth)
	if c.most > maxProgramStack {
		return fmt.Errorf("expression too deep to compile (stack above %d)", maxProgramStack)
	}
	return nil
}

func (c *compiler) sortedVars() []int {
	sort.Ints(c.vars)
	return c.vars
}

// Vars returns the node indices the program reads, ascending.
func (p *Program) Vars() []int { return p.vars }

// EvalWords evaluates the program on 64 states at once: vals[i] holds node
// i's value in each of the 64 states, one bit per state.
func (p *Program) EvalWords(vals []uint64) uint64 {
	var st [maxProgramStack]uint64
	sp := 0
	for _, in := range p.code {
		switch in.op {
		case OpVar:
			st[sp] = vals[in.arg]
			sp++
		case OpConst:
			st[sp] = -uint64(in.arg) // 0 or all ones
			sp++
		case OpNot:
			st[sp-1] = ^st[sp-1]
		case OpAnd:
			sp--
			st[sp-1] &= st[sp]
		case OpOr:
			sp--
			st[sp-1] |= st[sp]
		case OpXor:
			sp--
			st[sp-1] ^= st[sp]
		}
	}
	return st[0]
}

// Eval evaluates the program on one state stored as a bit set: node i is
// bit i%64 of state[i/64].
func (p *Program) Eval(state []uint64) bool {
	var st [maxProgramStack]bool
	sp := 0
	for _, in := range p.code {
		switch in.op {
		case OpVar:
			st[sp] = state[in.arg>>6]>>(in.arg&63)&1 == 1
			sp++
		case OpConst:
			st[sp] = in.arg == 1
			sp++
		case OpNot:
			st[sp-1] = !st[sp-1]
		case OpAnd:
			sp--
			st[sp-1] = st[sp-1] && st[sp]
		case OpOr:
			sp--
			st[sp-1] = st[sp-1] || st[sp]
		case OpXor:
			sp--
			st[sp-1] = st[sp-1] != st[sp]
		}
	}
	return st[0]
}

// MaxTableVars is the largest number of inputs a truth table is built for
// (2^20 bits = 128 KiB).
const MaxTableVars = 20

// A Table is a truth table of a Boolean function of a few nodes: the fastest
// form for evaluating one state.
type Table struct {
	Vars []int    // node indices, ascending; bit k of the row index is Vars[k]
	bits []uint64 // bit r = value at row r
}

// Table builds the program's truth table; it fails above MaxTableVars inputs.
func (p *Program) Table() (*Table, error) {
	k := len(p.vars)
	if k > MaxTableVars {
		return nil, fmt.Errorf("%d inputs, more than the %d a truth table allows", k, MaxTableVars)
	}
	rows := 1 << k
	t := &Table{Vars: p.vars, bits: make([]uint64, (rows+63)/64)}
	// Evaluate 64 rows at a time, bit-sliced: the value of input v in row r
	// is bit v of r.
	maxVar := 0
	for _, v := range p.vars {
		maxVar = max(maxVar, v)
	}
	vals := make([]uint64, maxVar+1)
	for base := 0; base < rows; base += 64 {
		for j, v := range p.vars {
			var w uint64
			for b := 0; b < 64 && base+b < rows; b++ {
				w |= uint64((base+b)>>j&1) << b
			}
			vals[v] = w
		}
		t.bits[base/64] = p.EvalWords(vals)
	}
	if rows < 64 {
		t.bits[0] &= 1<<rows - 1
	}
	return t, nil
}

// Row returns the row index of a state (node i is bit i%64 of state[i/64]).
func (t *Table) Row(state []uint64) int {
	r := 0
	for k, v := range t.Vars {
		r |= int(state[v>>6]>>(v&63)&1) << k
	}
	return r
}

// At returns the value at row r.
func (t *Table) At(r int) bool { return t.bits[r>>6]>>(r&63)&1 == 1 }

// Eval evaluates the table on a state.
func (t *Table) Eval(state []uint64) bool { return t.At(t.Row(state)) }

// A NumProgram is any expression (numbers, comparisons, arithmetic, ?:,
// @logic) compiled to postfix code over node indices, for rates that read
// too many nodes for a table. It evaluates without allocating and gives
// exactly what Expr.Eval gives: both branches of a ?: are computed (the
// code is pure) and one is kept.
type NumProgram struct {
	code []numInstr
	vars []int
}

type numInstr struct {
	op  Op
	arg int     // node index for OpVar
	val float64 // OpConst
}

// CompileNumeric compiles e, whose parameters must already be replaced by
// constants; index maps a node name to its index in the state. An
// expression needing a deeper stack than 64 is refused (evaluate its tree).
func CompileNumeric(e *Expr, index func(name string) (int, bool)) (*NumProgram, error) {
	p := &NumProgram{}
	c := compiler{index: index}
	var emit func(x *Expr) error
	emit = func(x *Expr) error {
		switch x.Op {
		case OpVar:
			i, err := c.node(x.Name)
			if err != nil {
				return err
			}
			p.code = append(p.code, numInstr{op: OpVar, arg: i})
			return c.push(1)
		case OpConst:
			p.code = append(p.code, numInstr{op: OpConst, val: x.Value})
			return c.push(1)
		case OpLogic:
			p.code = append(p.code, numInstr{op: OpLogic})
			return c.push(1)
		case OpParam, OpAttr:
			return fmt.Errorf("%s must be replaced before compiling", x.String())
		}
		for _, a := range x.Args {
			if err := emit(a); err != nil {
				return err
			}
		}
		p.code = append(p.code, numInstr{op: x.Op})
		return c.push(1 - len(x.Args))
	}
	if err := emit(e); err != nil {
		return nil, err
	}
	p.vars = c.sortedVars()
	return p, nil
}

// Vars returns the node indices the program reads, ascending.
func (p *NumProgram) Vars() []int { return p.vars }

// Eval evaluates the program on one state stored as a bit set (node i is
// bit i%64 of state[i/64]), with logic as the value of @logic.
func (p *NumProgram) Eval(state []uint64, logic float64) float64 {
	var st [maxProgramStack]float64
	sp := 0
	for _, in := range p.code {
		switch in.op {
		case OpVar:
			st[sp] = float64(state[in.arg>>6] >> (in.arg & 63) & 1)
			sp++
			continue
		case OpConst:
			st[sp] = in.val
			sp++
			continue
		case OpLogic:
			st[sp] = logic
			sp++
			continue
		case OpNot:
			st[sp-1] = b2f(st[sp-1] == 0)
			continue
		case OpNeg:
			st[sp-1] = -st[sp-1]
			continue
		case OpCond:
			sp -= 2
			if st[sp-1] != 0 {
				st[sp-1] = st[sp]
			} else {
				st[sp-1] = st[sp+1]
			}
			continue
		}
		sp--
		a, b := st[sp-1], st[sp]
		var v float64
		switch in.op {
		case OpAnd:
			v = b2f(a != 0 && b != 0)
		case OpOr:
			v = b2f(a != 0 || b != 0)
		case OpXor:
			v = b2f((a != 0) != (b != 0))
		case OpEq:
			v = b2f(a == b)
		case OpNe:
			v = b2f(a != b)
		case OpLt:
			v = b2f(a < b)
		case OpLe:
			v = b2f(a <= b)
		case OpGt:
			v = b2f(a > b)
		case OpGe:
			v = b2f(a >= b)
		case OpAdd:
			v = a + b
		case OpSub:
			v = a - b
		case OpMul:
			v = a * b
		case OpDiv:
			v = a / b
		default:
			v = math.NaN()
		}
		st[sp-1] = v
	}
	return st[0]
}
