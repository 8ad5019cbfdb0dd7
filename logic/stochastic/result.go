package stochastic

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/model"
)

// Result holds the statistics of a simulation.
type Result struct {
	Samples     int   // trajectories simulated
	Transitions int64 // node flips over all trajectories
	Complete    bool  // false when the run was interrupted
	MaxTime     float64
	TimeTick    float64
	Seed        int64
	// FinalOnly: the statistics are of the state at MaxTime (Options.FinalOnly),
	// in one window whose Times entry is MaxTime; TH is not computed.
	FinalOnly bool
	Outputs   []string  // non-internal nodes, in declaration order
	Times     []float64 // start of each window
	States    []StateSeries
	// Nodes gives, for each Series node, its probability of being on in
	// every window, and NodeErr its standard error.
	Nodes, NodeErr map[string][]float64
	// FinalNodes gives every node's probability of being on in the last window.
	FinalNodes map[string]float64
	// FixedPoints lists the fixed points trajectories ended in, most
	// frequent first.
	FixedPoints []FixedPoint
	// Entropy (H) of the output-state distribution and transition entropy
	// (TH) with its standard error, per window.
	H, TH, ErrTH []float64
}

// StateSeries is one output state's probability in every window.
type StateSeries struct {
	Label string    // active output nodes joined by " -- ", or "<nil>"
	Prob  []float64 // time-averaged probability per window
	Err   []float64 // standard error per window
}

// FixedPoint is a full state in which trajectories stopped.
type FixedPoint struct {
	Probability float64 // fraction of trajectories that ended in it
	// key is the state as the accumulator keeps it (one bit per node,
	// little-endian 64-bit words) and ids the node ids: a run can end in
	// thousands of fixed points (2,096 on Montagud at 20,000 samples), so
	// their node lists are built only when asked for.
	key string
	ids []string
}

// On returns the nodes on in the fixed point, in declaration order (the
// others are off).
func (f FixedPoint) On() []string {
	var on []string
	for i, id := range f.ids {
		if f.key[i>>3]>>(i&7)&1 == 1 {
			on = append(on, id)
		}
	}
	return on
}

// Final returns the probability of each output state in the last window.
func (r *Result) Final() map[string]float64 {
	m := map[string]float64{}
	for _, s := range r.States {
		if p := s.Prob[len(s.Prob)-1]; p > 0 {
			m[s.Label] = p
		}
	}
	return m
}

func (a *accumulator) result(net *model.Network, cfg *runConfig) *Result {
	a.settle()
	p := cfg.p
	opt := &cfg.opt
	N := float64(a.trajectories)
	W := cfg.windows
	tau := opt.TimeTick
	if opt.FinalOnly {
		tau = 1 // sums are counts of trajectories
	}
	r := &Result{Samples: a.trajectories, Transitions: a.transitions, MaxTime: opt.MaxTime, TimeTick: opt.TimeTick, Seed: opt.Seed, FinalOnly: opt.FinalOnly,
		Nodes: map[string][]float64{}, NodeErr: map[string][]float64{}, FinalNodes: map[string]float64{},
		H: make([]float64, W), TH: make([]float64, W), ErrTH: make([]float64, W)}
	for _, i := range p.outputs {
		r.Outputs = append(r.Outputs, p.ids[i])
	}
	for w := 0; w < W; w++ {
		r.Times = append(r.Times, float64(w)*tau)
	}
	if opt.FinalOnly {
		r.Times[0] = opt.MaxTime
	}
	if N == 0 {
		return r
	}
	for s, key := range a.keys {
		ss := StateSeries{Label: label(p, key), Prob: make([]float64, W), Err: make([]float64, W)}
		for w := 0; w < W; w++ {
			pg := a.cells[s][w/pageWindows]
			if pg == nil {
				continue
			}
			prob, se := meanErr(pg.sum[w%pageWindows], pg.sq[w%pageWindows], N, tau)
			ss.Prob[w], ss.Err[w] = prob, se
			if prob > 0 {
				r.H[w] -= prob * math.Log2(prob)
			}
		}
		r.States = append(r.States, ss)
	}
	sort.SliceStable(r.States, func(i, j int) bool { return r.States[i].Label < r.States[j].Label })
	for w := 0; w < W; w++ {
		r.TH[w], r.ErrTH[w] = meanErr(a.thSum[w], a.thSq[w], N, tau)
	}
	for k, i := range cfg.series {
		probs, errs := make([]float64, W), make([]float64, W)
		for w := range probs {
			probs[w], errs[w] = meanErr(a.nodeSum[k][w], a.nodeSq[k][w], N, tau)
		}
		r.Nodes[p.ids[i]] = probs
		r.NodeErr[p.ids[i]] = errs
	}
	lastWidth := min(tau, opt.MaxTime-float64(W-1)*tau)
	if opt.FinalOnly {
		lastWidth = 1
	}
	for i, v := range a.lastOn {
		r.FinalNodes[p.ids[i]] = roundProb(v / (lastWidth * N))
	}
	for k, key := range a.fixedKeys {
		r.FixedPoints = append(r.FixedPoints, FixedPoint{Probability: float64(a.fixedCount[k]) / N, key: key, ids: p.ids})
	}
	sort.SliceStable(r.FixedPoints, func(i, j int) bool { return r.FixedPoints[i].Probability > r.FixedPoints[j].Probability })
	return r
}

