package ode

import (
	"context"
	"fmt"
	"math"
)

// Stop says where Advance stopped: at the requested time, or earlier where
// events fired.
type Stop struct {
	T float64
	// Events lists the indices (into Problem.Events) of the events that
	// fired at T, in index order; empty when Advance reached its time. The
	// slice is reused by the next call.
	Events []int
}

// Solver integrates one Problem. It is not safe for concurrent use; use one
// Solver per goroutine.
type Solver struct {
	p   Problem
	n   int
	set settings
	cur Method // DormandPrince or Rodas5P
	// stepMethod made the last accepted step (its dense output).
	stepMethod Method

	t, h float64   // current point and the next step size to try
	y    []float64 // state at t
	f0   []float64 // f(t, y) when f0ok
	f0ok bool
	ynew []float64 // a step's candidate result
	err  []float64 // a step's error estimate

	// The last accepted step, for dense output over [t0, t]: it started at
	// t0 with state y0 and had length hs (t may be below t0+hs when an event
	// truncated it).
	t0, hs    float64
	y0        []float64
	stepOK    bool
	denseOK   bool
	rejected  bool // the previous attempt was rejected
	naccepted int  // accepted steps since Init

	dp dopri
	rw rodas

	// Controllers' memory: DOPRI5's PI controller and RODAS's predictive one.
	facOld, hAcc, errAcc float64
	// Stiffness detection (Auto).
	stiffCount, nonStiffCount int
	stop                      float64 // never step past this time

	g       []float64 // event functions at t
	gNew    []float64
	fired   []int
	pending bool // events in fired happened at t and are not yet reported
	yr      []float64

	stats Stats
}

// NewSolver checks the problem and options and allocates every buffer the
// integration needs. Call Init before Advance.
func NewSolver(p Problem, o Options) (*Solver, error) {
	if p.N <= 0 {
		return nil, fmt.Errorf("ode: %d equations", p.N)
	}
	if p.F == nil {
		return nil, fmt.Errorf("ode: no right-hand side")
	}
	for i, e := range p.Events {
		if e.G == nil || e.Direction < -1 || e.Direction > 1 {
			return nil, fmt.Errorf("ode: event %d: needs a root function and a direction of -1, 0 or 1", i)
		}
	}
	set, err := o.settings(p.N)
	if err != nil {
		return nil, err
	}
	n := p.N
	s := &Solver{p: p, n: n, set: set,
		y: make([]float64, n), f0: make([]float64, n), ynew: make([]float64, n),
		err: make([]float64, n), y0: make([]float64, n), yr: make([]float64, n),
		g: make([]float64, len(p.Events)), gNew: make([]float64, len(p.Events)),
		fired: make([]int, 0, len(p.Events)),
	}
	s.cur = set.method
	if s.cur == Auto {
		s.cur = DormandPrince
	}
	s.dp.init(n)
	if set.method != DormandPrince {
		s.rw.init(n)
	}
	s.stop = math.Inf(1)
	return s, nil
}

// Stats returns the work counters.
func (s *Solver) Stats() Stats { return s.stats }

// Method returns the method in use now (DormandPrince or Rodas5P).
func (s *Solver) Method() Method { return s.cur }

// T returns the time the solver has integrated to.
func (s *Solver) T() float64 { return s.t }

// SetStop forbids steps past t (for example the last output time, or a
// discontinuity the caller knows of). +Inf lifts the bound.
func (s *Solver) SetStop(t float64) { s.stop = t }

// Init (re)starts the integration at (t, y): after an event changed the
// state, call it with the new state. The step size is estimated afresh (a
// discontinuity makes the old one meaningless), the dense output of the
// previous step is dropped, and event functions are re-evaluated so that a
// trigger already on its new side does not fire again. A function that is
// exactly zero at t takes the sign it has just after t.
func (s *Solver) Init(t float64, y []float64) error {
	if len(y) != s.n {
		return fmt.Errorf("ode: initial state has %d values for %d equations", len(y), s.n)
	}
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return fmt.Errorf("ode: initial time %g", t)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("ode: initial value %d is %g", i, v)
		}
	}
	s.t = t
	copy(s.y, y)
	s.f0ok, s.stepOK, s.denseOK, s.pending, s.rejected = false, false, false, false, false
	s.rw.jacOK = false
	s.naccepted = 0
	s.facOld, s.hAcc, s.errAcc = 1e-4, 0, 0
	s.stiffCount, s.nonStiffCount, s.rw.sinceChk = 0, 0, 0
	for i, e := range s.p.Events {
		s.g[i] = e.G(t, s.y)
	}
	s.h = s.set.h0 // 0: estimated at the first step, as after any restart
	return nil
}

