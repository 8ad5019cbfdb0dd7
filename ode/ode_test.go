package ode_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/ikklab/ikklab/ode"
	"github.com/ikklab/ikklab/ode/testset"
)

// solve integrates c to its end time.
func solve(t *testing.T, c testset.Case, o ode.Options) ([]float64, ode.Stats) {
	t.Helper()
	s, err := ode.NewSolver(c.Problem, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init(c.T0, c.Y0); err != nil {
		t.Fatal(err)
	}
	y := make([]float64, c.Problem.N)
	if _, err := s.Advance(context.Background(), c.TEnd, y); err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	return y, s.Stats()
}

// The published reference solutions of the Test Set for IVP Solvers
// (package testset cites each). minDigits is the accuracy each run must
// reach, as mixed-error significant correct digits (the test set's mescd,
// with floor atol/rtol = 1e-6): at least rtol's digits less one, the
// usual allowance for global error over a stiff run.
func TestReferenceSolutions(t *testing.T) {
	cases := []struct {
		c      testset.Case
		method ode.Method
		fd     bool // finite-difference Jacobian
	}{
		{testset.Rober(1e11), ode.Rodas5P, false},
		{testset.Rober(1e11), ode.Rodas5P, true},
		{testset.Rober(1e11), ode.Auto, false},
		{testset.HIRES(), ode.Rodas5P, false},
		{testset.HIRES(), ode.Auto, true},
		{testset.POLLU(), ode.Rodas5P, false},
		{testset.POLLU(), ode.Rodas5P, true},
		{testset.POLLU(), ode.Auto, false},
		{testset.VDPOL(), ode.Rodas5P, false},
		{testset.VDPOL(), ode.Auto, true},
		{testset.Arenstorf(), ode.DormandPrince, false},
		{testset.Arenstorf(), ode.Auto, false},
		{testset.Arenstorf(), ode.Rodas5P, true},
	}
	for _, tc := range cases {
		for _, rtol := range []float64{1e-6, 1e-8, 1e-10} {
			c := tc.c
			if tc.fd {
				c.Problem.Jacobian = nil
			}
			y, st := solve(t, c, ode.Options{Method: tc.method, RelTol: rtol})
			floor, want := 1e-6, -math.Log10(rtol)-1
			if c.Name == "arenstorf" {
				// Absolute error. The orbit's close approaches to the
				// moon amplify local errors: measured here, the error
				// after one period is 2–4e4 × rtol for both methods from
				// rtol 1e-8 to 1e-13, falling one decade per decade of
				// rtol (so the methods converge; the amplification is the
				// problem's).
				floor, want = 1, -math.Log10(rtol)-5
			}
			scd := -math.Log10(testset.MixedError(y, c.Reference, floor))
			t.Logf("%-9s %-7v fd=%-5v rtol %.0e: %.2f digits, %d steps, %d rejected, %d f, %d LU, %d switches",
				c.Name, tc.method, tc.fd, rtol, scd, st.Steps, st.Rejected, st.FEvals, st.LUs, st.StiffSwitches)
			if scd < want {
				t.Errorf("%s %v fd=%v rtol %g: %.2f correct digits, want ≥ %.1f", c.Name, tc.method, tc.fd, rtol, scd, want)
			}
		}
	}
}

// The analytic Jacobians of the test set agree with central differences.
func TestTestSetJacobians(t *testing.T) {
	for _, c := range testset.All() {
		p := c.Problem
		if p.Jacobian == nil {
			continue
		}
		n := p.N
		y := append([]float64(nil), c.Y0...)
		for i := range y {
			y[i] += 1e-3 * float64(i+1) / float64(n) // a point where the nonlinear terms are non-zero
		}
		jac := make([]float64, n*n)
		p.Jacobian(0, y, jac)
		fp, fm := make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			h := 1e-7 * math.Max(1, math.Abs(y[j]))
			yj := y[j]
			y[j] = yj + h
			p.F(0, y, fp)
			y[j] = yj - h
			p.F(0, y, fm)
			y[j] = yj
			for i := 0; i < n; i++ {
				fd := (fp[i] - fm[i]) / (2 * h)
				// Rounding in f (POLLU's rates reach 1e11) bounds what the
				// difference can resolve.
				round := 100 * 0x1p-52 * math.Max(math.Abs(fp[i]), math.Abs(fm[i])) / h
				if d := math.Abs(fd - jac[i*n+j]); d > 1e-5*math.Max(1, math.Abs(fd))+round {
					t.Errorf("%s: J[%d][%d] = %g, central difference %g", c.Name, i, j, jac[i*n+j], fd)
				}
			}
		}
	}
}

