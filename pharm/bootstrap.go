package pharm

import (
	"math"
	"math/rand/v2"
	"slices"
)

// MidpointCI is a bootstrap confidence interval of a fitted midpoint.
type MidpointCI struct {
	Lo, Hi float64 // 95% percentile interval, in the unit of the doses
	// Used is the fraction of the replicates whose fit converged; the
	// interval is computed from those.
	Used float64
}

// BootstrapMidpoint returns a 95% percentile interval for the IC50 of
// FitLogisticIn(x, y, lo, hi) by a parametric bootstrap over the
// trajectories behind each point: replicate r draws each response from a
// normal distribution with the point's standard error se[i] (of its mean
// over trajectories; at least 0.5/n, so that a point at 0 or 1 still varies),
// refits (from the point estimate, a shorter search than FitLogisticIn's),
// and keeps the replicate's IC50 when its fit converged. The
// replicates' seeds derive from seed, so the interval is reproducible.
// Lo and Hi are NaN when fewer than half of the replicates converged.
func BootstrapMidpoint(x, y, se []float64, n int, lo, hi float64, replicates int, seed uint64) MidpointCI {
	point, err := FitLogisticIn(x, y, lo, hi)
	if err != nil {
		return MidpointCI{Lo: math.NaN(), Hi: math.NaN()}
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	yb := make([]float64, len(y))
	var logs []float64
	floor := seFloor(n)
	for range replicates {
		for i := range y {
			yb[i] = math.Max(lo, math.Min(hi, y[i]+rng.NormFloat64()*math.Max(se[i], floor)))
		}
		f, err := fitLogisticBounded(x, yb, math.NaN(), math.NaN(), lo, hi, &point)
		if err != nil || !f.Converged || !(f.IC50 > 0) {
			continue
		}
		logs = append(logs, math.Log10(f.IC50))
	}
	ci := MidpointCI{Lo: math.NaN(), Hi: math.NaN(), Used: float64(len(logs)) / float64(max(1, replicates))}
	if ci.Used < 0.5 {
		return ci
	}
	slices.Sort(logs)
	q := func(p float64) float64 {
		k := p * float64(len(logs)-1)
		i := int(k)
		if i+1 >= len(logs) {
			return logs[len(logs)-1]
		}
		return logs[i] + (k-float64(i))*(logs[i+1]-logs[i])
	}
	ci.Lo, ci.Hi = math.Pow(10, q(0.025)), math.Pow(10, q(0.975))
	return ci
}
