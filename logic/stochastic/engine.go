package stochastic

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"unsafe"
)

// simulator runs trajectories; each worker owns one.
//
// Per transition it does work proportional to what changed: the rates of
// the flipped node's dependents are looked up by an incrementally kept
// table row; nodes with a non-zero rate are a bit set, summed per 64-node
// block (a block's sum is recomputed, in declaration order, only when one
// of its rates changed), so the total and the choice cost O(active + n/64);
// statistics are credited per interval when the value they follow changes
// (the output state, a series node, the transition entropy), not per
// transition.
type simulator struct {
	_   [cacheLine]byte // workers' simulators never share a cache line
	cfg *runConfig
	p   *prepared
	rng rand48

	state  []uint64
	row    []uint32  // row[i]: index of node i's rate table for the current state
	lrow   []uint32  // lrow[i]: index of a two-stage node's logic table
	rho    []float64 // current rates
	active []uint64  // bit i: rho[i] > 0
	block  []float64 // Σ rho over the active nodes of each 64-node block
	dirty  []bool    // block sums to recompute
	env    stateEnv

	// The last initial state and its rates, reused when the next
	// trajectory starts in the same state.
	init0 struct {
		ok            bool
		state, active []uint64
		row, lrow     []uint32
		rho, block    []float64
		out           []uint64
	}

	out      []uint64 // the output state, one bit per output node
	outState int      // its number in the accumulator
	since    float64  // when the trajectory entered it
	th       float64  // transition entropy of the current state
	thSince  float64
	onSince  []float64 // when each node last switched on
	seriesOf []int     // seriesOf[i]: i's index in cfg.series, or -1

	// Statistics of the window being filled, one cursor per stream.
	curW     int
	parts    []part
	thW      int
	thPart   float64
	nodeW    []int
	nodePart []float64

	key, full   []byte
	transitions int64 // of the current trajectory

	// badRate is the first node (of those without a rate table) whose rate
	// was negative, infinite or NaN, with the value; -1 for none.
	badRate  int
	badValue float64
	badState string
	badOn    bool

	// done is closed when the run is cancelled; nil never stops it.
	done <-chan struct{}
	_    [cacheLine]byte
}

// cacheLine is more than a cache line (two, as adjacent-line prefetchers
// pair them): per-worker data written on every transition is kept this far
// from other workers' — with 2 workers, tiny slices such as the state word
// of both simulators sharing a line cost a quarter of the speed-up.
const cacheLine = 128

// own returns a slice of n elements whose backing array has a cache line
// to itself.
func own[T any](n int) []T {
	var z T
	return make([]T, n, max(n, cacheLine/max(1, int(unsafe.Sizeof(z)))))
}

// part is the time a trajectory spends in one output state within the
// current window.
type part struct {
	state int
	dt    float64
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
	s := &simulator{cfg: cfg, p: p, state: own[uint64](p.words), row: own[uint32](p.n), lrow: own[uint32](p.n), rho: own[float64](p.n),
		active: own[uint64](p.words), block: own[float64](p.words), dirty: own[bool](p.words),
		out: own[uint64](max(p.outWords, 1)), onSince: own[float64](p.n), seriesOf: own[int](p.n),
		parts: own[part](0), nodeW: own[int](len(cfg.series)), nodePart: own[float64](len(cfg.series)),
		key: own[byte](8 * max(p.outWords, 1)), full: own[byte](8 * p.words)}
	s.env = stateEnv{p: p, state: s.state}
	s.badRate = -1
	for i := range s.seriesOf {
		s.seriesOf[i] = -1
	}
	for k, i := range cfg.series {
		s.seriesOf[i] = k
	}
	c := &s.init0
	c.state, c.active, c.out = make([]uint64, p.words), make([]uint64, p.words), make([]uint64, len(s.out))
	c.row, c.lrow, c.rho, c.block = make([]uint32, p.n), make([]uint32, p.n), make([]float64, p.n), make([]float64, p.words)
	return s
}

func (s *simulator) on(i int) bool { return s.state[i>>6]>>(i&63)&1 == 1 }

// rate returns node i's current rate.
func (s *simulator) rate(i int) float64 {
	if t := s.p.rates[i]; t != nil {
		return t[s.row[i]]
	}
	sr := &s.p.slow[i]
	var r float64
	if sr.compiled {
		logic := 0.0
		if sr.logicProg != nil && sr.logicProg.Eval(s.state, 0) != 0 {
			logic = 1
		}
		if s.on(i) {
			r = sr.downProg.Eval(s.state, logic)
		} else {
			r = sr.upProg.Eval(s.state, logic)
		}
	} else {
		s.env.params = sr.params
		s.env.logic = sr.logic != nil && sr.logic.Eval(&s.env) != 0
		if s.on(i) {
			r = sr.down.Eval(&s.env)
		} else {
			r = sr.up.Eval(&s.env)
		}
	}
	if !(r >= 0) || math.IsInf(r, 0) {
		// Tables are checked for every row when prepared; these rates
		// only now.
		if s.badRate < 0 {
			s.badRate, s.badValue, s.badState = i, r, describeNodes(s.p.net, s.p.deps[i], func(_, j int) int { return int(s.state[j>>6] >> (j & 63) & 1) })
			s.badOn = s.on(i)
		}
		return 0
	}
	return r
}

