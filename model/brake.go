package model

import (
	"fmt"
	"math"

	"github.com/ikklab/ikklab/logic/expr"
)

// Brake is a partial inhibitor of a node: while Node is on it removes the
// fraction Strength (in (0, 1)) of the node's activation, as a
// deubiquitinase removes a share of the chains that activate its targets.
// A brake is quantitative only: it is not part of the node's logic, and the
// Boolean abstraction (Network.Boolean) drops it.
type Brake struct {
	Node     string
	Strength float64
}

// Braked returns rates up and down (rate_up = u·G, rate_down = d·(1 − G)
// for the node's activation G in [0, 1], the logic's 0 or 1 or a graded
// rule's share) with each brake applied: G becomes G·F, F = Π (1 − sⱼ·Bⱼ),
// as if a share 1 − F of its activating routes were cut: rate_up = u·G·F,
// rate_down = d·(1 − G·F). With u = d the node's probability of being on at
// equilibrium is multiplied by F.
func Braked(up, down *expr.Expr, u, d float64, brakes []Brake) (*expr.Expr, *expr.Expr, error) {
	if len(brakes) == 0 {
		return up, down, nil
	}
	if !(u > 0) || math.IsInf(u, 0) || d < 0 || math.IsInf(d, 0) {
		return nil, nil, fmt.Errorf("a braked node needs a positive finite rate_up and a finite rate_down, not %g and %g", u, d)
	}
	var f *expr.Expr
	for _, b := range brakes {
		if !(b.Strength > 0 && b.Strength < 1) {
			return nil, nil, fmt.Errorf("brake %s: strength %v is not in (0, 1)", b.Node, b.Strength)
		}
		left := &expr.Expr{Op: expr.OpSub, Args: []*expr.Expr{expr.Const(1),
			{Op: expr.OpMul, Args: []*expr.Expr{expr.Const(b.Strength), expr.Var(b.Node)}}}} // 1 − s·B
		if f == nil {
			f = left
			continue
		}
		f = &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{f, left}}
	}
	upF := &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{up, f}} // u·G·F
	// d·(1 − G·F) = d − (d/u)·(u·G·F)
	downF := &expr.Expr{Op: expr.OpSub, Args: []*expr.Expr{expr.Const(d),
		scaled(d/u, upF)}}
	return upF, downF, nil
}
