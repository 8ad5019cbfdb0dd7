package kinetic

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Op is an operation in a math expression (MathML's content elements).
type Op int

const (
	Num       Op = iota // a number (Value)
	Sym                 // a symbol (Name): compartment, species, parameter, species reference, reaction
	Time                // csymbol time
	Avogadro            // csymbol avogadro
	RateOf              // csymbol rateOf: the rate of change of its one argument, a Sym
	Delay               // csymbol delay (unsupported in simulation)
	Call                // a function definition's call (Name), arguments in Args
	Piecewise           // Args: value, condition, value, condition, …, [otherwise]
	True
	False
	// Arithmetic.
	Plus
	Minus // one argument: negation
	Times
	Divide
	Power
	Root // Args: degree, radicand
	Abs
	Exp
	Ln
	Log // Args: base, argument
	Floor
	Ceiling
	Factorial
	Max
	Min
	Rem
	Quotient
	// Trigonometry.
	Sin
	Cos
	Tan
	Sec
	Csc
	Cot
	Sinh
	Cosh
	Tanh
	Sech
	Csch
	Coth
	Arcsin
	Arccos
	Arctan
	Arcsec
	Arccsc
	Arccot
	Arcsinh
	Arccosh
	Arctanh
	Arcsech
	Arccsch
	Arccoth
	// Relations and logic (1 is true, 0 false).
	Eq
	Neq
	Gt
	Lt
	Geq
	Leq
	And
	Or
	Xor
	Not
	Implies
)

// opNames are the MathML element names of the operators.
var opNames = map[Op]string{
	Plus: "plus", Minus: "minus", Times: "times", Divide: "divide", Power: "power", Root: "root",
	Abs: "abs", Exp: "exp", Ln: "ln", Log: "log", Floor: "floor", Ceiling: "ceiling",
	Factorial: "factorial", Max: "max", Min: "min", Rem: "rem", Quotient: "quotient",
	Sin: "sin", Cos: "cos", Tan: "tan", Sec: "sec", Csc: "csc", Cot: "cot",
	Sinh: "sinh", Cosh: "cosh", Tanh: "tanh", Sech: "sech", Csch: "csch", Coth: "coth",
	Arcsin: "arcsin", Arccos: "arccos", Arctan: "arctan", Arcsec: "arcsec", Arccsc: "arccsc", Arccot: "arccot",
	Arcsinh: "arcsinh", Arccosh: "arccosh", Arctanh: "arctanh", Arcsech: "arcsech", Arccsch: "arccsch", Arccoth: "arccoth",
	Eq: "eq", Neq: "neq", Gt: "gt", Lt: "lt", Geq: "geq", Leq: "leq",
	And: "and", Or: "or", Xor: "xor", Not: "not", Implies: "implies",
}

var opByName = func() map[string]Op {
	m := map[string]Op{}
	for op, n := range opNames {
		m[n] = op
	}
	return m
}()

// OpByName returns the operator of a MathML element name.
func OpByName(name string) (Op, bool) {
	op, ok := opByName[name]
	return op, ok
}

// Name returns the MathML element name of an operator ("" for leaves).
func (op Op) Name() string { return opNames[op] }

// Expr is a math expression tree.
type Expr struct {
	Op    Op
	Name  string  // Sym, Call
	Value float64 // Num
	Args  []*Expr
}

// N, S and A build expressions.
func N(v float64) *Expr            { return &Expr{Op: Num, Value: v} }
func S(name string) *Expr          { return &Expr{Op: Sym, Name: name} }
func A(op Op, args ...*Expr) *Expr { return &Expr{Op: op, Args: args} }

// String writes the expression in infix form, for messages.
func (e *Expr) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e *Expr) write(b *strings.Builder) {
	switch e.Op {
	case Num:
		b.WriteString(strconv.FormatFloat(e.Value, 'g', -1, 64))
	case Sym:
		b.WriteString(e.Name)
	case Time:
		b.WriteString("time")
	case Avogadro:
		b.WriteString("avogadro")
	case True:
		b.WriteString("true")
	case False:
		b.WriteString("false")
	default:
		name := e.Op.Name()
		switch e.Op {
		case RateOf:
			name = "rateOf"
		case Delay:
			name = "delay"
		case Call:
			name = e.Name
		case Piecewise:
			name = "piecewise"
		}
		b.WriteString(name)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteByte(')')
	}
}