// rateError reports the bad rate the trajectory met.
func (s *simulator) rateError() error {
	which := "rate_up"
	if s.badOn {
		which = "rate_down"
	}
	net := s.p.net
	return newRateError(net, &net.Nodes[s.badRate], which, s.badValue, s.badState, s.p.slow[s.badRate].params)
}

// setRate stores node i's rate r.
func (s *simulator) setRate(i int, r float64) {
	if r == s.rho[i] {
		return
	}
	s.rho[i] = r
	w, b := i>>6, uint64(1)<<(i&63)
	if r != 0 {
		s.active[w] |= b
	} else {
		s.active[w] &^= b
	}
	s.dirty[w] = true
}

// total returns Σρᵢ. Within a block the active rates are summed in
// declaration order, so up to 64 nodes the sum is bit-identical to
// MaBoSS's sum over all nodes (adding a zero rate changes nothing).
func (s *simulator) total() float64 {
	t := 0.0
	for w, d := range s.dirty {
		if d {
			sum := 0.0
			for m := s.active[w]; m != 0; m &= m - 1 {
				sum += s.rho[w<<6|bits.TrailingZeros64(m)]
			}
			s.block[w], s.dirty[w] = sum, false
		}
		t += s.block[w]
	}
	return t
}

// choose returns the node that flips for r = U·total: the first node, in
// declaration order, at which r minus the rates before it drops below 0
// (the last active node if rounding leaves r ≥ 0; MaBoSS then takes its
// last node, whatever its rate: a case of about one step in 10^16).
func (s *simulator) choose(r float64) int {
	last := -1
	for w, b := range s.block {
		if b == 0 {
			continue
		}
		if r-b >= 0 {
			r -= b
			last = w
			continue
		}
		for m := s.active[w]; m != 0; m &= m - 1 {
			i := w<<6 | bits.TrailingZeros64(m)
			if r -= s.rho[i]; r < 0 {
				return i
			}
		}
		last = w
		break
	}
	m := s.active[last]
	return last<<6 | (63 - bits.LeadingZeros64(m))
}

// start sets the rates of the initial state, from the cache when the
// previous trajectory started in the same state.
func (s *simulator) start() {
	p, c := s.p, &s.init0
	if c.ok && slices.Equal(c.state, s.state) {
		copy(s.row, c.row)
		copy(s.lrow, c.lrow)
		copy(s.rho, c.rho)
		copy(s.active, c.active)
		copy(s.block, c.block)
		copy(s.out, c.out)
		clear(s.dirty)
		return
	}
	for i, deps := range p.tdeps {
		if p.rates[i] == nil {
			continue
		}
		s.row[i] = s.rowOf(deps)
		if p.logicBit[i] != 0 {
			s.lrow[i] = s.rowOf(p.ldeps[i])
			s.setLogic(i)
		}
	}
	clear(s.active)
	for i := range s.rho {
		s.rho[i] = 0
		s.setRate(i, s.rate(i))
	}
	for w := range s.dirty {
		s.dirty[w] = true
	}
	s.total()
	clear(s.out)
	for k, i := range p.outputs {
		if s.on(i) {
			s.out[k>>6] |= 1 << (k & 63)
		}
	}
	c.ok = true
	copy(c.state, s.state)
	copy(c.row, s.row)
	copy(c.lrow, s.lrow)
	copy(c.rho, s.rho)
	copy(c.active, s.active)
	copy(c.block, s.block)
	copy(c.out, s.out)
}

// rowOf returns the table row of the current values of nodes.
func (s *simulator) rowOf(nodes []int) uint32 {
	row := uint32(0)
	for k, j := range nodes {
		row |= uint32(s.state[j>>6]>>(j&63)&1) << k
	}
	return row
}

// setLogic sets the logic bit of two-stage node i's rate row from its
// logic table.
func (s *simulator) setLogic(i int) {
	r, b := s.lrow[i], s.p.logicBit[i]
	if s.p.logicTab[i][r>>6]>>(r&63)&1 == 1 {
		s.row[i] |= b
	} else {
		s.row[i] &^= b
	}
}