// Auto stays explicit on a non-stiff problem and switches on stiff ones;
// on a problem that is stiff only for a while it switches back.
func TestAutoSwitching(t *testing.T) {
	_, st := solve(t, testset.Arenstorf(), ode.Options{})
	if st.StiffSwitches != 0 || st.LUs != 0 {
		t.Errorf("Arenstorf: %d switches, %d LUs; want an explicit run", st.StiffSwitches, st.LUs)
	}
	_, st = solve(t, testset.Rober(1e11), ode.Options{})
	if st.StiffSwitches < 1 {
		t.Errorf("ROBER: no switch to the stiff method")
	}
	// y' = −λ(t)·(y − cos t) with λ from 1e4 down to 1 around t = 20.
	lambda := func(t float64) float64 { return 1 + 0.5e4*(1-math.Tanh(t-20)) }
	c := testset.Case{Name: "transient", TEnd: 60, Y0: []float64{1},
		Problem: ode.Problem{N: 1, F: func(t float64, y, f []float64) { f[0] = -lambda(t) * (y[0] - math.Cos(t)) }}}
	y, st := solve(t, c, ode.Options{RelTol: 1e-8})
	if st.StiffSwitches < 2 {
		t.Errorf("transient: %d switches, want to stiff and back (stats %+v)", st.StiffSwitches, st)
	}
	// Past the stiff phase, y ≈ cos t − sin t/λ... compare with the
	// stiff method alone.
	ref, _ := solve(t, c, ode.Options{Method: ode.Rodas5P, RelTol: 1e-11})
	if d := math.Abs(y[0] - ref[0]); d > 1e-6 {
		t.Errorf("transient: y(60) = %.10g, Rodas5P alone %.10g", y[0], ref[0])
	}
}

// Dense output between steps has about the accuracy of the steps: the
// harmonic oscillator y = (sin t, cos t) sampled at 1,000 times.
func TestDenseOutput(t *testing.T) {
	p := ode.Problem{N: 2, Autonomous: true, F: func(_ float64, y, f []float64) { f[0], f[1] = y[1], -y[0] }}
	for _, m := range []ode.Method{ode.DormandPrince, ode.Rodas5P} {
		s, err := ode.NewSolver(p, ode.Options{Method: m, RelTol: 1e-9, AbsTol: 1e-12})
		if err != nil {
			t.Fatal(err)
		}
		s.Init(0, []float64{0, 1})
		y := make([]float64, 2)
		var worst float64
		for k := 1; k <= 1000; k++ {
			tt := float64(k) * 0.02
			if _, err := s.Advance(context.Background(), tt, y); err != nil {
				t.Fatal(err)
			}
			worst = math.Max(worst, math.Hypot(y[0]-math.Sin(tt), y[1]-math.Cos(tt)))
		}
		st := s.Stats()
		t.Logf("%v: worst error %.2g over 1,000 outputs, %d steps", m, worst, st.Steps)
		if worst > 1e-7 {
			t.Errorf("%v: dense output error %.2g", m, worst)
		}
		if st.Steps > 500 {
			t.Errorf("%v: %d steps for 1,000 outputs: outputs should not force steps", m, st.Steps)
		}
	}
}

// A non-autonomous problem exercises ∂f/∂t in the stiff method:
// y' = cos(t)·y, y = exp(sin t).
func TestNonAutonomous(t *testing.T) {
	c := testset.Case{Name: "exp-sin", TEnd: 10, Y0: []float64{1}, Reference: []float64{math.Exp(math.Sin(10))},
		Problem: ode.Problem{N: 1, F: func(t float64, y, f []float64) { f[0] = math.Cos(t) * y[0] }}}
	for _, m := range []ode.Method{ode.DormandPrince, ode.Rodas5P} {
		y, _ := solve(t, c, ode.Options{Method: m, RelTol: 1e-10})
		if e := math.Abs(y[0]-c.Reference[0]) / c.Reference[0]; e > 1e-8 {
			t.Errorf("%v: y(10) = %.12g, want %.12g", m, y[0], c.Reference[0])
		}
	}
}

