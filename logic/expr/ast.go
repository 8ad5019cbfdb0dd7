package expr

import (
	"strconv"
	"strings"
)

// Op identifies the operator of an expression node.
type Op uint8

// Operators, in the order of the precedence table of the package doc.
const (
	OpVar   Op = iota // a node name
	OpParam           // a $parameter
	OpLogic           // @logic: the value of the node's own logic
	OpConst           // a number (TRUE is 1, FALSE is 0)
	OpNot
	OpNeg
	OpAnd
	OpOr
	OpXor
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpCond // Args[0] ? Args[1] : Args[2]
	OpAttr // @name: another attribute of the same node (MaBoSS); Name holds it
)

var opSymbols = [...]string{
	OpNot: "!", OpNeg: "-", OpAnd: "&", OpOr: "|", OpXor: "^",
	OpEq: "==", OpNe: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/",
}

// precedence of binary operators; higher binds tighter. Unary operators are 10,
// the conditional 1.
var precedence = [...]int{
	OpXor: 2, OpOr: 3, OpAnd: 4, OpEq: 5, OpNe: 5,
	OpLt: 6, OpLe: 6, OpGt: 6, OpGe: 6, OpAdd: 7, OpSub: 7, OpMul: 8, OpDiv: 8,
}

// Expr is a node of a parsed expression tree.
type Expr struct {
	Op    Op
	Name  string  // OpVar, OpParam (without the $)
	Value float64 // OpConst
	Args  []*Expr
}

// Var returns the expression naming node name.
func Var(name string) *Expr { return &Expr{Op: OpVar, Name: name} }

// Const returns a constant expression.
func Const(v float64) *Expr { return &Expr{Op: OpConst, Value: v} }

// Not returns !e.
func Not(e *Expr) *Expr { return &Expr{Op: OpNot, Args: []*Expr{e}} }

// And returns the conjunction of es (TRUE when es is empty).
func And(es ...*Expr) *Expr { return fold(OpAnd, 1, es) }

// Or returns the disjunction of es (FALSE when es is empty).
func Or(es ...*Expr) *Expr { return fold(OpOr, 0, es) }

func fold(op Op, empty float64, es []*Expr) *Expr {
	if len(es) == 0 {
		return Const(empty)
	}
	e := es[0]
	for _, x := range es[1:] {
		e = &Expr{Op: op, Args: []*Expr{e, x}}
	}
	return e
}

// Vars returns the distinct node names e reads, in order of first appearance.
func (e *Expr) Vars() []string { return e.names(OpVar) }

// Params returns the distinct $parameters e reads (without the $).
func (e *Expr) Params() []string { return e.names(OpParam) }

func (e *Expr) names(op Op) []string {
	var names []string
	seen := map[string]bool{}
	e.Walk(func(x *Expr) {
		if x.Op == op && !seen[x.Name] {
			seen[x.Name] = true
			names = append(names, x.Name)
		}
	})
	return names
}

// Walk calls f on e and every sub-expression, parents first.
func (e *Expr) Walk(f func(*Expr)) {
	f(e)
	for _, a := range e.Args {
		a.Walk(f)
	}
}

// Replace returns e with every sub-expression x for which f returns a
// non-nil expression replaced by it; e itself is not modified, and parts
// that do not change are shared.
func (e *Expr) Replace(f func(x *Expr) *Expr) *Expr {
	if r := f(e); r != nil {
		return r
	}
	var args []*Expr // allocated at the first argument that changes
	for i, a := range e.Args {
		r := a.Replace(f)
		if r != a && args == nil {
			args = make([]*Expr, len(e.Args))
			copy(args, e.Args[:i])
		}
		if args != nil {
			args[i] = r
		}
	}
	if args == nil {
		return e
	}
	c := *e
	c.Args = args
	return &c
}

// Rename returns a copy of e with node names mapped by f.
func (e *Expr) Rename(f func(string) string) *Expr {
	return e.Replace(func(x *Expr) *Expr {
		if x.Op == OpVar {
			return Var(f(x.Name))
		}
		return nil
	})
}

// String formats e in MaBoSS syntax with the fewest parentheses that keep its
// meaning; Parse(e.String()) gives back an equal tree.
func (e *Expr) String() string {
	var b strings.Builder
	e.format(&b, 0)
	return b.String()
}

func (e *Expr) format(b *strings.Builder, outer int) {
	switch e.Op {
	case OpVar:
		b.WriteString(e.Name)
	case OpParam:
		b.WriteString("$" + e.Name)
	case OpLogic:
		b.WriteString("@logic")
	case OpAttr:
		b.WriteString("@" + e.Name)
	case OpConst:
		b.WriteString(strconv.FormatFloat(e.Value, 'g', -1, 64))
	case OpNot, OpNeg:
		b.WriteString(opSymbols[e.Op])
		e.Args[0].format(b, 10)
	case OpCond:
		if outer > 1 {
			b.WriteByte('(')
		}
		e.Args[0].format(b, 2)
		b.WriteString(" ? ")
		e.Args[1].format(b, 2)
		b.WriteString(" : ")
		e.Args[2].format(b, 1)
		if outer > 1 {
			b.WriteByte(')')
		}
	default:
		p := precedence[e.Op]
		paren := p < outer
		if paren {
			b.WriteByte('(')
		}
		e.Args[0].format(b, p)
		b.WriteString(" " + opSymbols[e.Op] + " ")
		// Binary operators are left-associative: a right operand of equal
		// precedence needs parentheses.
		e.Args[1].format(b, p+1)
		if paren {
			b.WriteByte(')')
		}
	}
}

// Equal reports whether a and b are the same tree.
func Equal(a, b *Expr) bool {
	if a.Op != b.Op || a.Name != b.Name || a.Value != b.Value || len(a.Args) != len(b.Args) {
		return false
	}
	for i := range a.Args {
		if !Equal(a.Args[i], b.Args[i]) {
			return false
		}
	}
	return true
}
