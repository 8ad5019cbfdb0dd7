package model

import (
	"fmt"
	"math"

	"github.com/ikklab/ikklab/logic/expr"
)

// Modulator is a partial regulator of a node outside its logic. A brake
// (Sign Inhibits) removes the fraction Strength (in (0, 1)) of the node's
// activation while Node is on, as a deubiquitinase removes a share of the
// chains that activate its targets; a boost (Sign Activates) fills that
// fraction of what is missing, as newly made protein refills a pool that
// kinases drain. Modulators are quantitative only: the Boolean abstraction
// (Network.Boolean) drops them, so a partial regulator never vetoes.
type Modulator struct {
	Node     string
	Strength float64
	Sign     Sign // Inhibits: a brake; Activates: a boost
}

// Modulated returns rates up and down (rate_up = u·G, rate_down = d·(1 − G)
// for the node's activation G in [0, 1]: the logic's 0 or 1, or a graded
// rule's share) with the modulators applied: boosts first,
// G' = 1 − (1 − G)·Π (1 − sᵢ·Bᵢ), then brakes, G” = G'·Π (1 − sⱼ·Bⱼ);
// rate_up = u·G” and rate_down = d·(1 − G”), so the node's speed is kept.
// With u = d a brake multiplies the node's equilibrium probability of being
// on by 1 − s while its brake is on.
func Modulated(up, down *expr.Expr, u, d float64, mods []Modulator) (*expr.Expr, *expr.Expr, error) {
	if len(mods) == 0 {
		return up, down, nil
	}
	if !(u > 0) || math.IsInf(u, 0) || !(d >= 0) || math.IsInf(d, 0) {
		return nil, nil, fmt.Errorf("a modulated node needs a positive finite rate_up and a finite rate_down, not %g and %g", u, d)
	}
	var boost, brake *expr.Expr // Π (1 − s·B) over each kind
	for _, m := range mods {
		if !(m.Strength > 0 && m.Strength < 1) {
			return nil, nil, fmt.Errorf("%s: strength %v is not in (0, 1)", m.Node, m.Strength)
		}
		left := sub(expr.Const(1), mul(expr.Const(m.Strength), expr.Var(m.Node))) // 1 − s·B
		switch m.Sign {
		case Activates:
			boost = product(boost, left)
		case Inhibits:
			brake = product(brake, left)
		default:
			return nil, nil, fmt.Errorf("%s: a modulator is a brake or a boost", m.Node)
		}
	}
	g := scaled(1/u, up) // G
	if boost != nil {
		g = sub(expr.Const(1), mul(sub(expr.Const(1), g), boost))
	}
	if brake != nil {
		g = mul(g, brake)
	}
	upM := scaled(u, g)
	return upM, sub(expr.Const(d), scaled(d/u, upM)), nil // d·(1 − G'') = d − (d/u)·u·G''
}

func product(a, b *expr.Expr) *expr.Expr {
	if a == nil {
		return b
	}
	return mul(a, b)
}

func mul(a, b *expr.Expr) *expr.Expr { return &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{a, b}} }
func sub(a, b *expr.Expr) *expr.Expr { return &expr.Expr{Op: expr.OpSub, Args: []*expr.Expr{a, b}} }
