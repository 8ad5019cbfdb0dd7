package judge

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func seq(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = float64(i + 1)
	}
	return s
}

func rev(n int) []float64 {
	s := seq(n)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return s
}

func TestSpearmanExact(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		rho, p float64
	}{
		// Perfectly monotone: only the identity and the reversal reach |ρ| = 1,
		// so p = 2/n! (hand count).
		{"monotone n=4", seq(4), seq(4), 1, 2.0 / 24}, // 0.0833, not significant
		{"monotone n=5", seq(5), seq(5), 1, 2.0 / 120},
		{"monotone n=6", seq(6), seq(6), 1, 2.0 / 720},
		{"reversed n=6", seq(6), rev(6), -1, 2.0 / 720},
		{"monotone n=10", seq(10), seq(10), 1, 2.0 / 3628800},
		// One adjacent swap at n=5: Σd² = 2, ρ = 1 − 6·2/(5·24) = 0.9. Σd² ≤ 2
		// holds for the identity and the 4 adjacent swaps, on each side:
		// p = 2·5/120 (hand count).
		{"one swap n=5", seq(5), []float64{1, 2, 3, 5, 4}, 0.9, 10.0 / 120},
		// Ties, average ranks: y = 1,2,2,3,4 has ranks 1,2.5,2.5,4,5, so
		// ρ = 9.5/sqrt(10·9.5) = sqrt(0.95). Only the two orders of the tied
		// ranks reach that |ρ| on each side (rearrangement inequality):
		// p = 4/120 (hand count).
		{"ties n=5", seq(5), []float64{1, 2, 2, 3, 4}, math.Sqrt(0.95), 4.0 / 120},
		// Fewer than 3 points or a constant series: no evidence.
		{"n=2", seq(2), seq(2), 0, 1},
		{"constant y", seq(5), []float64{3, 3, 3, 3, 3}, 0, 1},
		{"constant x", []float64{1, 1, 1, 1}, seq(4), 0, 1},
	}
	for _, tt := range tests {
		rho, p := Spearman(tt.x, tt.y)
		if math.Abs(rho-tt.rho) > 1e-12 || math.Abs(p-tt.p) > 1e-12 {
			t.Errorf("%s: ρ = %.6g, p = %.6g; want %.6g, %.6g", tt.name, rho, p, tt.rho, tt.p)
		}
	}
}

// withSumD2 returns a permutation of 1..n whose Σd² against 1..n is d2.
func withSumD2(t *testing.T, n, d2 int) []float64 {
	t.Helper()
	perm := make([]int, n)
	used := make([]bool, n+1)
	var rec func(i, s int) bool
	rec = func(i, s int) bool {
		if s > d2 {
			return false
		}
		if i == n {
			return s == d2
		}
		for v := 1; v <= n; v++ {
			if !used[v] {
				used[v], perm[i] = true, v
				if rec(i+1, s+(v-i-1)*(v-i-1)) {
					return true
				}
				used[v] = false
			}
		}
		return false
	}
	if !rec(0, 0) {
		t.Fatalf("no permutation of %d with Σd² = %d", n, d2)
	}
	y := make([]float64, n)
	for i, v := range perm {
		y[i] = float64(v)
	}
	return y
}

// Two-tailed critical values of Spearman's ρ: the smallest |ρ| whose exact
// p ≤ α. Zar JH (1972) "Significance testing of the Spearman rank correlation
// coefficient", J Am Stat Assoc 67:578–580, Table 1; the same values are
// reprinted in Larson & Farber, Elementary Statistics, App. B Table 10. At
// the critical value p ≤ α; at the next attainable value below it (Σd² + 2),
// p > α.
func TestSpearmanCriticalValues(t *testing.T) {
	tests := []struct {
		n     int
		alpha float64
		crit  float64
	}{
		{6, 0.10, 0.829}, {7, 0.10, 0.714}, {8, 0.10, 0.643}, {9, 0.10, 0.600}, {10, 0.10, 0.564},
		{6, 0.05, 0.886}, {7, 0.05, 0.786}, {8, 0.05, 0.738}, {9, 0.05, 0.700}, {10, 0.05, 0.648},
	}
	for _, tt := range tests {
		// ρ = 1 − 6Σd²/(n(n²−1)); Σd² is even.
		k := float64(tt.n*(tt.n*tt.n-1)) / 6
		d2 := 2 * int(math.Round((1-tt.crit)*k/2))
		x := seq(tt.n)
		rho, p := Spearman(x, withSumD2(t, tt.n, d2))
		if math.Abs(rho-tt.crit) > 5e-4 {
			t.Fatalf("n=%d: Σd² = %d gives ρ = %.4f, not the tabulated %.3f", tt.n, d2, rho, tt.crit)
		}
		rho2, p2 := Spearman(x, withSumD2(t, tt.n, d2+2))
		if !(p <= tt.alpha) || !(p2 > tt.alpha) {
			t.Errorf("n=%d α=%g: p(ρ=%.4f) = %.4f, p(ρ=%.4f) = %.4f; want the first ≤ α < the second",
				tt.n, tt.alpha, rho, p, rho2, p2)
		}
	}
}

