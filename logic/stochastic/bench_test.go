package stochastic

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// TestSpeedVsMaBoSS measures single-thread trajectories/s on the cell-fate
// model at its cfg settings (time_tick 0.1, max_time 100, full per-window
// statistics) against MaBoSS 2.6.6's 13.9k traj/s on this kind of machine
// (../shared/external/maboss/RESULTS.md §3), and the 2-worker speed-up.
// Wall-clock ratios on a shared machine are not a test of the code, so it
// runs only when asked (IKKLAB_SPEED=1, as .ci/run's informational step
// does); IKKLAB_SLOW=1 runs the full 100,000 samples, else 30,000.
//
//	IKKLAB_SPEED=1 IKKLAB_SLOW=1 go test ./logic/stochastic -run SpeedVsMaBoSS -v
func TestSpeedVsMaBoSS(t *testing.T) {
	if os.Getenv("IKKLAB_SPEED") == "" {
		t.Skip("a timing, not a test: set IKKLAB_SPEED=1 to measure (BenchmarkCellFate reports the same figures)")
	}
	const maboss = 13.9e3
	samples := 30000
	if os.Getenv("IKKLAB_SLOW") != "" {
		samples = 100000
	}
	net, cfg, params := cellFate(t, "$XIAP_del = FALSE;")
	// One and two workers are measured alternately, best of five each, so
	// that a passing burst of load on the shared machine hits both alike.
	run := func(workers int) float64 {
		start := time.Now()
		res, err := Simulate(context.Background(), net, params, Options{Samples: samples, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return float64(res.Samples) / time.Since(start).Seconds()
	}
	var one, two float64
	for rep := 0; rep < 5; rep++ {
		one = max(one, run(1))
		two = max(two, run(2))
	}
	t.Logf("1 worker: %.0f traj/s (%.1f× MaBoSS's %.0f); 2 workers: %.0f traj/s (%.2f× 1 worker)", one, one/maboss, maboss, two, two/one)
	if one < 10*maboss {
		t.Errorf("single-thread %.0f traj/s is below 10× MaBoSS (%.0f)", one, 10*maboss)
	}
	// The issue asks for ≥ 1.8×; measured ratios are in the README. The gate
	// here is lower so that a busy shared machine does not fail CI.
	if os.Getenv("IKKLAB_SLOW") != "" && two < 1.5*one {
		t.Errorf("2 workers give %.2f× one worker, want ≥ 1.5× (target 1.8×)", two/one)
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