// run simulates trajectories first..last-1 into acc.
func (s *simulator) run(acc *accumulator, first, last int) error {
	opt := &s.cfg.opt
	maxT := opt.MaxTime
	final := opt.FinalOnly
	p := s.p
	for k := first; k < last; k++ {
		if s.stopped() {
			return errStopped
		}
		s.rng.seed(opt.Seed + int64(k))
		s.initial()
		s.start()
		if !final {
			s.enterState(acc, 0)
		}
		s.curW, s.parts, s.thW, s.thPart = 0, s.parts[:0], 0, 0
		clear(s.nodeW)
		clear(s.nodePart)
		for w, x := range s.state {
			for m := x; m != 0; m &= m - 1 {
				s.onSince[w<<6|bits.TrailingZeros64(m)] = 0
			}
		}
		s.th, s.thSince = 0, 0
		if !final && len(p.outputs) > 0 {
			s.th = s.entropy()
		}
		t, fixed := 0.0, false
		for {
			total := s.total()
			if total == 0 {
				fixed = true
				break
			}
			var dt float64
			if opt.DiscreteTime {
				dt = opt.TimeTick // as MaBoSS: one time_tick per transition
			} else {
				u := s.rng.float()
				if u == 0 {
					u = math.SmallestNonzeroFloat64
				}
				dt = -math.Log(u) / total
			}
			if t += dt; t >= maxT {
				break
			}
			s.flip(acc, s.choose(s.rng.float()*total), t)
			if s.transitions++; s.transitions&4095 == 0 && s.stopped() { // a long trajectory stops too
				return errStopped
			}
		}
		end := min(t, maxT)
		if fixed {
			s.fixedPoint(acc)
		}
		s.finish(acc, end)
		acc.trajectories++
		acc.transitions += s.transitions
		s.transitions = 0
		if s.badRate >= 0 {
			return s.rateError()
		}
		if acc.over {
			return ErrTooManyStates
		}
	}
	return nil
}

// flip switches node i at time t and updates what depends on it.
func (s *simulator) flip(acc *accumulator, i int, t float64) {
	p := s.p
	s.state[i>>6] ^= 1 << (i & 63)
	final := s.cfg.opt.FinalOnly
	if !final {
		if s.on(i) {
			s.onSince[i] = t
		} else {
			s.nodeOff(acc, i, s.onSince[i], t)
		}
	}
	thChanged := false
	for _, a := range p.affects[i] {
		j := int(a.node)
		s.row[j] ^= a.bit
		if a.lbit != 0 {
			s.lrow[j] ^= a.lbit
			s.setLogic(j)
		}
		var r float64
		if a.off >= 0 {
			r = p.flat[a.off+int(s.row[j])]
		} else {
			r = s.rate(j)
		}
		if r != s.rho[j] {
			s.setRate(j, r)
			thChanged = thChanged || a.out
		}
	}
	if k := p.outPos[i]; k >= 0 {
		s.out[k>>6] ^= 1 << (k & 63)
		if !final { // with FinalOnly the output state is looked up at the end only
			s.creditState(acc, s.outState, s.since, t)
			s.enterState(acc, t)
		}
	}
	if thChanged && !final {
		s.creditTH(acc, s.th, s.thSince, t)
		s.th, s.thSince = s.entropy(), t
	}
}

