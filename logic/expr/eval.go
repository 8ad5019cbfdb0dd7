package expr

import (
	"fmt"
	"math"
)

// Env supplies the values an expression reads. Node values are 0 or 1.
type Env interface {
	Node(name string) float64
	Param(name string) float64
	Logic() float64
}

// Eval computes e under env. It walks the tree and is meant for checks and
// tests, not for simulation hot loops (see the compiled forms of the engines).
func (e *Expr) Eval(env Env) float64 {
	switch e.Op {
	case OpVar:
		return env.Node(e.Name)
	case OpParam:
		return env.Param(e.Name)
	case OpLogic:
		return env.Logic()
	case OpAttr:
		return math.NaN() // attributes are substituted before evaluation
	case OpConst:
		return e.Value
	case OpNot:
		return b2f(e.Args[0].Eval(env) == 0)
	case OpNeg:
		return -e.Args[0].Eval(env)
	case OpCond:
		if e.Args[0].Eval(env) != 0 {
			return e.Args[1].Eval(env)
		}
		return e.Args[2].Eval(env)
	case OpAnd:
		return b2f(e.Args[0].Eval(env) != 0 && e.Args[1].Eval(env) != 0)
	case OpOr:
		return b2f(e.Args[0].Eval(env) != 0 || e.Args[1].Eval(env) != 0)
	}
	a, b := e.Args[0].Eval(env), e.Args[1].Eval(env)
	switch e.Op {
	case OpXor:
		return b2f((a != 0) != (b != 0))
	case OpEq:
		return b2f(a == b)
	case OpNe:
		return b2f(a != b)
	case OpLt:
		return b2f(a < b)
	case OpLe:
		return b2f(a <= b)
	case OpGt:
		return b2f(a > b)
	case OpGe:
		return b2f(a >= b)
	case OpAdd:
		return a + b
	case OpSub:
		return a - b
	case OpMul:
		return a * b
	case OpDiv:
		return a / b
	}
	return math.NaN()
}

// IsBoolean reports whether e uses only node names, constants 0/1 and the
// Boolean operators, as a logic rule must.
func (e *Expr) IsBoolean() bool { return e.CheckBoolean() == nil }

// CheckBoolean returns an error naming the first part of e that is not a
// node name, the constant 0 or 1, or one of ! & | ^.
func (e *Expr) CheckBoolean() error {
	var err error
	e.Walk(func(x *Expr) {
		if err != nil {
			return
		}
		switch x.Op {
		case OpVar, OpNot, OpAnd, OpOr, OpXor:
		case OpConst:
			if x.Value != 0 && x.Value != 1 {
				err = fmt.Errorf("constant %s is not Boolean (only 0 and 1)", x)
			}
		default:
			err = fmt.Errorf("%s is not Boolean (only names, 0, 1 and ! & | ^)", x)
		}
	})
	return err
}

// MapEnv is an Env backed by maps; missing names read as 0.
type MapEnv struct {
	Nodes  map[string]bool
	Params map[string]float64
	Self   bool
}

func (m MapEnv) Node(n string) float64  { return b2f(m.Nodes[n]) }
func (m MapEnv) Param(n string) float64 { return m.Params[n] }
func (m MapEnv) Logic() float64         { return b2f(m.Self) }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