// Advance integrates to tOut and writes y(tOut) into yOut, or stops earlier
// where events fire (Stop.Events non-empty, yOut the state there, the solver
// positioned there). Output between steps comes from the dense output of
// the step that covers it, so many output times cost no extra steps.
func (s *Solver) Advance(ctx context.Context, tOut float64, yOut []float64) (Stop, error) {
	if len(yOut) != s.n {
		return Stop{}, fmt.Errorf("ode: output has %d values for %d equations", len(yOut), s.n)
	}
	if math.IsNaN(tOut) {
		return Stop{}, fmt.Errorf("ode: output time is NaN")
	}
	if s.pending && s.t <= tOut {
		s.pending = false
		copy(yOut, s.y)
		return Stop{T: s.t, Events: s.fired}, nil
	}
	if tOut <= s.t {
		switch {
		case tOut == s.t:
			copy(yOut, s.y)
		case s.stepOK && tOut >= s.t0:
			s.interpolate(tOut, yOut)
		default:
			return Stop{}, &StepError{T: s.t, H: s.h, Err: ErrBackwards}
		}
		return Stop{T: tOut}, nil
	}
	if tOut > s.stop {
		return Stop{}, fmt.Errorf("ode: output time %g is past the stop time %g", tOut, s.stop)
	}
	for attempts := 0; s.t < tOut; attempts++ {
		if attempts&15 == 0 {
			if err := ctx.Err(); err != nil {
				return Stop{}, err
			}
		}
		if attempts >= s.set.maxSteps {
			return Stop{}, &StepError{T: s.t, H: s.h, Err: ErrMaxSteps}
		}
		accepted, err := s.attempt()
		if err != nil {
			return Stop{}, err
		}
		if accepted && len(s.p.Events) > 0 && s.locateEvents() {
			if s.t <= tOut {
				s.pending = false
				copy(yOut, s.y)
				return Stop{T: s.t, Events: s.fired}, nil
			}
			break
		}
	}
	if tOut == s.t {
		copy(yOut, s.y)
	} else {
		s.interpolate(tOut, yOut)
	}
	return Stop{T: tOut}, nil
}

// attempt tries one step of size s.h from (s.t, s.y) and, if its error is
// acceptable, moves the solver to its end.
func (s *Solver) attempt() (bool, error) {
	if !s.f0ok {
		s.p.F(s.t, s.y, s.f0)
		s.stats.FEvals++
		s.f0ok = true
		if !finite(s.f0) {
			return false, &StepError{T: s.t, H: s.h, Err: ErrNonFinite}
		}
	}
	if s.h == 0 {
		s.h = s.initialStep()
	}
	h := math.Min(s.h, s.set.hmax)
	if left := s.stop - s.t; h >= left || s.t+1.01*h >= s.stop {
		h = left
	}
	if h <= 16*epsilon*math.Max(math.Abs(s.t), math.SmallestNonzeroFloat64) {
		return false, &StepError{T: s.t, H: h, Err: ErrStepSize}
	}
	var errNorm float64
	if s.cur == DormandPrince {
		errNorm = s.dp.step(s, h)
	} else {
		var err error
		if errNorm, err = s.rw.step(s, h); err != nil {
			return false, err
		}
	}
	if math.IsNaN(errNorm) || math.IsInf(errNorm, 0) {
		// A non-finite stage: retry much smaller.
		s.stats.Rejected++
		s.h = h * 0.25
		s.rejected = true
		return false, nil
	}
	var hNew float64
	if s.cur == DormandPrince {
		hNew = s.dopriControl(h, errNorm)
	} else {
		hNew = s.rodasControl(h, errNorm)
	}
	if errNorm > 1 {
		s.stats.Rejected++
		s.rejected = true
		s.h = hNew
		return false, nil
	}
	if s.rejected {
		hNew = math.Min(hNew, h)
	}
	s.rejected = false
	s.stats.Steps++
	s.naccepted++
	// Move to the step's end; keep its start for dense output.
	s.t0, s.hs = s.t, h
	s.y0, s.y, s.ynew = s.y, s.ynew, s.y0
	s.t = s.t0 + h
	if s.t > s.stop || s.stop-s.t < 16*epsilon*math.Abs(s.stop) {
		s.t = s.stop
	}
	s.stepOK, s.denseOK = true, false
	s.stepMethod = s.cur
	s.rw.jacOK = false
	s.h = hNew
	if s.cur == DormandPrince {
		copy(s.f0, s.dp.k[6]) // FSAL: f(t+h, y+h) was the 7th stage
		s.f0ok = true
		if s.set.method == Auto && s.dp.stiff(s, h) {
			s.switchTo(Rodas5P)
		}
	} else {
		s.f0ok = false
		if s.set.method == Auto && s.rw.nonStiff(s, h) {
			s.switchTo(DormandPrince)
		}
	}
	return true, nil
}

