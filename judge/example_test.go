package judge_test

import (
	"fmt"

	"github.com/ikklab/ikklab/judge"
)

// A drug lowers P(Proliferation) from 0.62 to 0.41 over 2000 trajectories
// per arm.
func ExampleChange() {
	control := judge.Estimate{Mean: 0.62, SE: 0.0108, N: 2000}
	treated := judge.Estimate{Mean: 0.41, SE: 0.0110, N: 2000}
	o := judge.Change("down", judge.Diff(treated, control), 0)
	fmt.Println(o.Verdict+":", o.Reason)
	// Output:
	// pass: −0.210 [−0.240, −0.180] exceeds the margin 0.030 and excludes 0
}

// "No change" needs a positive control that moves the readout.
func ExampleSame() {
	ref := judge.Estimate{Mean: 0.40, SE: 0.005, N: 2000}
	arm := judge.Estimate{Mean: 0.41, SE: 0.005, N: 2000}
	pos := judge.Estimate{Mean: 0.15, SE: 0.004, N: 2000}
	d, c := judge.Diff(arm, ref), judge.Diff(pos, ref)
	fmt.Println(judge.Same(d, nil, 0).Verdict)
	o := judge.Same(d, &c, 0)
	fmt.Println(o.Verdict+":", o.Reason)
	// Output:
	// uninformative
	// pass: +0.010 [−0.002, +0.022]: the 90% CI is inside ±0.030, while the positive control moves −0.250 [−0.263, −0.237]
}

func ExampleSynergy() {
	control := judge.Estimate{Mean: 0.80, SE: 0.0089, N: 2000}
	a := judge.Estimate{Mean: 0.50, SE: 0.0112, N: 2000}
	b := judge.Estimate{Mean: 0.60, SE: 0.0110, N: 2000}
	combo := judge.Estimate{Mean: 0.30, SE: 0.0102, N: 2000}
	o := judge.Synergy("bliss", "down", combo, a, b, control, 0)
	fmt.Println(o.Verdict+":", o.Reason)
	// Output:
	// pass: Bliss excess +0.075 [+0.045, +0.105] exceeds the margin 0.030 and excludes 0
}

func ExampleSpearman() {
	rho, p := judge.Spearman([]float64{1, 2, 3, 4, 5}, []float64{0.9, 0.7, 0.8, 0.4, 0.2})
	fmt.Printf("ρ = %.1f, p = %.4f\n", rho, p)
	// Output:
	// ρ = -0.9, p = 0.0833
}

func ExampleTrend() {
	doses := []float64{0, 10, 30, 100, 300, 1000} // nM
	var values []judge.Estimate
	for _, m := range []float64{0.81, 0.74, 0.60, 0.42, 0.25, 0.12} {
		values = append(values, judge.Estimate{Mean: m, SE: 0.02, N: 500})
	}
	o := judge.Trend("down", doses, values, 0)
	fmt.Println(o.Verdict+":", o.Reason)
	fmt.Println(judge.Trend("down", doses[:4], values[:4], 0).Reason)
	// Output:
	// pass: ρ = −1.000 over 6 doses, exact p = 0.0028 < 0.05: the readout falls with dose
	// ρ = −1.000 over 4 doses, exact p = 0.083, not below 0.05
}
