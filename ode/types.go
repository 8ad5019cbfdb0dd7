package ode

import (
	"errors"
	"fmt"
	"math"
)

// Func writes f(t, y) into dydt. It must not keep y or dydt, and should not
// allocate: it is called on every stage of every step.
type Func func(t float64, y, dydt []float64)

// JacobianFunc writes ∂f/∂y at (t, y) into jac, row-major: jac[i*n+j] is
// ∂f_i/∂y_j. jac is zeroed before each call.
type JacobianFunc func(t float64, y, jac []float64)

// Event is a root function watched during integration: the solver stops
// where G changes sign in the given Direction (+1: from negative to
// positive, −1: from positive to negative, 0: either).
type Event struct {
	G         func(t float64, y []float64) float64
	Direction int
}

// Problem is an ODE system dy/dt = F(t, y) of dimension N.
type Problem struct {
	N int
	F Func
	// Jacobian is optional: nil means forward differences.
	Jacobian JacobianFunc
	// Autonomous says F does not depend on t explicitly, so the stiff
	// method skips ∂f/∂t (otherwise estimated by one forward difference
	// per step).
	Autonomous bool
	Events     []Event
}

// Method selects the integration method.
type Method int

const (
	// Auto starts explicit and switches to Rodas5P where the problem is
	// stiff, and back where it is not.
	Auto Method = iota
	// DormandPrince is the explicit 5(4) pair; it fails with ErrStiff-like
	// step counts on stiff problems.
	DormandPrince
	// Rodas5P is the stiff Rosenbrock–Wanner method.
	Rodas5P
)

var methodNames = [...]string{Auto: "auto", DormandPrince: "dopri5", Rodas5P: "rodas5p"}

func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod reads a method name as String writes it.
func ParseMethod(s string) (Method, error) {
	for m, name := range methodNames {
		if s == name {
			return Method(m), nil
		}
	}
	return 0, fmt.Errorf("unknown ODE method %q (use auto, dopri5 or rodas5p)", s)
}

// Options control accuracy and budgets. The zero value means the defaults
// given per field.
type Options struct {
	Method Method
	// RelTol is the relative tolerance; 0 means 1e-6.
	RelTol float64
	// AbsTol is the absolute tolerance of every component; 0 means
	// RelTol·1e-6. AbsTols, when set (length N), overrides it per component.
	AbsTol  float64
	AbsTols []float64
	// InitialStep is the first step size; 0 means estimated (Hairer's
	// HINIT).
	InitialStep float64
	// MaxStep bounds every step; 0 means unbounded.
	MaxStep float64
	// MaxSteps bounds the steps (accepted and rejected) one Advance call may
	// take; 0 means 1,000,000.
	MaxSteps int
}

// Stats counts the work done since the solver was created.
type Stats struct {
	Steps, Rejected  int // accepted and rejected steps
	FEvals, JacEvals int // evaluations of F (including for finite-difference Jacobians) and Jacobians
	LUs              int // matrix factorisations
	StiffSwitches    int // switches between the explicit and the stiff method (Auto)
}

// Errors.
var (
	// ErrMaxSteps means one Advance call needed more than Options.MaxSteps.
	ErrMaxSteps = errors.New("ode: step budget exhausted")
	// ErrStepSize means the step size fell below what the time's floating
	// point resolution allows (a singularity, or a discontinuity the
	// tolerance cannot pass).
	ErrStepSize = errors.New("ode: step size too small")
	// ErrNonFinite means F returned NaN or ±Inf even at the smallest step.
	ErrNonFinite = errors.New("ode: derivative is not finite")
	// ErrBackwards means Advance was asked for a time before the last step.
	ErrBackwards = errors.New("ode: output time before the current step")
)

// StepError says where an integration failed.
type StepError struct {
	T, H float64
	Err  error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("%v at t = %g (step %g)", e.Err, e.T, e.H)
}

func (e *StepError) Unwrap() error { return e.Err }

// settings are Options with defaults filled in and checked.
type settings struct {
	method   Method
	rtol     float64
	atol     []float64
	h0, hmax float64
	maxSteps int
}

func (o Options) settings(n int) (settings, error) {
	s := settings{method: o.Method, rtol: o.RelTol, h0: o.InitialStep, hmax: o.MaxStep, maxSteps: o.MaxSteps}
	if s.method < Auto || s.method > Rodas5P {
		return s, fmt.Errorf("ode: unknown method %d", int(s.method))
	}
	if s.rtol == 0 {
		s.rtol = 1e-6
	}
	if !(s.rtol > 0) || math.IsInf(s.rtol, 0) || s.rtol >= 1 {
		return s, fmt.Errorf("ode: relative tolerance %g is not in (0, 1)", s.rtol)
	}
	// Below ~10 ulps the error test can never pass.
	s.rtol = math.Max(s.rtol, 10*epsilon)
	s.atol = make([]float64, n)
	switch {
	case o.AbsTols != nil:
		if len(o.AbsTols) != n {
			return s, fmt.Errorf("ode: %d absolute tolerances for %d equations", len(o.AbsTols), n)
		}
		copy(s.atol, o.AbsTols)
	default:
		a := o.AbsTol
		if a == 0 {
			a = s.rtol * 1e-6
		}
		for i := range s.atol {
			s.atol[i] = a
		}
	}
	for i, a := range s.atol {
		if !(a >= 0) || math.IsInf(a, 0) {
			return s, fmt.Errorf("ode: absolute tolerance %g of component %d is not a finite number ≥ 0", a, i)
		}
	}
	if !(s.h0 >= 0) || math.IsInf(s.h0, 0) {
		return s, fmt.Errorf("ode: initial step %g is not a finite number ≥ 0", s.h0)
	}
	if !(s.hmax >= 0) {
		return s, fmt.Errorf("ode: maximum step %g is not ≥ 0", s.hmax)
	}
	if s.hmax == 0 {
		s.hmax = math.Inf(1)
	}
	if s.maxSteps < 0 {
		return s, fmt.Errorf("ode: step budget %d is negative", s.maxSteps)
	}
	if s.maxSteps == 0 {
		s.maxSteps = 1_000_000
	}
	return s, nil
}

const epsilon = 0x1p-52