// Events: located to the time's resolution, in the asked direction only,
// simultaneous ones together, and a state change through Init (a ball
// bouncing with restitution 0.8 has analytic bounce times).
func TestEvents(t *testing.T) {
	decay := ode.Problem{N: 1, Autonomous: true, F: func(_ float64, y, f []float64) { f[0] = -y[0] }}
	half := func(_ float64, y []float64) float64 { return y[0] - 0.5 }
	for _, m := range []ode.Method{ode.DormandPrince, ode.Rodas5P} {
		p := decay
		p.Events = []ode.Event{{G: half, Direction: +1}, {G: half, Direction: -1}, {G: half, Direction: 0}}
		s, _ := ode.NewSolver(p, ode.Options{Method: m, RelTol: 1e-8})
		s.Init(0, []float64{1})
		y := make([]float64, 1)
		stop, err := s.Advance(context.Background(), 5, y)
		if err != nil {
			t.Fatal(err)
		}
		if len(stop.Events) != 2 || stop.Events[0] != 1 || stop.Events[1] != 2 {
			t.Fatalf("%v: events %v fired, want [1 2] (falling and either)", m, stop.Events)
		}
		if d := math.Abs(stop.T - math.Ln2); d > 1e-9 {
			t.Errorf("%v: event at %.15g, want ln 2 (error %.2g)", m, stop.T, d)
		}
		stop, err = s.Advance(context.Background(), 5, y)
		if err != nil || len(stop.Events) != 0 || stop.T != 5 {
			t.Errorf("%v: after the event: %+v, %v; want to reach t = 5 without firing again", m, stop, err)
		}
	}

	const g, h0, e = 9.81, 10.0, 0.8
	ball := ode.Problem{N: 2, Autonomous: true,
		F:      func(_ float64, y, f []float64) { f[0], f[1] = y[1], -g },
		Events: []ode.Event{{G: func(_ float64, y []float64) float64 { return y[0] }, Direction: -1}}}
	for _, m := range []ode.Method{ode.DormandPrince, ode.Rodas5P, ode.Auto} {
		s, _ := ode.NewSolver(ball, ode.Options{Method: m, RelTol: 1e-10})
		s.Init(0, []float64{h0, 0})
		y := make([]float64, 2)
		want := math.Sqrt(2 * h0 / g) // first impact
		v := math.Sqrt(2 * g * h0)    // impact speed
		for bounce := 0; bounce < 5; bounce++ {
			stop, err := s.Advance(context.Background(), 100, y)
			if err != nil {
				t.Fatal(err)
			}
			if len(stop.Events) != 1 || math.Abs(stop.T-want) > 1e-8 {
				t.Fatalf("%v: bounce %d at %.12g (events %v), want %.12g", m, bounce, stop.T, stop.Events, want)
			}
			y[0], y[1] = 0, -e*y[1]
			if err := s.Init(stop.T, y); err != nil {
				t.Fatal(err)
			}
			v *= e
			want += 2 * v / g
		}
	}
}

// Outputs before the last step come from its dense output; earlier ones
// are an error.
func TestOutputTimes(t *testing.T) {
	p := ode.Problem{N: 1, Autonomous: true, F: func(_ float64, y, f []float64) { f[0] = -y[0] }}
	s, _ := ode.NewSolver(p, ode.Options{RelTol: 1e-10})
	s.Init(0, []float64{1})
	y := make([]float64, 1)
	ctx := context.Background()
	if _, err := s.Advance(ctx, 1, y); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Advance(ctx, 0, y); !errors.Is(err, ode.ErrBackwards) {
		t.Errorf("output at t = 0 after stepping past 1: err = %v, want ErrBackwards", err)
	}
	s.SetStop(2)
	if _, err := s.Advance(ctx, 2, y); err != nil || s.T() != 2 {
		t.Errorf("with a stop at 2: reached %g, err %v", s.T(), err)
	}
	if math.Abs(y[0]-math.Exp(-2)) > 1e-9 {
		t.Errorf("y(2) = %.12g, want %.12g", y[0], math.Exp(-2))
	}
	if _, err := s.Advance(ctx, 3, y); err == nil {
		t.Error("output past the stop time: no error")
	}
}