func (s *Solver) switchTo(m Method) {
	if m == Rodas5P && s.rw.u[0] == nil {
		s.rw.init(s.n)
	}
	s.cur = m
	s.stats.StiffSwitches++
	s.stiffCount, s.nonStiffCount = 0, 0
	s.rw.sinceChk = 0
	s.hAcc, s.errAcc, s.facOld = 0, 0, 1e-4
}

// dopriControl is DOPRI5's PI step-size controller (Hairer, Nørsett &
// Wanner I, §II.4; β = 0.04).
func (s *Solver) dopriControl(h, errNorm float64) float64 {
	const safe, facMin, facMax, beta = 0.9, 0.2, 10.0, 0.04
	const expo = 0.2 - beta*0.75
	fac11 := math.Pow(errNorm, expo)
	if errNorm > 1 {
		return h / math.Min(1/facMin, fac11/safe)
	}
	fac := fac11 / math.Pow(s.facOld, beta)
	fac = math.Max(1/facMax, math.Min(1/facMin, fac/safe))
	s.facOld = math.Max(errNorm, 1e-4)
	return h / fac
}

// rodasControl is RODAS's controller with Gustafsson's predictive
// correction (Hairer & Wanner II, §IV.8), with the exponent of Rodas5P's
// order-4 error estimate.
func (s *Solver) rodasControl(h, errNorm float64) float64 {
	const safe, facMin, facMax = 0.9, 0.2, 6.0
	const expo = 1.0 / 5
	fac := math.Max(1/facMax, math.Min(1/facMin, math.Pow(errNorm, expo)/safe))
	if errNorm > 1 {
		return h / fac
	}
	if s.hAcc > 0 {
		gus := (s.hAcc / h) * math.Pow(errNorm*errNorm/s.errAcc, expo) / safe
		gus = math.Max(1/facMax, math.Min(1/facMin, gus))
		fac = math.Max(fac, gus)
	}
	s.hAcc, s.errAcc = h, math.Max(1e-2, errNorm)
	return h / fac
}

// initialStep is Hairer's HINIT: a step whose explicit Euler error would be
// about the tolerance.
func (s *Solver) initialStep() float64 {
	n := s.n
	var dnf, dny float64
	for i := 0; i < n; i++ {
		sk := s.set.atol[i] + s.set.rtol*math.Abs(s.y[i])
		if sk == 0 {
			sk = epsilon
		}
		dnf += (s.f0[i] / sk) * (s.f0[i] / sk)
		dny += (s.y[i] / sk) * (s.y[i] / sk)
	}
	h := 1e-6
	if dnf > 1e-10 && dny > 1e-10 {
		h = math.Sqrt(dny/dnf) * 0.01
	}
	h = math.Min(h, s.set.hmax)
	if left := s.stop - s.t; h > left {
		h = left
	}
	y1, f1 := s.ynew, s.err
	for i := 0; i < n; i++ {
		y1[i] = s.y[i] + h*s.f0[i]
	}
	s.p.F(s.t+h, y1, f1)
	s.stats.FEvals++
	var der2 float64
	for i := 0; i < n; i++ {
		sk := s.set.atol[i] + s.set.rtol*math.Abs(s.y[i])
		if sk == 0 {
			sk = epsilon
		}
		d := (f1[i] - s.f0[i]) / sk
		der2 += d * d
	}
	der2 = math.Sqrt(der2) / h
	der12 := math.Max(math.Abs(der2), math.Sqrt(dnf))
	h1 := math.Max(1e-6, h*1e-3)
	if der12 > 1e-15 {
		h1 = math.Pow(0.01/der12, 1.0/5)
	}
	h = math.Min(math.Min(100*h, h1), s.set.hmax)
	if math.IsNaN(h) || h <= 0 {
		h = 1e-6
	}
	// ‖y‖/‖f‖ is tiny where a component has just crossed zero (a restart
	// at an event): keep the first step clear of the time's resolution,
	// and let the error control shrink it if it must.
	return math.Max(h, 256*epsilon*math.Abs(s.t))
}

