package pharm

import (
	"fmt"
	"math"
	"slices"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Options tunes how drug effects change a network. The zero value means the
// documented defaults.
type Options struct {
	// KInh is the extra rate (per model time unit) at which a fully
	// inhibited node that is on switches off. 0 means 1.
	KInh float64
	// KAct is the extra rate at which a fully activated node that is off
	// switches on. 0 means 1.
	KAct float64
}

func (o Options) rates() (kInh, kAct float64, err error) {
	kInh, kAct = o.KInh, o.KAct
	for _, k := range []struct {
		name string
		v    *float64
	}{{"KInh", &kInh}, {"KAct", &kAct}} {
		switch {
		case *k.v == 0:
			*k.v = 1
		case !(*k.v > 0) || math.IsInf(*k.v, 0):
			return 0, 0, fmt.Errorf("pharm: Options.%s = %g: a rate must be positive and finite", k.name, *k.v)
		}
	}
	return kInh, kAct, nil
}

// Apply returns a new network in which every node of effects has its
// transition rates scaled by its occupancy: with θ its inhibition,
//
//	Up' = Up·(1 − θ)      Down' = Down + θ·KInh
//
// and then, with θ its activation,
//
//	Down' = Down·(1 − θ)  Up' = Up + θ·KAct
//
// (a node both inhibited and activated gets the inhibition first). Up and
// Down are the node's rate expressions with MaBoSS's defaults filled in
// (model.Node.Rates); an input's are 0, so an activated input switches on at
// rate θ·KAct and an inhibited one off at θ·KInh. A θ of 0 leaves the node as
// it is. net is not modified.
//
// Effect nodes resolve through net's names; an unknown node is a
// *model.UnknownError. Several effects on one node combine as independent
// binding. Occupancies must lie in [0, 1].
func Apply(net *model.Network, effects []Effect, opt Options) (*model.Network, error) {
	kInh, kAct, err := opt.rates()
	if err != nil {
		return nil, err
	}
	type occ struct{ inhFree, actFree float64 }
	byNode := map[int]*occ{}
	var order []int
	for _, e := range effects {
		for _, v := range []struct {
			name string
			x    float64
		}{{"inhibition", e.Inhibition}, {"activation", e.Activation}} {
			if !(v.x >= 0 && v.x <= 1) {
				return nil, fmt.Errorf("pharm: %s of %s is %g; it must lie in [0, 1]", v.name, e.Node, v.x)
			}
		}
		id, err := net.Resolve(e.Node)
		if err != nil {
			return nil, fmt.Errorf("drug effect: %w", err)
		}
		i, _ := net.Index(id)
		o := byNode[i]
		if o == nil {
			o = &occ{1, 1}
			byNode[i] = o
			order = append(order, i)
		}
		o.inhFree *= 1 - e.Inhibition
		o.actFree *= 1 - e.Activation
	}
	nodes := slices.Clone(net.Nodes)
	for _, i := range order {
		o := byNode[i]
		nd := &nodes[i]
		if inh := 1 - o.inhFree; inh > 0 {
			up, down := nd.Rates()
			nd.Up = mul(up, 1-inh)
			nd.Down = add(down, inh*kInh)
		}
		if act := 1 - o.actFree; act > 0 {
			up, down := nd.Rates()
			nd.Down = mul(down, 1-act)
			nd.Up = add(up, act*kAct)
		}
	}
	return model.NewWith(net.Name, nodes, slices.Clone(net.Params), slices.Clone(net.Init))
}

func mul(e *expr.Expr, c float64) *expr.Expr {
	return &expr.Expr{Op: expr.OpMul, Args: []*expr.Expr{e, expr.Const(c)}}
}

func add(e *expr.Expr, c float64) *expr.Expr {
	return &expr.Expr{Op: expr.OpAdd, Args: []*expr.Expr{e, expr.Const(c)}}
}
