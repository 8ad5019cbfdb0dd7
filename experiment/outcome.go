package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"

	"github.com/ikklab/ikklab/internal/parallel"
)

// RunOutcome is what one run of a plan computed, exported so that runs
// done elsewhere (a shard on another machine) can be put back into a plan
// (Plan.SetOutcomes) and assembled into the same result as a local run.
type RunOutcome struct {
	Index    int
	Times    []float64
	Tick     float64
	Nodes    map[string][]float64
	Err      map[string][]float64
	Samples  int
	Exact    bool
	Warnings []string
}

// Outcomes returns the outcomes of the runs with the given indices; every
// one must have finished.
func (p *Plan) Outcomes(indices []int) ([]RunOutcome, error) {
	out := make([]RunOutcome, 0, len(indices))
	for _, i := range indices {
		if i < 0 || i >= len(p.runs) {
			return nil, fmt.Errorf("run %d outside 0..%d", i, len(p.runs)-1)
		}
		r := p.runs[i]
		if r.out == nil || !r.out.Complete {
			return nil, fmt.Errorf("run %d has not finished", i)
		}
		o := r.out
		out = append(out, RunOutcome{Index: i, Times: o.Times, Tick: o.Tick, Nodes: o.Nodes, Err: o.Err,
			Samples: o.Samples, Exact: o.Exact, Warnings: r.warns})
	}
	return out, nil
}

// SetOutcomes puts outcomes computed elsewhere into the plan. Each must
// fit it: an index in range, given once, and a series for every node the
// run reads.
func (p *Plan) SetOutcomes(outs []RunOutcome) error {
	if !p.resolved {
		return fmt.Errorf("the plan was interrupted before its runs were listed")
	}
	want := p.readNodes()
	for _, o := range outs {
		if o.Index < 0 || o.Index >= len(p.runs) {
			return fmt.Errorf("run %d outside 0..%d", o.Index, len(p.runs)-1)
		}
		r := p.runs[o.Index]
		if r.out != nil {
			return fmt.Errorf("run %d given twice", o.Index)
		}
		for _, id := range want {
			if len(o.Nodes[id]) != len(o.Times) || len(o.Err[id]) != len(o.Times) || len(o.Times) == 0 {
				return fmt.Errorf("run %d: no series for %s", o.Index, id)
			}
		}
		for id, series := range o.Nodes {
			if len(series) != len(o.Times) || len(o.Err[id]) != len(o.Times) {
				return fmt.Errorf("run %d: the series of %s has %d points, not %d", o.Index, id, len(series), len(o.Times))
			}
		}
		r.out = &outcome{Times: o.Times, Tick: o.Tick, Nodes: o.Nodes, Err: o.Err, Samples: o.Samples, Exact: o.Exact, Complete: true}
		r.warns = o.Warnings
	}
	return nil
}

// Missing lists the runs without an outcome.
func (p *Plan) Missing() []int {
	var out []int
	for i, r := range p.runs {
		if r.out == nil || !r.out.Complete {
			out = append(out, i)
		}
	}
	return out
}

// readNodes are the nodes every run's outcome has a series for.
func (p *Plan) readNodes() []string {
	if p.s.Activities {
		ids := make([]string, len(p.base.Nodes))
		for i, n := range p.base.Nodes {
			ids[i] = n.ID
		}
		return ids
	}
	return p.s.Readouts
}

// ResultsOf assembles the results of plans (Plan.Result) with up to
// workers of them side by side, into out (one per plan, in order).
func ResultsOf(ctx context.Context, plans []*Plan, workers int, out []*Result) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, len(plans))
	parallel.For(ctx, len(plans), workers, func(i int) { out[i], errs[i] = plans[i].Result() })
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// ResultFromJSON reads back a result of this plan assembled elsewhere (its
// JSON, Result.JSON) and attaches the plan's spec, which the tables read:
// the same values and tables as Result gives here. The fitted curves of
// dose series are not in the JSON, so plots of them need Result.
func (p *Plan) ResultFromJSON(data []byte) (*Result, error) {
	var res Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("not a result: %v", err)
	}
	if res.Name != p.s.Name || res.Seed != p.s.Seed || res.Samples != p.s.Samples {
		return nil, fmt.Errorf("a result of %s (seed %d, %d samples), not of this spec", res.Name, res.Seed, res.Samples)
	}
	res.Spec = p.s
	return &res, nil
}
