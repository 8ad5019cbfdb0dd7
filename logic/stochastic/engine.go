package stochastic

import (
	"encoding/binary"
	"errors"
	"math"
)

// accumulator holds the statistics of a set of trajectories (one chunk, or
// the merged total).
type accumulator struct {
	cfg          *runConfig
	trajectories int
	transitions  int64

	index map[string]int // output-state key -> state number
	keys  []string
	sum   [][]float64 // time spent in each state, per window
	sq    [][]float64 // Σ over trajectories of (time in the window)²
	full  [][]int32   // difference array of trajectories spending a whole window in the state

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
	a := &accumulator{cfg: cfg, index: map[string]int{}, fixed: map[string]int{},
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
	a.fixedCount = a.fixedCount[:0]
}

// stateIndex returns the number of an output state, adding it when new.
func (a *accumulator) stateIndex(key []byte) (int, error) {
	if s, ok := a.index[string(key)]; ok {
		return s, nil
	}
	if (len(a.keys)+1)*a.cfg.windows > a.cfg.opt.MaxCells {
		return 0, ErrTooManyStates
	}
	s := len(a.keys)
	k := string(key)
	a.index[k] = s
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
		sa, err := a.stateIndex([]byte(key))
		if err != nil {
			return err
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

// part is the time a trajectory spends in one output state within the
// current window.
type part struct {
	state int
	dt    float64
}

// simulator runs trajectories; each worker owns one.
type simulator struct {
	cfg   *runConfig
	p     *prepared
	rng   rand48
	state []uint64
	rho   []float64
	env   stateEnv

	// The window being filled by the current trajectory.
	curW      int
	parts     []part
	thPart    float64
	nodePart  []float64
	key, last []byte
	lastState int
	full      []byte

	// done is closed when the run is cancelled; nil never stops it.
	done <-chan struct{}
}

// errStopped is returned by run when the run is cancelled mid-chunk; the
// chunk is discarded (results are whole chunks, in order).
var errStopped = errors.New("stochastic: stopped")

// stopped reports whether the run has been cancelled.
func (s *simulator) stopped() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

func newSimulator(cfg *runConfig) *simulator {
	p := cfg.p
	s := &simulator{cfg: cfg, p: p, state: make([]uint64, p.words), rho: make([]float64, p.n),
		parts: make([]part, 0, 8), nodePart: make([]float64, len(cfg.series)),
		key: make([]byte, 8*p.words), last: make([]byte, 8*p.words), full: make([]byte, 8*p.words)}
	s.env = stateEnv{p: p, state: s.state}
	return s
}

func (s *simulator) on(i int) bool { return s.state[i>>6]>>(i&63)&1 == 1 }

// rate returns node i's current rate.
func (s *simulator) rate(i int) float64 {
	if t := s.p.rates[i]; t != nil {
		row := 0
		for k, j := range s.p.deps[i] {
			row |= int(s.state[j>>6]>>(j&63)&1) << k
		}
		return t[row]
	}
	sr := &s.p.slow[i]
	s.env.params = sr.params
	s.env.logic = sr.logic != nil && sr.logic.Eval(&s.env) != 0
	if s.on(i) {
		return sr.down.Eval(&s.env)
	}
	return sr.up.Eval(&s.env)
}

// run simulates trajectories first..last-1 into acc.
func (s *simulator) run(acc *accumulator, first, last int) error {
	opt := &s.cfg.opt
	tau, maxT := opt.TimeTick, opt.MaxTime
	p := s.p
	for k := first; k < last; k++ {
		if s.stopped() {
			return errStopped
		}
		s.rng.seed(opt.Seed + int64(k))
		s.initial()
		for i := range s.rho {
			s.rho[i] = s.rate(i)
		}
		s.curW, s.parts, s.thPart = 0, s.parts[:0], 0
		clear(s.nodePart)
		s.lastState = -1
		t := 0.0
		for {
			total := 0.0
			for _, r := range s.rho {
				total += r
			}
			st, err := s.outputState(acc)
			if err != nil {
				return err
			}
			if total == 0 {
				s.credit(acc, st, 0, t, maxT)
				s.fixedPoint(acc)
				break
			}
			var dt float64
			if opt.DiscreteTime {
				dt = 1
			} else {
				u := s.rng.float()
				if u == 0 {
					u = math.SmallestNonzeroFloat64
				}
				dt = -math.Log(u) / total
			}
			end := t + dt
			s.credit(acc, st, s.entropy(), t, min(end, maxT))
			t = end
			if t >= maxT {
				break
			}
			r := s.rng.float() * total
			flip := -1
			for i, ri := range s.rho {
				if ri == 0 {
					continue
				}
				flip = i
				r -= ri
				if r < 0 {
					break
				}
			}
			s.state[flip>>6] ^= 1 << (flip & 63)
			acc.transitions++
			if acc.transitions&4095 == 0 && s.stopped() { // a long trajectory stops too
				return errStopped
			}
			for _, i := range p.affects[flip] {
				s.rho[i] = s.rate(i)
			}
		}
		s.flush(acc)
		acc.trajectories++
	}
	_ = tau
	return nil
}

// initial draws the initial state from the istate groups.
func (s *simulator) initial() {
	clear(s.state)
	for gi := range s.p.init {
		g := &s.p.init[gi]
		alt := len(g.weights) - 1
		if len(g.weights) > 1 {
			u := s.rng.float()
			for a, w := range g.weights {
				if u < w {
					alt = a
					break
				}
			}
		}
		for k, i := range g.nodes {
			if g.values[alt][k] {
				s.state[i>>6] |= 1 << (i & 63)
			}
		}
	}
}

// outputState returns the number of the current output state.
func (s *simulator) outputState(acc *accumulator) (int, error) {
	for w, v := range s.state {
		binary.LittleEndian.PutUint64(s.key[8*w:], v&s.p.outMask[w])
	}
	if s.lastState >= 0 && string(s.key) == string(s.last) {
		return s.lastState, nil
	}
	st, err := acc.stateIndex(s.key)
	if err != nil {
		return 0, err
	}
	copy(s.last, s.key)
	s.lastState = st
	return st, nil
}

// entropy is the transition entropy of the current state over output nodes.
func (s *simulator) entropy() float64 {
	ext := 0.0
	for _, i := range s.p.outputs {
		ext += s.rho[i]
	}
	if ext == 0 {
		return 0
	}
	h := 0.0
	for _, i := range s.p.outputs {
		if r := s.rho[i]; r > 0 {
			q := r / ext
			h -= q * math.Log2(q)
		}
	}
	return h
}

// credit records that the trajectory is in output state st (with transition
// entropy th) over [t0, t1).
func (s *simulator) credit(acc *accumulator, st int, th, t0, t1 float64) {
	if !(t1 > t0) {
		return
	}
	tau := s.cfg.opt.TimeTick
	W := s.cfg.windows
	wa := min(int(t0/tau), W-1)
	wb := min(int(t1/tau), W-1)
	if wa == wb {
		s.add(acc, wa, st, th, t1-t0)
	} else {
		s.add(acc, wa, st, th, float64(wa+1)*tau-t0)
		if wb > wa+1 {
			acc.full[st][wa+1]++
			acc.full[st][wb]--
			acc.thFull[wa+1] += th * tau
			acc.thFull[wb] -= th * tau
			acc.thFullSq[wa+1] += th * tau * th * tau
			acc.thFullSq[wb] -= th * tau * th * tau
			for k, j := range s.cfg.series {
				if s.on(j) {
					acc.nodeFull[k][wa+1]++
					acc.nodeFull[k][wb]--
				}
			}
		}
		if rest := t1 - float64(wb)*tau; rest > 0 {
			s.add(acc, wb, st, th, rest)
		}
	}
	// Node probabilities in the last window.
	if lastStart := float64(W-1) * tau; t1 > lastStart {
		overlap := t1 - max(t0, lastStart)
		for i := 0; i < s.p.n; i++ {
			if s.on(i) {
				acc.lastOn[i] += overlap
			}
		}
	}
}

// add credits dt in window w to state st.
func (s *simulator) add(acc *accumulator, w, st int, th, dt float64) {
	if w != s.curW {
		s.flush(acc)
		s.curW = w
	}
	found := false
	for k := range s.parts {
		if s.parts[k].state == st {
			s.parts[k].dt += dt
			found = true
			break
		}
	}
	if !found {
		s.parts = append(s.parts, part{st, dt})
	}
	s.thPart += th * dt
	for k, j := range s.cfg.series {
		if s.on(j) {
			s.nodePart[k] += dt
		}
	}
}

// flush moves the current window's parts into the accumulator.
func (s *simulator) flush(acc *accumulator) {
	w := s.curW
	for _, pt := range s.parts {
		acc.sum[pt.state][w] += pt.dt
		acc.sq[pt.state][w] += pt.dt * pt.dt
	}
	s.parts = s.parts[:0]
	acc.thSum[w] += s.thPart
	acc.thSq[w] += s.thPart * s.thPart
	s.thPart = 0
	for k, v := range s.nodePart {
		acc.nodeSum[k][w] += v
		acc.nodeSq[k][w] += v * v
		s.nodePart[k] = 0
	}
}

// fixedPoint counts the current full state as a fixed point reached.
func (s *simulator) fixedPoint(acc *accumulator) {
	for w, v := range s.state {
		binary.LittleEndian.PutUint64(s.full[8*w:], v)
	}
	if i, ok := acc.fixed[string(s.full)]; ok {
		acc.fixedCount[i]++
		return
	}
	acc.addFixed(string(s.full), 1)
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
