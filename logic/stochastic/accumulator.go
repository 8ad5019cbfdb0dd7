package stochastic

import "encoding/binary"

// accumulator holds the statistics of a set of trajectories (one chunk, or
// the merged total).
type accumulator struct {
	_            [cacheLine]byte
	cfg          *runConfig
	trajectories int
	transitions  int64

	index  map[string]int // output-state key (compact output bits, little-endian words) -> state number
	index1 map[uint64]int // the same for up to 64 output nodes
	keys   []string
	// cells[s][w/pageWindows] holds state s's statistics in window w, or
	// nil when no trajectory was in s in those windows: memory grows with
	// the (state, window) pairs reached, as MaBoSS's per-window maps do,
	// not with states × windows.
	cells  [][]*page
	slabs  [][]page // the pages newPage hands out, reused after a reset
	npages int
	over   bool // more cells than Options.MaxCells were needed

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
	a.cells = a.cells[:0]
	for i := range a.slabs {
		clear(a.slabs[i])
	}
	a.npages, a.over = 0, false
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
func (a *accumulator) stateIndex(out []uint64, key []byte) int {
	if len(out) == 1 {
		if s, ok := a.index1[out[0]]; ok {
			return s
		}
	}
	for w, v := range out {
		binary.LittleEndian.PutUint64(key[8*w:], v)
	}
	if s, ok := a.index[string(key)]; ok {
		return s
	}
	return a.addState(key)
}

// addState adds output state key.
func (a *accumulator) addState(key []byte) int {
	s := len(a.keys)
	k := string(key)
	a.index[k] = s
	if len(key) == 8 {
		a.index1[binary.LittleEndian.Uint64(key)] = s
	}
	a.keys = append(a.keys, k)
	n := a.cfg.windows/pageWindows + 1
	if s < cap(a.cells) && cap(a.cells[:s+1][s]) >= n {
		// Reuse a page table from before a reset.
		a.cells = a.cells[:s+1]
		a.cells[s] = a.cells[s][:n]
		clear(a.cells[s])
	} else {
		a.cells = append(a.cells, make([]*page, n))
	}
	return s
}

// pageWindows is the number of windows in a page of state statistics.
const pageWindows = 8

// page holds one state's statistics in pageWindows consecutive windows.
type page struct {
	sum  [pageWindows]float64 // time spent in the state
	sq   [pageWindows]float64 // Σ over trajectories of (time in the window)²
	full [pageWindows]int32   // difference array of trajectories spending whole windows in it
}

// page returns the page of state st holding window w.
func (a *accumulator) page(st, w int) *page {
	pg := a.cells[st][w/pageWindows]
	if pg == nil {
		pg = a.newPage()
		a.cells[st][w/pageWindows] = pg
	}
	return pg
}

// slabPages is the number of pages allocated at a time.
const slabPages = 256

// newPage hands out a zeroed page.
func (a *accumulator) newPage() *page {
	i, j := a.npages/slabPages, a.npages%slabPages
	if i == len(a.slabs) {
		a.slabs = append(a.slabs, make([]page, slabPages))
	}
	a.npages++
	if a.npages*pageWindows > a.cfg.opt.MaxCells {
		a.over = true
	}
	return &a.slabs[i][j]
}

// addTime credits dt in window w to state st (one trajectory's whole
// time in that window).
func (a *accumulator) addTime(st, w int, dt float64) {
	pg := a.page(st, w)
	pg.sum[w%pageWindows] += dt
	pg.sq[w%pageWindows] += dt * dt
}

// addFull marks that one trajectory spends windows wa..wb−1 whole in st.
func (a *accumulator) addFull(st, wa, wb int) {
	a.page(st, wa).full[wa%pageWindows]++
	a.page(st, wb).full[wb%pageWindows]--
}

// settle turns the difference arrays of whole windows into sums.
func (a *accumulator) settle() {
	tau := a.cfg.opt.TimeTick
	for st := range a.keys {
		c := int32(0)
		for k, pg := range a.cells[st] {
			if pg == nil {
				if c == 0 {
					continue
				}
				pg = a.page(st, k*pageWindows)
			}
			for i := range pg.full {
				c += pg.full[i]
				if c != 0 {
					pg.sum[i] += float64(c) * tau
					pg.sq[i] += float64(c) * tau * tau
				}
				pg.full[i] = 0
			}
		}
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
			sa = a.addState([]byte(key))
		}
		for k, pb := range b.cells[sb] {
			if pb == nil {
				continue
			}
			pa := a.page(sa, k*pageWindows)
			for i := range pb.sum {
				pa.sum[i] += pb.sum[i]
				pa.sq[i] += pb.sq[i]
			}
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
	if a.over {
		return ErrTooManyStates
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
