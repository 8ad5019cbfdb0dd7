package experiment

import (
	"context"
	"fmt"

	"github.com/ikklab/ikklab/logic/hillcube"
	"github.com/ikklab/ikklab/logic/stochastic"
	"github.com/ikklab/ikklab/model"
	"github.com/ikklab/ikklab/ode"
)

// outcome is one run's result in the shape every engine gives: each node's
// value per statistics window — the probability that it is on, averaged
// over the window (stochastic, async), or its activity averaged over the
// window (ode) — with its standard error, the windows' starts and width,
// and the trajectories behind each value (0 for a computed one).
type outcome struct {
	Times    []float64
	Tick     float64
	Nodes    map[string][]float64
	Err      map[string][]float64
	Samples  int
	Exact    bool // computed, not sampled: no sampling error
	Complete bool
}

// runSettings are what an engine needs besides the prepared network.
type runSettings struct {
	samples  int
	time     float64
	seed     int64
	workers  int
	readouts []string
	progress Progress
}

// engine runs one arm: the network with the arm's perturbations and drugs
// already applied, and its parameter values.
type engine interface {
	run(ctx context.Context, net *model.Network, params map[string]float64, o runSettings) (*outcome, error)
}

// engineFor returns the engine a spec names. "async" is the stochastic
// engine on a network whose rates are all 1 (baseNetwork).
func engineFor(name string) (engine, error) {
	switch name {
	case "", "stochastic", "async":
		return stochasticEngine{}, nil
	case "ode":
		return odeEngine{}, nil
	}
	return nil, fmt.Errorf("unknown engine %q", name)
}

var (
	_ engine = stochasticEngine{}
	_ engine = odeEngine{}
)

// stochasticEngine is MaBoSS's continuous-time Markov chain.
type stochasticEngine struct{}

func (stochasticEngine) run(ctx context.Context, net *model.Network, params map[string]float64, o runSettings) (*outcome, error) {
	res, err := stochastic.Simulate(ctx, net, params, stochastic.Options{
		Samples: o.samples, MaxTime: o.time, TimeTick: o.time / windows, Seed: o.seed,
		Workers: o.workers, Series: o.readouts, Progress: o.progress,
	})
	if err != nil || res == nil {
		return nil, err
	}
	return &outcome{Times: res.Times, Tick: res.TimeTick, Nodes: res.Nodes, Err: res.NodeErr,
		Samples: res.Samples, Complete: res.Complete}, nil
}

// odeEngine integrates the network's HillCube ODEs (package hillcube):
// deterministic, so the standard errors are 0 and there is no seed.
type odeEngine struct{}

func (odeEngine) run(ctx context.Context, net *model.Network, params map[string]float64, o runSettings) (*outcome, error) {
	sys, err := hillcube.Convert(net, params, hillcube.Options{})
	if err != nil {
		return nil, err
	}
	tick := o.time / windows
	// Simpson's rule over each window: its start, middle and end.
	times := make([]float64, 2*windows+1)
	for i := range times {
		times[i] = float64(i) * tick / 2
	}
	rows, err := sys.Simulate(ctx, times, ode.Options{RelTol: 1e-6})
	if err != nil {
		if ctx.Err() != nil {
			return &outcome{}, nil // interrupted: incomplete
		}
		return nil, err
	}
	out := &outcome{Tick: tick, Nodes: map[string][]float64{}, Err: map[string][]float64{}, Exact: true, Complete: true}
	for w := 0; w < windows; w++ {
		out.Times = append(out.Times, float64(w)*tick)
	}
	for _, id := range o.readouts {
		i, ok := net.Index(id)
		if !ok {
			return nil, fmt.Errorf("readout %s is not a node", id)
		}
		mean := make([]float64, windows)
		for w := range mean {
			a, m, b := rows[2*w][i], rows[2*w+1][i], rows[2*w+2][i]
			mean[w] = (a + 4*m + b) / 6
		}
		out.Nodes[id] = mean
		out.Err[id] = make([]float64, windows)
	}
	if o.progress != nil {
		o.progress.Add(o.samples)
	}
	return out, nil
}
