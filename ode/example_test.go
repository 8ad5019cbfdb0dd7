package ode_test

import (
	"context"
	"fmt"
	"math"

	"github.com/ikklab/ikklab/ode"
)

// Robertson's stiff chemical kinetics, sampled at four times, with the
// default method (explicit at first, Rodas5P once the problem turns stiff).
// SUNDIALS' cvRoberts_dns example prints the same times at rtol 1e-4
// (y1 = 0.9851641, 0.7158017, 0.1832299, 0.004936383).
func ExampleSolver() {
	p := ode.Problem{N: 3, Autonomous: true, F: func(_ float64, y, dy []float64) {
		dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
		dy[2] = 3e7 * y[1] * y[1]
		dy[1] = -dy[0] - dy[2]
	}}
	s, err := ode.NewSolver(p, ode.Options{RelTol: 1e-8})
	if err != nil {
		panic(err)
	}
	if err := s.Init(0, []float64{1, 0, 0}); err != nil {
		panic(err)
	}
	y := make([]float64, 3)
	for _, t := range []float64{0.4, 40, 4e3, 4e5} {
		if _, err := s.Advance(context.Background(), t, y); err != nil {
			panic(err)
		}
		fmt.Printf("t = %-6g y1 = %.6f  y2 = %.4e  y3 = %.6f\n", t, y[0], y[1], y[2])
	}
	fmt.Println("method now:", s.Method())
	// Output:
	// t = 0.4    y1 = 0.985172  y2 = 3.3864e-05  y3 = 0.014794
	// t = 40     y1 = 0.715827  y2 = 9.1855e-06  y3 = 0.284164
	// t = 4000   y1 = 0.183202  y2 = 8.9424e-07  y3 = 0.816797
	// t = 400000 y1 = 0.004938  y2 = 1.9850e-08  y3 = 0.995062
	// method now: rodas5p
}

// An event stops the integration where a root function crosses zero: here
// where exponential decay reaches one half, at t = ln 2.
func ExampleEvent() {
	p := ode.Problem{N: 1, Autonomous: true,
		F:      func(_ float64, y, dy []float64) { dy[0] = -y[0] },
		Events: []ode.Event{{G: func(_ float64, y []float64) float64 { return y[0] - 0.5 }, Direction: -1}}}
	s, _ := ode.NewSolver(p, ode.Options{RelTol: 1e-10})
	s.Init(0, []float64{1})
	y := make([]float64, 1)
	stop, _ := s.Advance(context.Background(), 10, y)
	fmt.Printf("event %v at t = %.10f (ln 2 = %.10f), y = %.10f\n", stop.Events, stop.T, math.Ln2, y[0])
	// Output:
	// event [0] at t = 0.6931471806 (ln 2 = 0.6931471806), y = 0.5000000000
}
