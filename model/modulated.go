package model

import (
	"fmt"
	"math"

	"github.com/ikklab/ikklab/logic/expr"
)

// Modulator is a partial regulator of a node outside its logic (a brake
// may also activate the node in its rule: a dual regulator, one Edge). A brake
// (Sign Inhibits) removes the fraction Strength (in (0, 1)) of the node's
// activation while Node is on, as a deubiquitinase removes a share of the
// chains that activate its targets; a boost (Sign Activates) fills that
// fraction of what is missing, as newly made protein refills a pool that
// kinases drain. A restraint (Sign Inhibits, Resting) is an inactivator
// present in the resting cell, as a constitutive phosphatase is, whose work
// is already in the node's rate_down: while Node is on nothing changes; when
// Node is lost the node switches off 1 − s times as fast, so an active node
// stays on longer (its odds of being on rise by 1/(1 − s)) and an inactive
// one is not switched on: a restraint's loss amplifies the activation there
// is and creates none. It acts where the node's activation is partial (a
// graded or braked rule) and when its signal ends; a node whose logic holds
// in full has rate_down 0 and cannot be kept on longer.
// Modulators are quantitative only: the Boolean abstraction
// (Network.Boolean) drops them, so a partial regulator never vetoes.
type Modulator struct {
	Node     string
	Strength float64
	Sign     Sign // Inhibits: a brake (or restraint); Activates: a boost
	Resting  bool // with Sign Inhibits, a restraint: present at rest, its work is in rate_down
}

// Modulated returns rates up and down (rate_up = u·G, rate_down = d·(1 − G)
// for the node's activation G in [0, 1]: the logic's 0 or 1, or a graded
// rule's share) with the modulators applied: boosts first,
// G' = 1 − (1 − G)·Π (1 − sᵢ·Bᵢ), then brakes, G” = G'·Π (1 − sⱼ·Bⱼ);
// rate_up = u·G” and rate_down = d·(1 − G”)·Π (1 − sₖ·(1 − Bₖ)) over the
// restraints, so the node's speed is kept while they are present.
// With u = d a brake multiplies the node's equilibrium probability of being
// on by 1 − s while its brake is on.
func Modulated(up, down *expr.Expr, u, d float64, mods []Modulator) (*expr.Expr, *expr.Expr, error) {
	if len(mods) == 0 {
		return up, down, nil
	}
	if !(u > 0) || math.IsInf(u, 0) || !(d >= 0) || math.IsInf(d, 0) {
		return nil, nil, fmt.Errorf("a modulated node needs a positive finite rate_up and a finite rate_down, not %g and %g", u, d)
	}
	var boost, brake, restraint *expr.Expr // Π (1 − s·B) over boosts and brakes; Π (1 − s·(1 − B)) over restraints
	for _, m := range mods {
		if !(m.Strength > 0 && m.Strength < 1) {
			return nil, nil, fmt.Errorf("%s: strength %v is not in (0, 1)", m.Node, m.Strength)
		}
		left := sub(expr.Const(1), mul(expr.Const(m.Strength), expr.Var(m.Node))) // 1 − s·B
		switch {
		case m.Resting && m.Sign != Inhibits:
			return nil, nil, fmt.Errorf("%s: a restraint inhibits", m.Node)
		case m.Resting:
			restraint = product(restraint, sub(expr.Const(1), mul(expr.Const(m.Strength), sub(expr.Const(1), expr.Var(m.Node))))) // 1 − s·(1 − B))
		case m.Sign == Activates:
			boost = product(boost, left)
		case m.Sign == Inhibits:
			brake = product(brake, left)
		default:
			return nil, nil, fmt.Errorf("%s: a modulator is a brake, a boost or a restraint", m.Node)
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
	downM := sub(expr.Const(d), scaled(d/u, upM)) // d·(1 − G'') = d − (d/u)·u·G''
	if restraint != nil {
		downM = mul(downM, restraint)
	}
	return upM, downM, nil
}

func product(a, b *expr.Expr) *expr.Expr {
	if a == nil {
		return b
	}
	return mul(a, b)
}

func mul(a, b *expr.Expr) *expr.Expr { return &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{a, b}} }
func sub(a, b *expr.Expr) *expr.Expr { return &expr.Expr{Op: expr.OpSub, Args: []*expr.Expr{a, b}} }
