package kinetic

import "math"

// D returns the symbolic derivative ∂e/∂name, with names in locals held
// constant; nil when e holds an operation without a derivative rule here
// (rateOf, factorial, rem, the reciprocal trigonometric functions, max and
// min of more than two arguments): the caller then differentiates
// numerically. Relations, logic, floor and ceiling are piecewise constant,
// so their derivative is 0 where it exists; a piecewise differentiates
// branch by branch.
func D(e *Expr, name string, locals map[string]float64) *Expr {
	zero := N(0)
	switch e.Op {
	case Num, Time, Avogadro, True, False, Floor, Ceiling, Quotient,
		Eq, Neq, Gt, Lt, Geq, Leq, And, Or, Xor, Not, Implies:
		return zero
	case Sym:
		if _, local := locals[e.Name]; !local && e.Name == name {
			return N(1)
		}
		return zero
	case Piecewise:
		out := &Expr{Op: Piecewise, Args: make([]*Expr, len(e.Args))}
		n := len(e.Args)
		for i := 0; i < n; i++ {
			if i%2 == 1 && i < n-(n%2) {
				out.Args[i] = e.Args[i] // a condition
				continue
			}
			d := D(e.Args[i], name, locals)
			if d == nil {
				return nil
			}
			out.Args[i] = d
		}
		if n%2 == 0 {
			// No otherwise: the value is NaN there, and so is its derivative.
			out.Args = append(out.Args, N(math.NaN()))
		}
		return out
	}
	ds := make([]*Expr, len(e.Args))
	for i, a := range e.Args {
		if ds[i] = D(a, name, locals); ds[i] == nil {
			return nil
		}
	}
	a := func(i int) *Expr { return e.Args[i] }
	switch e.Op {
	case Plus:
		return sum(ds...)
	case Minus:
		if len(ds) == 1 {
			return neg(ds[0])
		}
		return sub(ds[0], ds[1])
	case Times:
		var terms []*Expr
		for i := range e.Args {
			if isZero(ds[i]) {
				continue
			}
			factors := []*Expr{ds[i]}
			for j := range e.Args {
				if j != i {
					factors = append(factors, a(j))
				}
			}
			terms = append(terms, prod(factors...))
		}
		return sum(terms...)
	case Divide:
		// a'/b − a·b'/b²
		return sub(div(ds[0], a(1)), div(prod(a(0), ds[1]), prod(a(1), a(1))))
	case Power:
		if isZero(ds[1]) {
			// b·a^(b−1)·a'
			return prod(a(1), A(Power, a(0), sub(a(1), N(1))), ds[0])
		}
		// a^b·(b'·ln a + b·a'/a)
		return prod(e, sum(prod(ds[1], A(Ln, a(0))), div(prod(a(1), ds[0]), a(0))))
	case Root:
		if !isZero(ds[0]) {
			return nil
		}
		// (1/n)·a^(1/n − 1)·a'
		inv := div(N(1), a(0))
		return prod(inv, A(Power, a(1), sub(inv, N(1))), ds[1])
	case Exp:
		return prod(e, ds[0])
	case Ln:
		return div(ds[0], a(0))
	case Log:
		if !isZero(ds[0]) {
			return nil
		}
		return div(ds[1], prod(a(1), A(Ln, a(0))))
	case Abs:
		return prod(&Expr{Op: Piecewise, Args: []*Expr{N(1), A(Geq, a(0), N(0)), N(-1)}}, ds[0])
	case Sin:
		return prod(A(Cos, a(0)), ds[0])
	case Cos:
		return neg(prod(A(Sin, a(0)), ds[0]))
	case Tan:
		return prod(sum(N(1), prod(e, e)), ds[0])
	case Sinh:
		return prod(A(Cosh, a(0)), ds[0])
	case Cosh:
		return prod(A(Sinh, a(0)), ds[0])
	case Tanh:
		return prod(sub(N(1), prod(e, e)), ds[0])
	case Arcsin:
		return div(ds[0], A(Root, N(2), sub(N(1), prod(a(0), a(0)))))
	case Arccos:
		return neg(div(ds[0], A(Root, N(2), sub(N(1), prod(a(0), a(0))))))
	case Arctan:
		return div(ds[0], sum(N(1), prod(a(0), a(0))))
	case Max, Min:
		if len(e.Args) == 1 {
			return ds[0]
		}
		if len(e.Args) != 2 {
			return nil
		}
		rel := Geq
		if e.Op == Min {
			rel = Leq
		}
		return &Expr{Op: Piecewise, Args: []*Expr{ds[0], A(rel, a(0), a(1)), ds[1]}}
	}
	return nil
}

func isZero(e *Expr) bool { return e.Op == Num && e.Value == 0 }
func isOne(e *Expr) bool  { return e.Op == Num && e.Value == 1 }

func sum(xs ...*Expr) *Expr {
	var keep []*Expr
	c := 0.0
	for _, x := range xs {
		switch {
		case x.Op == Num:
			c += x.Value
		default:
			keep = append(keep, x)
		}
	}
	if c != 0 || len(keep) == 0 {
		keep = append(keep, N(c))
	}
	if len(keep) == 1 {
		return keep[0]
	}
	return A(Plus, keep...)
}

func prod(xs ...*Expr) *Expr {
	var keep []*Expr
	c := 1.0
	for _, x := range xs {
		switch {
		case x.Op == Num:
			c *= x.Value
		default:
			keep = append(keep, x)
		}
	}
	if c == 0 {
		return N(0)
	}
	if c != 1 || len(keep) == 0 {
		keep = append([]*Expr{N(c)}, keep...)
	}
	if len(keep) == 1 {
		return keep[0]
	}
	return A(Times, keep...)
}

func neg(x *Expr) *Expr {
	if x.Op == Num {
		return N(-x.Value)
	}
	return A(Minus, x)
}

func sub(a, b *Expr) *Expr {
	switch {
	case isZero(b):
		return a
	case isZero(a):
		return neg(b)
	}
	return A(Minus, a, b)
}

func div(a, b *Expr) *Expr {
	switch {
	case isZero(a):
		return N(0)
	case isOne(b):
		return a
	}
	return A(Divide, a, b)
}