// errorNorm is the RMS of err scaled by atol + rtol·max(|y|, |ynew|).
func (s *Solver) errorNorm(err []float64) float64 {
	var sum float64
	for i, e := range err {
		sk := s.set.atol[i] + s.set.rtol*math.Max(math.Abs(s.y[i]), math.Abs(s.ynew[i]))
		if sk == 0 {
			sk = epsilon
		}
		e /= sk
		sum += e * e
	}
	return math.Sqrt(sum / float64(len(err)))
}

// interpolate writes the dense output at t (within the last step) into out.
func (s *Solver) interpolate(t float64, out []float64) {
	dopri := s.stepMethod == DormandPrince
	if !s.denseOK {
		if dopri {
			s.dp.prepare(s)
		} else {
			s.rw.prepare(s)
		}
		s.denseOK = true
	}
	theta := (t - s.t0) / s.hs
	if dopri {
		s.dp.interpolate(s, theta, out)
	} else {
		s.rw.interpolate(s, theta, out)
	}
}

// locateEvents looks for sign changes of the event functions over the last
// step. When some fire, it moves the solver to the earliest root (the end of
// the bracketing interval on the new side), records which fired in s.fired,
// and reports true.
func (s *Solver) locateEvents() bool {
	s.fired = s.fired[:0]
	first := math.Inf(1)
	for i, e := range s.p.Events {
		s.gNew[i] = e.G(s.t, s.y)
		if s.g[i] == 0 {
			// The step started on the root (after Init or an event): the
			// side it left towards is the sign just after the start, as
			// CVODE's root finding does it.
			d := 100 * epsilon * (math.Abs(s.t0) + s.hs)
			s.interpolate(s.t0+d, s.yr)
			s.g[i] = e.G(s.t0+d, s.yr)
		}
		if !crosses(s.g[i], s.gNew[i], e.Direction) {
			continue
		}
		if tr := s.root(i); tr < first {
			first = tr
		}
	}
	if math.IsInf(first, 1) {
		copy(s.g, s.gNew)
		return false
	}
	if first < s.t {
		s.interpolate(first, s.yr)
		copy(s.y, s.yr)
		s.t = first
		s.f0ok, s.rw.jacOK = false, false
	}
	for i, e := range s.p.Events {
		g := e.G(s.t, s.y)
		if crosses(s.g[i], g, e.Direction) {
			s.fired = append(s.fired, i)
		}
		s.g[i] = g
	}
	if len(s.fired) == 0 {
		// The root's end point came back on the old side (a function that
		// is not continuous in t); report the earliest crossing anyway.
		return false
	}
	s.pending = true
	return true
}

func crosses(g0, g1 float64, dir int) bool {
	switch {
	case g0 < 0 && g1 >= 0:
		return dir >= 0
	case g0 > 0 && g1 <= 0:
		return dir <= 0
	}
	return false
}

// root finds where event i changes sign within the last step by the
// Illinois method on the dense output, and returns the end of the final
// bracket on the new side.
func (s *Solver) root(i int) float64 {
	g := s.p.Events[i].G
	tl, tr := s.t0, s.t
	gl, gr := s.g[i], s.gNew[i]
	// The bracket's right end is kept strictly past the root where it can
	// be (a trigger "x < 0.1" is still false where x − 0.1 = 0); only the
	// step's own end may sit exactly on zero.
	oldNeg := gl < 0
	onNew := func(v float64) bool {
		if oldNeg {
			return v > 0
		}
		return v < 0
	}
	tol := 4*epsilon*math.Max(math.Abs(tl), math.Abs(tr)) + 1e-12*(tr-tl)
	side := 0
	for it := 0; it < 200 && tr-tl > tol; it++ {
		tm := tr - gr*(tr-tl)/(gr-gl)
		if !(tm > tl && tm < tr) {
			tm = 0.5 * (tl + tr)
		}
		s.interpolate(tm, s.yr)
		gm := g(tm, s.yr)
		if onNew(gm) {
			tr, gr = tm, gm
			if side == 1 {
				gl *= 0.5
			}
			side = 1
		} else {
			tl, gl = tm, gm
			if side == -1 {
				gr *= 0.5
			}
			side = -1
		}
	}
	return tr
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
