package stochastic

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ikklab/ikklab/model"
)

// Options sets a simulation. The zero value of a field means its documented
// default.
type Options struct {
	Samples      int     // trajectories; default 1000
	MaxTime      float64 // simulated time; default 100
	TimeTick     float64 // statistics window width; default 1
	Seed         int64   // trajectory k uses rand48 seeded with Seed+k
	DiscreteTime bool    // every transition takes one TimeTick, as MaBoSS's discrete_time
	Workers      int     // default runtime.GOMAXPROCS(0)
	// Series lists nodes whose time-averaged probability of being on is
	// recorded in every window (output states are always recorded).
	Series []string
	// Mutations fix nodes by infinitely fast flips (knock-outs, over-expression).
	Mutations []Mutation
	// Progress, when not nil, is told how many trajectories are done.
	Progress Progress
	// MaxCells bounds the (output state, window) cells kept in memory,
	// counted in pages of 8 windows; default 2e7 (about 400 MB).
	MaxCells int
	// FinalOnly keeps only the state of each trajectory at MaxTime, as
	// MaBoSS's --final does: the result has one "window", the fraction of
	// trajectories in each output state (and each node on) at MaxTime, with
	// binomial standard errors, and no transition entropy. Nothing is
	// credited per transition.
	FinalOnly bool
}

// Progress receives the number of trajectories finished since the last call.
type Progress interface{ Add(n int) }

// chunkSize is the number of trajectories one unit of work simulates; the
// merge order of chunks is fixed, which makes results independent of the
// number of workers.
const chunkSize = 4096

// ErrTooManyStates is returned when the output states do not fit in memory.
var ErrTooManyStates = errors.New("stochastic: too many distinct output states for the statistics windows; mark more nodes internal or widen time_tick")

func (o *Options) defaults() error {
	if o.Samples == 0 {
		o.Samples = 1000
	}
	if o.MaxTime == 0 {
		o.MaxTime = 100
	}
	if o.TimeTick == 0 {
		o.TimeTick = 1
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxCells == 0 {
		o.MaxCells = 2e7
	}
	switch {
	case o.Samples < 0 || o.Samples > 1e9:
		return fmt.Errorf("stochastic: samples %d outside 1..1e9", o.Samples)
	case !(o.MaxTime > 0) || math.IsInf(o.MaxTime, 0):
		return fmt.Errorf("stochastic: max_time %g must be positive", o.MaxTime)
	case !(o.TimeTick > 0) || math.IsInf(o.TimeTick, 0):
		return fmt.Errorf("stochastic: time_tick %g must be positive", o.TimeTick)
	case o.MaxTime/o.TimeTick > 1e6:
		return fmt.Errorf("stochastic: %g windows (max_time/time_tick) is more than 1e6", math.Ceil(o.MaxTime/o.TimeTick))
	}
	return nil
}

// Simulate runs the trajectories and returns their statistics. When ctx is
// cancelled every worker stops within one trajectory (or 4,096 transitions
// of a long one), and Simulate returns the statistics of the chunks
// finished before the first unfinished one, with Complete false.
func Simulate(ctx context.Context, net *model.Network, params map[string]float64, opt Options) (*Result, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	net, err := inScanOrder(net)
	if err != nil {
		return nil, err
	}
	p, err := prepare(net, params, opt.Mutations)
	if err != nil {
		return nil, err
	}
	series := make([]int, 0, len(opt.Series))
	for _, s := range opt.Series {
		i, ok := net.Index(s)
		if !ok {
			return nil, fmt.Errorf("stochastic: unknown series node %q", s)
		}
		series = append(series, i)
	}
	windows := int(math.Ceil(opt.MaxTime/opt.TimeTick - 1e-9))
	if opt.FinalOnly {
		windows = 1
	}
	cfg := runConfig{p: p, opt: opt, windows: windows, series: series}

	chunks := (opt.Samples + chunkSize - 1) / chunkSize
	type done struct {
		index int
		acc   *accumulator
		err   error
	}
	jobs := make(chan int)
	results := make(chan done)
	// Chunk accumulators are reused through a free list (not a sync.Pool,
	// so that they can be let go of before the result is built).
	var mu sync.Mutex
	var spare []*accumulator
	get := func() *accumulator {
		mu.Lock()
		defer mu.Unlock()
		if n := len(spare); n > 0 {
			a := spare[n-1]
			spare = spare[:n-1]
			return a
		}
		return newAccumulator(&cfg)
	}
	var wg sync.WaitGroup
	for w := 0; w < min(opt.Workers, chunks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim := newSimulator(&cfg)
			sim.done = ctx.Done()
			for c := range jobs {
				acc := get()
				first := c * chunkSize
				last := min(first+chunkSize, opt.Samples)
				err := sim.run(acc, first, last)
				acc.settle() // in the worker, so the merge stays cheap
				results <- done{c, acc, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for c := 0; c < chunks; c++ {
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	total := newAccumulator(&cfg)
	pending := map[int]*accumulator{}
	next, merged := 0, 0
	var firstErr error
	for r := range results {
		if errors.Is(r.err, errStopped) {
			continue // a cancelled chunk: the merge stops before it
		}
		if r.err != nil && firstErr == nil {
			firstErr = r.err
		}
		pending[r.index] = r.acc
		for {
			acc, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if firstErr == nil {
				if err := total.merge(acc); err != nil {
					firstErr = err
				}
				merged += acc.trajectories
			}
			if opt.Progress != nil {
				opt.Progress.Add(acc.trajectories)
			}
			acc.reset()
			mu.Lock()
			spare = append(spare, acc)
			mu.Unlock()
			next++
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	mu.Lock()
	big := len(spare) > 0 && total.npages > bigPages
	spare = nil
	mu.Unlock()
	if big {
		// The chunks' pages are as large as the total's, and the result
		// about as large again: free them first, so that peak memory is
		// the total and the result, not three copies.
		runtime.GC()
	}
	res := total.result(net, &cfg)
	res.Complete = merged == opt.Samples
	return res, nil
}

// inScanOrder returns net with its nodes in net.ScanOrder (MaBoSS's
// numbering, for a .bnd model), so that rates are summed, the flipping node
// is chosen, random initial values are drawn and output states are named
// in MaBoSS's order: the same seed then gives MaBoSS's trajectories.
func inScanOrder(net *model.Network) (*model.Network, error) {
	if net.ScanOrder == nil {
		return net, nil
	}
	nodes := make([]model.Node, 0, len(net.Nodes))
	for _, id := range net.ScanOrder {
		nd, ok := net.Node(id)
		if !ok {
			return nil, fmt.Errorf("stochastic: scan order names unknown node %q", id)
		}
		nodes = append(nodes, *nd)
	}
	if len(nodes) != len(net.Nodes) {
		return nil, fmt.Errorf("stochastic: scan order has %d of %d nodes", len(nodes), len(net.Nodes))
	}
	return model.NewWith(net.Name, nodes, net.Params, net.Init)
}

// bigPages is the number of statistics pages (8 MB of them) above which
// Simulate collects the chunks' memory before building its result.
const bigPages = 8 << 20 / int(unsafe.Sizeof(page{}))

// runConfig is shared, read-only run information.
type runConfig struct {
	p       *prepared
	opt     Options
	windows int
	series  []int
}