// bruteP is the exact two-sided p by direct recursion over permutations,
// computing each ρ as the Pearson correlation of the ranks (gonum), for
// cross-checking the incremental enumeration.
func bruteP(x, y []float64) float64 {
	rx, ry := floatRanks(x), floatRanks(y)
	obs := math.Abs(stat.Correlation(rx, ry, nil))
	n := len(y)
	perm := make([]float64, n)
	used := make([]bool, n)
	var count, total int
	var rec func(i int)
	rec = func(i int) {
		if i == n {
			total++
			if math.Abs(stat.Correlation(rx, perm, nil)) >= obs-1e-9 {
				count++
			}
			return
		}
		for j := range n {
			if !used[j] {
				used[j], perm[i] = true, ry[j]
				rec(i + 1)
				used[j] = false
			}
		}
	}
	rec(0)
	return float64(count) / float64(total)
}

func floatRanks(v []float64) []float64 {
	r := doubledRanks(v)
	f := make([]float64, len(r))
	for i := range r {
		f[i] = float64(r[i]) / 2
	}
	return f
}

func TestSpearmanAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		n := 3 + trial%5 // 3..7
		x, y := make([]float64, n), make([]float64, n)
		for i := range n {
			// Few distinct values, so ties are frequent.
			x[i], y[i] = float64(rng.IntN(4)), float64(rng.IntN(5))
		}
		_, p := Spearman(x, y)
		if sx, sy := stat.Variance(x, nil), stat.Variance(y, nil); sx == 0 || sy == 0 {
			if p != 1 {
				t.Errorf("constant series %v %v: p = %g", x, y, p)
			}
			continue
		}
		if want := bruteP(x, y); math.Abs(p-want) > 1e-12 {
			t.Errorf("x=%v y=%v: p = %.6g, brute force %.6g", x, y, p, want)
		}
	}
}

func TestSpearmanLarge(t *testing.T) {
	// n = 12: the t approximation with 10 df.
	x := seq(12)
	y := []float64{2, 1, 4, 3, 9, 5, 12, 6, 7, 11, 8, 10}
	rho, p := Spearman(x, y)
	rx, ry := floatRanks(x), floatRanks(y)
	if want := stat.Correlation(rx, ry, nil); math.Abs(rho-want) > 1e-12 {
		t.Errorf("ρ = %g, Pearson of the ranks %g", rho, want)
	}
	tt := rho * math.Sqrt(10/(1-rho*rho))
	want := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 10}.Survival(tt) // gonum
	if math.Abs(p-want) > 1e-12 {
		t.Errorf("p = %g, want %g (t = %g, 10 df)", p, want, tt)
	}
	// Student's t table, 10 df: t(0.995) = 3.169, t(0.9995) = 4.587
	// (e.g. Zar, Biostatistical Analysis, App. Table B.3), so 0.001 < p < 0.01
	// for t between them.
	if !(tt > 3.169 && tt < 4.587 && p > 0.001 && p < 0.01) {
		t.Errorf("ρ = %.4f, t = %.3f, p = %.4g: outside the tabulated bracket", rho, tt, p)
	}
	// |ρ| = 1 with n > 10: the exact bound 2/12!, never 0.
	if rho, p := Spearman(seq(12), rev(12)); rho != -1 || math.Abs(p-2/479001600.0) > 1e-20 {
		t.Errorf("reversed n=12: ρ = %g, p = %g, want −1, 2/12!", rho, p)
	}
	if _, p := Spearman(seq(400), seq(400)); !(p > 0) {
		t.Errorf("monotone n=400: p = %g, want > 0", p)
	}
}

func TestSpearmanBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		x, y []float64
	}{
		{"lengths", seq(4), seq(5)},
		{"NaN", []float64{1, 2, math.NaN(), 4}, seq(4)},
		{"Inf", seq(4), []float64{1, 2, math.Inf(1), 4}},
	} {
		if rho, p := Spearman(c.x, c.y); !math.IsNaN(rho) || !math.IsNaN(p) {
			t.Errorf("%s: ρ = %g, p = %g, want NaN", c.name, rho, p)
		}
	}
}

// The exact p of 10 points enumerates 10! permutations.
//
//	go test ./judge -run '^$' -bench Spearman10 -benchmem
func BenchmarkSpearman10(b *testing.B) {
	x, y := seq(10), []float64{2, 1, 4, 3, 6, 5, 8, 7, 10, 9}
	b.ReportAllocs()
	for b.Loop() {
		Spearman(x, y)
	}
}
