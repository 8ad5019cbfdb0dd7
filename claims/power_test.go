package claims

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ikklab/ikklab/judge"
)

// TestDefaultSamplesPower checks the reason DefaultSamples has its value,
// with the judge itself: two arms whose readouts are Bernoulli(0.5)
// trajectories (the largest variance a readout in [0, 1] can have) and no
// true difference must be judged equivalent at the default margin in at
// least 75% of repeated experiments at DefaultSamples (82% expected), while
// at the former 2,000 it was about 20%.
func TestDefaultSamplesPower(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	arm := func(n int) judge.Estimate {
		k := 0
		for range n {
			if rng.IntN(2) == 1 {
				k++
			}
		}
		p := float64(k) / float64(n)
		return judge.Estimate{Mean: p, SE: math.Sqrt(p * (1 - p) / float64(n-1)), N: n}
	}
	power := func(n, reps int) float64 {
		pass := 0
		for range reps {
			if judge.Equivalent(judge.Diff(arm(n), arm(n)), 0).Verdict == judge.Pass {
				pass++
			}
		}
		return float64(pass) / float64(reps)
	}
	const reps = 400 // a binomial SE of about 0.02 on each power
	pDefault, p2000 := power(DefaultSamples, reps), power(2000, reps)
	t.Logf("equivalent pairs judged equivalent: %.3f at %d, %.3f at 2,000", pDefault, DefaultSamples, p2000)
	if p := pDefault; p < 0.75 {
		t.Errorf("at %d trajectories per run an equivalent pair passes %.2f of the time, want ≥ 0.75", DefaultSamples, p)
	}
	if p := p2000; p > 0.35 {
		t.Errorf("at 2,000 trajectories per run an equivalent pair passes %.2f of the time; the documented reason for DefaultSamples expects about 0.20", p)
	}
}
