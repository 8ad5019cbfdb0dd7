package stochastic

import "encoding/binary"

// accumulator holds the statistics of a set of trajectories (one chunk, or
// the merged total).
type accumulator struct {
	cfg          *runConfig
	trajectories int
	transitions  int64

	index  map[string]int // output-state key (compact output bits, little-endian words) -> state number
	index1 map[uint64]int // the same for up to 64 output nodes
	keys   []string
	sum    [][]float64 // time spent in each state, per window
	sq     [][]float64 // Σ over trajectories of (time in the window)²
	full   [][]int32   // difference array of trajectories spending a whole window in the state

	thSum, thSq      []float64 // transition entropy integrated over windows
	thFull, thFullSq []float64 // difference arrays for whole windows
	nodeSum, nodeSq  [][]float64
	nodeFull         [][]int32
	lastOn           []float64 // time each node is on in the last window
	fixed            map[string]int
	fixedKeys        []string
	fixedCount       []int
}

func newAccumulator(cfg *runConfig) *accumulator {
	w := cfg.windows
	a := &accumulator{cfg: cfg, index: map[string]int{}, index1: map[uint64]int{}, fixed: map[string]int{},
		thSum: make([]float64, w), thSq: make([]float64, w), thFull: make([]float64, w+1), thFullSq: make([]float64, w+1),
		lastOn: make([]float64, cfg.p.n)}
	for range cfg.series {
		a.nodeSum = append(a.nodeSum, make([]float64, w))
		a.nodeSq = append(a.nodeSq, make([]float64, w))
		a.nodeFull = append(a.nodeFull, make([]int32, w+1))
	}
	return a
}

func (a *accumulator) reset() {
	a.trajectories, a.transitions = 0, 0
	clear(a.index)
	clear(a.index1)
	a.keys = a.keys[:0]
	a.sum, a.sq, a.full = a.sum[:0], a.sq[:0], a.full[:0]
	clear(a.thSum)
	clear(a.thSq)
	clear(a.thFull)
	clear(a.thFullSq)
	for k := range a.nodeSum {
		clear(a.nodeSum[k])
		clear(a.nodeSq[k])
		clear(a.nodeFull[k])
	}
	clear(a.lastOn)
	clear(a.fixed)
	a.fixedKeys = a.fixedKeys[:0]
	a.fixedCount = a.fixedCount[:0]
}

// stateIndex returns the number of output state out (compact output
// bits), adding it when new; key is scratch space of 8·len(out) bytes.
func (a *accumulator) stateIndex(out []uint64, key []byte) (int, error) {
	if len(out) == 1 {
		if s, ok := a.index1[out[0]]; ok {
			return s, nil
		}
	}
	for w, v := range out {
		binary.LittleEndian.PutUint64(key[8*w:], v)
	}
	if s, ok := a.index[string(key)]; ok {
		return s, nil
	}
	return a.addState(key)
}

// addState adds output state key.
func (a *accumulator) addState(key []byte) (int, error) {
	if (len(a.keys)+1)*a.cfg.windows > a.cfg.opt.MaxCells {
		return 0, ErrTooManyStates
	}
	s := len(a.keys)
	k := string(key)
	a.index[k] = s
	if len(key) == 8 {
		a.index1[binary.LittleEndian.Uint64(key)] = s
	}
	a.keys = append(a.keys, k)
	w := a.cfg.windows
	if s < cap(a.sum) && a.sum[:s+1][s] != nil {
		// Reuse arrays from before a reset.
		a.sum, a.sq, a.full = a.sum[:s+1], a.sq[:s+1], a.full[:s+1]
		clear(a.sum[s])
		clear(a.sq[s])
		clear(a.full[s])
	} else {
		a.sum, a.sq, a.full = a.sum[:s], a.sq[:s], a.full[:s]
		a.sum = append(a.sum, make([]float64, w))
		a.sq = append(a.sq, make([]float64, w))
		a.full = append(a.full, make([]int32, w+1))
	}
	return s, nil
}

// settle turns the difference arrays of whole windows into sums.
func (a *accumulator) settle() {
	tau := a.cfg.opt.TimeTick
	for s := range a.keys {
		c := int32(0)
		full, sum, sq := a.full[s], a.sum[s], a.sq[s]
		for w := range sum {
			c += full[w]
			if c != 0 {
				sum[w] += float64(c) * tau
				sq[w] += float64(c) * tau * tau
			}
			full[w] = 0
		}
		full[len(sum)] = 0
	}
	th, th2 := 0.0, 0.0
	for w := range a.thSum {
		th += a.thFull[w]
		th2 += a.thFullSq[w]
		a.thSum[w] += th
		a.thSq[w] += th2
		a.thFull[w], a.thFullSq[w] = 0, 0
	}
	a.thFull[len(a.thSum)], a.thFullSq[len(a.thSum)] = 0, 0
	for k := range a.nodeSum {
		c := int32(0)
		for w := range a.nodeSum[k] {
			c += a.nodeFull[k][w]
			a.nodeSum[k][w] += float64(c) * tau
			a.nodeSq[k][w] += float64(c) * tau * tau
			a.nodeFull[k][w] = 0
		}
		a.nodeFull[k][len(a.nodeSum[k])] = 0
	}
}

// merge adds the statistics of b, which must be settled, to a.
func (a *accumulator) merge(b *accumulator) error {
	a.trajectories += b.trajectories
	a.transitions += b.transitions
	for sb, key := range b.keys {
		sa, ok := a.index[key]
		if !ok {
			var err error
			if sa, err = a.addState([]byte(key)); err != nil {
				return err
			}
		}
		for w, v := range b.sum[sb] {
			a.sum[sa][w] += v
			a.sq[sa][w] += b.sq[sb][w]
		}
	}
	for w := range a.thSum {
		a.thSum[w] += b.thSum[w]
		a.thSq[w] += b.thSq[w]
	}
	for k := range a.nodeSum {
		for w, v := range b.nodeSum[k] {
			a.nodeSum[k][w] += v
			a.nodeSq[k][w] += b.nodeSq[k][w]
		}
	}
	for i, v := range b.lastOn {
		a.lastOn[i] += v
	}
	for k, key := range b.fixedKeys {
		a.addFixed(key, b.fixedCount[k])
	}
	return nil
}

// addFixed adds n trajectories ending in the fixed point with key.
func (a *accumulator) addFixed(key string, n int) {
	i, ok := a.fixed[key]
	if !ok {
		i = len(a.fixedKeys)
		a.fixed[key] = i
		a.fixedKeys = append(a.fixedKeys, key)
		a.fixedCount = append(a.fixedCount, 0)
	}
	a.fixedCount[i] += n
}
