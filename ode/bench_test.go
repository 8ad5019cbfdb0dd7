package ode_test

import (
	"context"
	"testing"

	"github.com/ikklab/ikklab/ode"
	"github.com/ikklab/ikklab/ode/testset"
)

// BenchmarkTestSet solves each stiff test-set problem with Rodas5P at
// rtol 1e-6 (atol 1e-12), set-up included, as bench/ode.sh times it
// against CVODE:
//
//	go test -run '^$' -bench TestSet -benchmem ./ode/
func BenchmarkTestSet(b *testing.B) {
	for _, c := range []testset.Case{testset.Rober(1e5), testset.HIRES(), testset.POLLU(), testset.VDPOL()} {
		b.Run(c.Name, func(b *testing.B) {
			y := make([]float64, c.Problem.N)
			var steps int
			b.ReportAllocs()
			for b.Loop() {
				s, err := ode.NewSolver(c.Problem, ode.Options{Method: ode.Rodas5P, RelTol: 1e-6, AbsTol: 1e-12})
				if err != nil {
					b.Fatal(err)
				}
				s.SetStop(c.TEnd)
				s.Init(c.T0, c.Y0)
				if _, err := s.Advance(context.Background(), c.TEnd, y); err != nil {
					b.Fatal(err)
				}
				steps = s.Stats().Steps
			}
			b.ReportMetric(float64(steps), "steps")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps), "ns/step")
		})
	}
}
