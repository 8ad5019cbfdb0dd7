package sbmlqual

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
)

// mathNode is a MathML element with its children.
type mathNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []mathNode `xml:",any"`
	Text    string     `xml:",chardata"`
}

// operand is a MathML value in a comparison: a number, or a Boolean
// expression (a species or a logical sub-expression) worth 0 or 1.
type operand struct {
	num float64
	e   *expr.Expr // nil for a number
}

// mathExpr converts the <math> element of a function term.
func mathExpr(m *mathNode, species map[string]int) (*expr.Expr, error) {
	if len(m.Kids) != 1 {
		return nil, fmt.Errorf("<math> holds %d elements, want 1", len(m.Kids))
	}
	return boolExpr(&m.Kids[0], species)
}

func isMath(n *mathNode) bool { return n.XMLName.Space == MathNS || n.XMLName.Space == "" }

func boolExpr(n *mathNode, species map[string]int) (*expr.Expr, error) {
	if !isMath(n) {
		return nil, fmt.Errorf("%w: <%s> in namespace %q inside <math>", ErrUnsupported, n.XMLName.Local, n.XMLName.Space)
	}
	switch n.XMLName.Local {
	case "true":
		return expr.Const(1), nil
	case "false":
		return expr.Const(0), nil
	case "ci":
		return ciExpr(n, species)
	case "cn":
		return nil, fmt.Errorf("number <cn>%s</cn> where a Boolean is expected (compare it with a species: eq, geq, ...)", strings.TrimSpace(n.Text))
	case "apply":
	default:
		return nil, fmt.Errorf("%w: MathML <%s> in a function term", ErrUnsupported, n.XMLName.Local)
	}
	if len(n.Kids) == 0 {
		return nil, errors.New("empty <apply>")
	}
	op := n.Kids[0].XMLName.Local
	args := n.Kids[1:]
	if !isMath(&n.Kids[0]) {
		return nil, fmt.Errorf("%w: operator <%s> in namespace %q", ErrUnsupported, op, n.Kids[0].XMLName.Space)
	}
	switch op {
	case "and", "or", "xor", "not", "implies":
		es := make([]*expr.Expr, len(args))
		for i := range args {
			e, err := boolExpr(&args[i], species)
			if err != nil {
				return nil, err
			}
			es[i] = e
		}
		switch op {
		case "and":
			return expr.And(es...), nil
		case "or":
			return expr.Or(es...), nil
		case "xor":
			if len(es) == 0 {
				return expr.Const(0), nil
			}
			e := es[0]
			for _, x := range es[1:] {
				e = &expr.Expr{Op: expr.OpXor, Args: []*expr.Expr{e, x}}
			}
			return e, nil
		case "not":
			if len(es) != 1 {
				return nil, fmt.Errorf("<not/> with %d arguments, want 1", len(es))
			}
			return not(es[0]), nil
		default: // implies
			if len(es) != 2 {
				return nil, fmt.Errorf("<implies/> with %d arguments, want 2", len(es))
			}
			return expr.Or(not(es[0]), es[1]), nil
		}
	case "eq", "neq", "geq", "gt", "leq", "lt":
		if len(args) != 2 {
			return nil, fmt.Errorf("<%s/> with %d arguments, want 2", op, len(args))
		}
		a, err := readOperand(&args[0], species)
		if err != nil {
			return nil, err
		}
		b, err := readOperand(&args[1], species)
		if err != nil {
			return nil, err
		}
		return compare(op, a, b), nil
	}
	return nil, fmt.Errorf("%w: MathML operator <%s/> in a function term (Boolean logic uses and, or, xor, not, implies and comparisons)", ErrUnsupported, op)
}

func ciExpr(n *mathNode, species map[string]int) (*expr.Expr, error) {
	id := strings.TrimSpace(n.Text)
	if _, ok := species[id]; !ok {
		return nil, fmt.Errorf("<ci>%s</ci> is not a qualitativeSpecies", id)
	}
	return expr.Var(id), nil
}

func readOperand(n *mathNode, species map[string]int) (operand, error) {
	if isMath(n) && n.XMLName.Local == "cn" {
		if len(n.Kids) > 0 {
			return operand{}, fmt.Errorf("%w: <cn> with child elements (e-notation, rational)", ErrUnsupported)
		}
		s := strings.TrimSpace(n.Text)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return operand{}, fmt.Errorf("<cn>%s</cn> is not a number", s)
		}
		return operand{num: v}, nil
	}
	e, err := boolExpr(n, species)
	if err != nil {
		return operand{}, err
	}
	return operand{e: e}, nil
}

func cmp(op string, a, b float64) bool {
	switch op {
	case "eq":
		return a == b
	case "neq":
		return a != b
	case "geq":
		return a >= b
	case "gt":
		return a > b
	case "leq":
		return a <= b
	}
	return a < b // lt
}

func constant(b bool) *expr.Expr {
	if b {
		return expr.Const(1)
	}
	return expr.Const(0)
}

// compare turns a comparison of Boolean values and numbers into a Boolean
// expression, by the truth table of the comparison over the values 0 and 1.
func compare(op string, a, b operand) *expr.Expr {
	switch {
	case a.e == nil && b.e == nil:
		return constant(cmp(op, a.num, b.num))
	case a.e == nil || b.e == nil:
		e := a.e
		at := func(v float64) bool { return cmp(op, v, b.num) }
		if e == nil {
			e = b.e
			at = func(v float64) bool { return cmp(op, a.num, v) }
		}
		f0, f1 := at(0), at(1)
		switch {
		case f0 == f1:
			return constant(f0)
		case f1:
			return e
		}
		return not(e)
	}
	x, y := a.e, b.e
	switch op {
	case "eq":
		return not(&expr.Expr{Op: expr.OpXor, Args: []*expr.Expr{x, y}})
	case "neq":
		return &expr.Expr{Op: expr.OpXor, Args: []*expr.Expr{x, y}}
	case "geq":
		return expr.Or(x, not(y))
	case "gt":
		return expr.And(x, not(y))
	case "leq":
		return expr.Or(not(x), y)
	}
	return expr.And(not(x), y) // lt
}

// not returns !e, cancelling a double negation so that MathML's eq(x, 0)
// under a not, or a defaultTerm at 1, reads as plainly as it was meant.
func not(e *expr.Expr) *expr.Expr {
	if e.Op == expr.OpNot {
		return e.Args[0]
	}
	return expr.Not(e)
}