// Failures are errors, not panics or silent numbers.
func TestFailures(t *testing.T) {
	ctx := context.Background()
	blowUp := ode.Problem{N: 1, Autonomous: true, F: func(_ float64, y, f []float64) { f[0] = y[0] * y[0] }}
	nan := ode.Problem{N: 1, F: func(t float64, y, f []float64) {
		f[0] = -y[0]
		if t > 1 {
			f[0] = math.NaN()
		}
	}}
	for _, tc := range []struct {
		name string
		p    ode.Problem
		o    ode.Options
		want error
	}{
		{"blow-up at t = 1 (dopri5)", blowUp, ode.Options{Method: ode.DormandPrince}, ode.ErrStepSize},
		{"blow-up at t = 1 (rodas5p)", blowUp, ode.Options{Method: ode.Rodas5P}, ode.ErrStepSize},
		{"NaN from t = 1 (dopri5)", nan, ode.Options{Method: ode.DormandPrince}, ode.ErrStepSize},
		{"NaN from t = 1 (rodas5p)", nan, ode.Options{Method: ode.Rodas5P}, ode.ErrStepSize},
		{"step budget", testset.VDPOL().Problem, ode.Options{Method: ode.DormandPrince, MaxSteps: 1000}, ode.ErrMaxSteps},
	} {
		s, err := ode.NewSolver(tc.p, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		y0 := []float64{1}
		if tc.p.N == 2 {
			y0 = []float64{2, 0}
		}
		s.Init(0, y0)
		y := make([]float64, tc.p.N)
		_, err = s.Advance(ctx, 2, y)
		var se *ode.StepError
		if !errors.Is(err, tc.want) && !(tc.want == ode.ErrStepSize && errors.Is(err, ode.ErrNonFinite)) || !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want %v with its time", tc.name, err, tc.want)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
	for _, o := range []ode.Options{{RelTol: -1}, {RelTol: 2}, {AbsTol: math.NaN()}, {AbsTols: []float64{1, 2}},
		{InitialStep: -1}, {MaxSteps: -1}, {Method: 7}} {
		if _, err := ode.NewSolver(blowUp, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	s, _ := ode.NewSolver(blowUp, ode.Options{})
	if err := s.Init(0, []float64{math.Inf(1)}); err == nil {
		t.Error("an infinite initial value accepted")
	}
}

// A cancelled context stops the integration.
func TestCancel(t *testing.T) {
	c := testset.VDPOL()
	s, _ := ode.NewSolver(c.Problem, ode.Options{Method: ode.DormandPrince, MaxSteps: 1 << 30})
	s.Init(0, c.Y0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Advance(ctx, 2, make([]float64, 2)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// Stepping, dense output and events allocate nothing.
func TestNoAllocations(t *testing.T) {
	c := testset.POLLU()
	c.Problem.Events = []ode.Event{{G: func(_ float64, y []float64) float64 { return y[0] - 0.06 }}}
	for _, m := range []ode.Method{ode.Rodas5P, ode.Auto} {
		for _, fd := range []bool{false, true} {
			p := c.Problem
			if fd {
				p.Jacobian = nil
			}
			s, _ := ode.NewSolver(p, ode.Options{Method: m})
			y := make([]float64, p.N)
			ctx := context.Background()
			allocs := testing.AllocsPerRun(5, func() {
				s.Init(0, c.Y0)
				for k := 1; k <= 60; k++ {
					for {
						stop, err := s.Advance(ctx, float64(k), y)
						if err != nil {
							t.Fatal(err)
						}
						if len(stop.Events) == 0 {
							break
						}
					}
				}
			})
			if allocs != 0 {
				t.Errorf("%v fd=%v: %.1f allocations per run", m, fd, allocs)
			}
		}
	}
}

// Output between a step's start and an event that truncated it comes from
// the whole step's dense output (a regression: Rodas5P once interpolated
// towards the truncated end).
func TestOutputBeforeTruncatingEvent(t *testing.T) {
	for _, m := range []ode.Method{ode.DormandPrince, ode.Rodas5P} {
		p := ode.Problem{N: 1, F: func(_ float64, _, f []float64) { f[0] = 1 },
			Events: []ode.Event{{G: func(_ float64, y []float64) float64 { return y[0] - 0.49 }}}}
		s, _ := ode.NewSolver(p, ode.Options{Method: m, RelTol: 1e-10})
		s.Init(0, []float64{0})
		y := make([]float64, 1)
		for _, tt := range []float64{0.1, 0.2, 0.3} {
			if _, err := s.Advance(context.Background(), tt, y); err != nil {
				t.Fatal(err)
			}
			if math.Abs(y[0]-tt) > 1e-9 {
				t.Errorf("%v: y(%g) = %.12g, want %g", m, tt, y[0], tt)
			}
		}
	}
}