// Walk calls f on e and every sub-expression, parents first.
func (e *Expr) Walk(f func(*Expr)) {
	f(e)
	for _, a := range e.Args {
		a.Walk(f)
	}
}

// Symbols returns the names e refers to (Sym, and the arguments of rateOf).
func (e *Expr) Symbols() []string {
	var out []string
	seen := map[string]bool{}
	e.Walk(func(x *Expr) {
		if x.Op == Sym && !seen[x.Name] {
			seen[x.Name] = true
			out = append(out, x.Name)
		}
	})
	return out
}

// Function is a function definition: a lambda with named arguments.
type Function struct {
	ID   string
	Args []string
	Body *Expr
}

// maxExpandedNodes bounds function-definition inlining (nested calls could
// grow a tree exponentially).
const maxExpandedNodes = 1 << 20

// expand inlines calls of function definitions, substituting arguments for
// the lambda's bound variables.
func expand(e *Expr, fns map[string]*Function, budget *int) (*Expr, error) {
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("function definitions expand to more than %d nodes", maxExpandedNodes)
	}
	if e.Op == Call {
		f, ok := fns[e.Name]
		if !ok {
			return nil, fmt.Errorf("call of %q, which is not a function definition", e.Name)
		}
		if len(e.Args) != len(f.Args) {
			return nil, fmt.Errorf("function %s takes %d arguments, called with %d", f.ID, len(f.Args), len(e.Args))
		}
		bind := map[string]*Expr{}
		for i, a := range e.Args {
			x, err := expand(a, fns, budget)
			if err != nil {
				return nil, err
			}
			bind[f.Args[i]] = x
		}
		body, err := substitute(f.Body, bind, budget)
		if err != nil {
			return nil, err
		}
		return expand(body, fns, budget)
	}
	if len(e.Args) == 0 {
		return e, nil
	}
	out := &Expr{Op: e.Op, Name: e.Name, Value: e.Value, Args: make([]*Expr, len(e.Args))}
	for i, a := range e.Args {
		x, err := expand(a, fns, budget)
		if err != nil {
			return nil, err
		}
		out.Args[i] = x
	}
	return out, nil
}

func substitute(e *Expr, bind map[string]*Expr, budget *int) (*Expr, error) {
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("function definitions expand to more than %d nodes", maxExpandedNodes)
	}
	if e.Op == Sym {
		if x, ok := bind[e.Name]; ok {
			return x, nil
		}
		return e, nil
	}
	if len(e.Args) == 0 {
		return e, nil
	}
	out := &Expr{Op: e.Op, Name: e.Name, Value: e.Value, Args: make([]*Expr, len(e.Args))}
	for i, a := range e.Args {
		x, err := substitute(a, bind, budget)
		if err != nil {
			return nil, err
		}
		out.Args[i] = x
	}
	return out, nil
}