// meanErr returns MaBoSS's time-averaged probability and its standard error:
// P = Σslice/(τN), Var = Σslice²/((N−1)τ²) − P²·N/(N−1), error = √(Var/N).
func meanErr(sum, sq, n, tau float64) (float64, float64) {
	p := roundProb(sum / (tau * n))
	if n < 2 {
		return p, 0
	}
	v := sq/((n-1)*tau*tau) - p*p*n/(n-1)
	if v < 0 {
		v = 0
	}
	return p, math.Sqrt(v / n)
}

// roundProb rounds a time-averaged probability to 12 decimals: summing a
// window's slices leaves errors near 1e-15 (a node on all the time read
// 0.9999999999999987), far below the Monte Carlo error of any sample size.
func roundProb(p float64) float64 { return math.Round(p*1e12) / 1e12 }

// label names an output state (its compact key) as MaBoSS prints it.
func label(p *prepared, key string) string {
	var on []string
	for k, i := range p.outputs {
		w := binary.LittleEndian.Uint64([]byte(key[8*(k>>6):]))
		if w>>(k&63)&1 == 1 {
			on = append(on, p.ids[i])
		}
	}
	if len(on) == 0 {
		return "<nil>"
	}
	return strings.Join(on, " -- ")
}

// WriteProbTraj writes the statistics as MaBoSS's probtraj table: one row
// per window with Time, TH, ErrorTH, H, HD=0 and then State, Proba,
// ErrorProba for every output state with a non-zero probability in that
// window (tab-separated, six decimals as MaBoSS prints them).
func (r *Result) WriteProbTraj(w io.Writer) error {
	b := bufio.NewWriter(w)
	maxStates := 0
	for k := range r.Times {
		n := 0
		for _, s := range r.States {
			if s.Prob[k] > 0 {
				n++
			}
		}
		maxStates = max(maxStates, n)
	}
	b.WriteString("Time\tTH\tErrorTH\tH\tHD=0")
	for i := 0; i < maxStates; i++ {
		b.WriteString("\tState\tProba\tErrorProba")
	}
	b.WriteString("\n")
	// strconv, not fmt: a large run's table is tens of megabytes.
	var line []byte
	for k, t := range r.Times {
		line = strconv.AppendFloat(line[:0], t, 'f', 4, 64)
		for _, x := range []float64{r.TH[k], r.ErrTH[k], r.H[k], 1.0} {
			line = append(line, '\t')
			line = strconv.AppendFloat(line, x, 'f', 4, 64)
		}
		for _, s := range r.States {
			if s.Prob[k] > 0 {
				line = append(append(line, '\t'), s.Label...)
				line = strconv.AppendFloat(append(line, '\t'), s.Prob[k], 'f', 6, 64)
				line = strconv.AppendFloat(append(line, '\t'), s.Err[k], 'f', 6, 64)
			}
		}
		b.Write(append(line, '\n'))
	}
	return b.Flush()
}

// WriteFinal writes the probability of each output state in the last
// window (with FinalOnly, at MaxTime) as a tab-separated table, State,
// Proba and ErrorProba, most probable first.
func (r *Result) WriteFinal(w io.Writer) error {
	b := bufio.NewWriter(w)
	b.WriteString("State\tProba\tErrorProba\n")
	last := len(r.Times) - 1
	order := make([]int, 0, len(r.States))
	for k, s := range r.States {
		if last >= 0 && s.Prob[last] > 0 {
			order = append(order, k)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return r.States[order[i]].Prob[last] > r.States[order[j]].Prob[last] })
	for _, k := range order {
		s := &r.States[k]
		fmt.Fprintf(b, "%s\t%.6f\t%.6f\n", s.Label, s.Prob[last], s.Err[last])
	}
	return b.Flush()
}