// finish closes the trajectory at time end (max_time, or when it reached
// a fixed point): the values in force are credited up to max_time (a fixed
// point's transition entropy is 0), and the open windows are flushed.
func (s *simulator) finish(acc *accumulator, end float64) {
	maxT := s.cfg.opt.MaxTime
	if s.cfg.opt.FinalOnly {
		s.enterState(acc, end)
		acc.addTime(s.outState, 0, 1)
		for w, x := range s.state {
			for m := x; m != 0; m &= m - 1 {
				i := w<<6 | bits.TrailingZeros64(m)
				acc.lastOn[i]++
				if k := s.seriesOf[i]; k >= 0 {
					acc.nodeSum[k][0]++
					acc.nodeSq[k][0]++
				}
			}
		}
		return
	}
	s.creditState(acc, s.outState, s.since, maxT)
	s.creditTH(acc, s.th, s.thSince, end)
	for w, x := range s.state {
		for m := x; m != 0; m &= m - 1 {
			i := w<<6 | bits.TrailingZeros64(m)
			s.nodeOff(acc, i, s.onSince[i], maxT)
		}
	}
	s.flushParts(acc)
	acc.thSum[s.thW] += s.thPart
	acc.thSq[s.thW] += s.thPart * s.thPart
	for k, v := range s.nodePart {
		acc.nodeSum[k][s.nodeW[k]] += v
		acc.nodeSq[k][s.nodeW[k]] += v * v
	}
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

// enterState looks up the number of the current output state, entered at
// time t.
func (s *simulator) enterState(acc *accumulator, t float64) {
	s.outState, s.since = acc.stateIndex(s.out, s.key), t
}

// entropy is the transition entropy of the current state over the output
// nodes: H = log₂E − Σρᵢlog₂ρᵢ/E with E = Σρᵢ over active outputs.
func (s *simulator) entropy() float64 {
	p := s.p
	ext, sum, n := 0.0, 0.0, 0
	for w, x := range s.active {
		for m := x & p.outMask[w]; m != 0; m &= m - 1 {
			i := w<<6 | bits.TrailingZeros64(m)
			r := s.rho[i]
			ext += r
			if t := p.rlog[i]; t != nil {
				sum += t[s.row[i]]
			} else {
				sum += rlog2(r)
			}
			n++
		}
	}
	if n < 2 {
		return 0
	}
	return max(0, math.Log2(ext)-sum/ext)
}

// window returns the statistics windows of t0 and t1.
func (s *simulator) window(t0, t1 float64) (int, int) {
	tau, W := s.cfg.opt.TimeTick, s.cfg.windows
	return min(int(t0/tau), W-1), min(int(t1/tau), W-1)
}

// creditState records that the trajectory was in output state st over
// [t0, t1): partial windows go to the current window's parts, whole
// windows to a difference array.
func (s *simulator) creditState(acc *accumulator, st int, t0, t1 float64) {
	if !(t1 > t0) {
		return
	}
	tau := s.cfg.opt.TimeTick
	wa, wb := s.window(t0, t1)
	if wa == wb {
		s.addPart(acc, wa, st, t1-t0)
		return
	}
	s.addPart(acc, wa, st, float64(wa+1)*tau-t0)
	if wb > wa+1 {
		acc.addFull(st, wa+1, wb)
	}
	if rest := t1 - float64(wb)*tau; rest > 0 {
		s.addPart(acc, wb, st, rest)
	}
}

// addPart credits dt in window w to output state st.
func (s *simulator) addPart(acc *accumulator, w, st int, dt float64) {
	if w != s.curW {
		s.flushParts(acc)
		s.curW = w
	}
	for k := range s.parts {
		if s.parts[k].state == st {
			s.parts[k].dt += dt
			return
		}
	}
	s.parts = append(s.parts, part{st, dt})
}

// flushParts moves the current window's parts into the accumulator.
func (s *simulator) flushParts(acc *accumulator) {
	w := s.curW
	for _, pt := range s.parts {
		acc.addTime(pt.state, w, pt.dt)
	}
	s.parts = s.parts[:0]
}

// creditTH records transition entropy th over [t0, t1).
func (s *simulator) creditTH(acc *accumulator, th, t0, t1 float64) {
	if !(t1 > t0) || th == 0 {
		return
	}
	tau := s.cfg.opt.TimeTick
	wa, wb := s.window(t0, t1)
	add := func(w int, x float64) {
		if w != s.thW {
			acc.thSum[s.thW] += s.thPart
			acc.thSq[s.thW] += s.thPart * s.thPart
			s.thW, s.thPart = w, 0
		}
		s.thPart += x
	}
	if wa == wb {
		add(wa, th*(t1-t0))
		return
	}
	add(wa, th*(float64(wa+1)*tau-t0))
	if wb > wa+1 {
		x := th * tau
		acc.thFull[wa+1] += x
		acc.thFull[wb] -= x
		acc.thFullSq[wa+1] += x * x
		acc.thFullSq[wb] -= x * x
	}
	if rest := t1 - float64(wb)*tau; rest > 0 {
		add(wb, th*rest)
	}
}

// nodeOff records that node i was on over [t0, t1): in its series, when
// it has one, and in the last window's node probabilities.
func (s *simulator) nodeOff(acc *accumulator, i int, t0, t1 float64) {
	if !(t1 > t0) {
		return
	}
	tau, W := s.cfg.opt.TimeTick, s.cfg.windows
	if lastStart := float64(W-1) * tau; t1 > lastStart {
		acc.lastOn[i] += t1 - max(t0, lastStart)
	}
	k := s.seriesOf[i]
	if k < 0 {
		return
	}
	wa, wb := s.window(t0, t1)
	add := func(w int, x float64) {
		if w != s.nodeW[k] {
			acc.nodeSum[k][s.nodeW[k]] += s.nodePart[k]
			acc.nodeSq[k][s.nodeW[k]] += s.nodePart[k] * s.nodePart[k]
			s.nodeW[k], s.nodePart[k] = w, 0
		}
		s.nodePart[k] += x
	}
	if wa == wb {
		add(wa, t1-t0)
		return
	}
	add(wa, float64(wa+1)*tau-t0)
	if wb > wa+1 {
		acc.nodeFull[k][wa+1]++
		acc.nodeFull[k][wb]--
	}
	if rest := t1 - float64(wb)*tau; rest > 0 {
		add(wb, rest)
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