// AvogadroConstant is the value SBML Level 3 gives the avogadro csymbol.
const AvogadroConstant = 6.02214179e23

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// apply evaluates an operator on already evaluated arguments (all except
// Piecewise, And/Or short-circuiting is not needed: arguments have no side
// effects).
func apply(op Op, x []float64) float64 {
	switch op {
	case Plus:
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	case Minus:
		if len(x) == 1 {
			return -x[0]
		}
		return x[0] - x[1]
	case Times:
		p := 1.0
		for _, v := range x {
			p *= v
		}
		return p
	case Divide:
		return x[0] / x[1]
	case Power:
		return math.Pow(x[0], x[1])
	case Root:
		if x[0] == 2 {
			return math.Sqrt(x[1])
		}
		if x[0] == 3 {
			return math.Cbrt(x[1])
		}
		return math.Pow(x[1], 1/x[0])
	case Abs:
		return math.Abs(x[0])
	case Exp:
		return math.Exp(x[0])
	case Ln:
		return math.Log(x[0])
	case Log:
		if x[0] == 10 {
			return math.Log10(x[1])
		}
		return math.Log(x[1]) / math.Log(x[0])
	case Floor:
		return math.Floor(x[0])
	case Ceiling:
		return math.Ceil(x[0])
	case Factorial:
		if x[0] < 0 || x[0] != math.Floor(x[0]) {
			return math.NaN()
		}
		v, _ := math.Lgamma(x[0] + 1)
		return math.Round(math.Exp(v))
	case Max:
		m := math.Inf(-1)
		for _, v := range x {
			if math.IsNaN(v) {
				return v
			}
			m = math.Max(m, v)
		}
		return m
	case Min:
		m := math.Inf(1)
		for _, v := range x {
			if math.IsNaN(v) {
				return v
			}
			m = math.Min(m, v)
		}
		return m
	case Rem:
		return math.Mod(x[0], x[1])
	case Quotient:
		return math.Trunc(x[0] / x[1])
	case Sin:
		return math.Sin(x[0])
	case Cos:
		return math.Cos(x[0])
	case Tan:
		return math.Tan(x[0])
	case Sec:
		return 1 / math.Cos(x[0])
	case Csc:
		return 1 / math.Sin(x[0])
	case Cot:
		return 1 / math.Tan(x[0])
	case Sinh:
		return math.Sinh(x[0])
	case Cosh:
		return math.Cosh(x[0])
	case Tanh:
		return math.Tanh(x[0])
	case Sech:
		return 1 / math.Cosh(x[0])
	case Csch:
		return 1 / math.Sinh(x[0])
	case Coth:
		return 1 / math.Tanh(x[0])
	case Arcsin:
		return math.Asin(x[0])
	case Arccos:
		return math.Acos(x[0])
	case Arctan:
		return math.Atan(x[0])
	case Arcsec:
		return math.Acos(1 / x[0])
	case Arccsc:
		return math.Asin(1 / x[0])
	case Arccot:
		return math.Atan(1 / x[0])
	case Arcsinh:
		return math.Asinh(x[0])
	case Arccosh:
		return math.Acosh(x[0])
	case Arctanh:
		return math.Atanh(x[0])
	case Arcsech:
		return math.Acosh(1 / x[0])
	case Arccsch:
		return math.Asinh(1 / x[0])
	case Arccoth:
		return math.Atanh(1 / x[0])
	case Eq:
		for i := 1; i < len(x); i++ {
			if x[i] != x[0] {
				return 0
			}
		}
		return 1
	case Neq:
		return b2f(x[0] != x[1])
	case Gt, Lt, Geq, Leq:
		for i := 1; i < len(x); i++ {
			a, b := x[i-1], x[i]
			ok := false
			switch op {
			case Gt:
				ok = a > b
			case Lt:
				ok = a < b
			case Geq:
				ok = a >= b
			case Leq:
				ok = a <= b
			}
			if !ok {
				return 0
			}
		}
		return 1
	case And:
		for _, v := range x {
			if v == 0 {
				return 0
			}
		}
		return 1
	case Or:
		for _, v := range x {
			if v != 0 {
				return 1
			}
		}
		return 0
	case Xor:
		n := 0
		for _, v := range x {
			if v != 0 {
				n++
			}
		}
		return b2f(n%2 == 1)
	case Not:
		return b2f(x[0] == 0)
	case Implies:
		return b2f(x[0] == 0 || x[1] != 0)
	}
	return math.NaN()
}

// arity checks the number of arguments of an operator: min and max (−1:
// any).
func arity(op Op) (int, int) {
	switch op {
	case Plus, Times, And, Or, Xor:
		return 0, -1
	case Max, Min:
		return 1, -1
	case Eq, Gt, Lt, Geq, Leq:
		return 2, -1
	case Minus:
		return 1, 2
	case Divide, Power, Rem, Quotient, Neq, Implies:
		return 2, 2
	case Log, Root: // base or degree first, always present (the reader adds the default)
		return 2, 2
	case Num, Sym, Time, Avogadro, True, False:
		return 0, 0
	case Call, Piecewise:
		return 0, -1
	case Delay:
		return 2, 2
	}
	return 1, 1
}

// CheckArity reports an operator used with the wrong number of arguments.
func CheckArity(e *Expr) error {
	lo, hi := arity(e.Op)
	if n := len(e.Args); n < lo || (hi >= 0 && n > hi) {
		name := e.Op.Name()
		if name == "" {
			name = e.String()
		}
		return fmt.Errorf("<%s> with %d arguments", name, n)
	}
	return nil
}
