package stochastic

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/internal/external"
)

// TestNoAllocPerTrajectory checks that simulating trajectories allocates
// nothing once the output states have been seen.
func TestNoAllocPerTrajectory(t *testing.T) {
	net, cfg, params := cellFate(t, "$XIAP_del = FALSE;")
	opt := Options{Samples: 1, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: 1}
	if err := opt.defaults(); err != nil {
		t.Fatal(err)
	}
	p, err := prepare(net, params, nil)
	if err != nil {
		t.Fatal(err)
	}
	rc := &runConfig{p: p, opt: opt, windows: 1000}
	acc := newAccumulator(rc)
	sim := newSimulator(rc)
	if err := sim.run(acc, 0, 2000); err != nil { // meet every output state and fixed point
		t.Fatal(err)
	}
	k := 2000
	allocs := testing.AllocsPerRun(200, func() {
		if err := sim.run(acc, k, k+1); err != nil {
			t.Fatal(err)
		}
		k++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per trajectory", allocs)
	}
}

// BenchmarkCellFate simulates the cell-fate model at its cfg settings.
//
//	go test ./logic/stochastic -run '^$' -bench CellFate -benchtime 5x
func BenchmarkCellFate(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			net, cfg, params := cellFate(b, "$XIAP_del = FALSE;")
			b.ReportAllocs()
			var traj, trans int64
			for b.Loop() {
				res, err := Simulate(context.Background(), net, params, Options{Samples: 20000, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				traj += int64(res.Samples)
				trans += res.Transitions
			}
			b.ReportMetric(float64(traj)/b.Elapsed().Seconds(), "traj/s")
			b.ReportMetric(float64(trans)/b.Elapsed().Seconds(), "transitions/s")
		})
	}
}

// BenchmarkModels simulates the large MaBoSS models (Sizek 2019, Montagud
// 2022) and the synthetic 1,000-node model at their cfg settings, one
// worker, reporting transitions/s.
//
//	go test ./logic/stochastic -run '^$' -bench Models -benchtime 3x
func BenchmarkModels(b *testing.B) {
	large := filepath.Join(external.Dir(b, "maboss"), "large")
	for _, m := range []struct{ name, bnd, cfg string }{
		{"sizek", filepath.Join(large, "sizek.bnd"), filepath.Join(large, "sizek.cfg")},
		{"montagud", filepath.Join(large, "Montagud2022_Prostate_Cancer.bnd"), filepath.Join(large, "Montagud2022_Prostate_Cancer.cfg")},
		{"synth1000", "testdata/synth1000.bnd", "testdata/synth1000.cfg"},
	} {
		b.Run(m.name, func(b *testing.B) {
			net, cfg, err := maboss.ReadFiles(m.bnd, []string{m.cfg})
			if err != nil {
				b.Fatal(err)
			}
			params, err := maboss.ParamValues(net.Params)
			if err != nil {
				b.Fatal(err)
			}
			var trans int64
			for b.Loop() {
				res, err := Simulate(context.Background(), net, params, Options{Samples: 4096, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				trans += res.Transitions
			}
			b.ReportMetric(float64(trans)/b.Elapsed().Seconds(), "transitions/s")
		})
	}
}
