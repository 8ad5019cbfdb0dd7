package pharm

import (
	"math"
	"strings"
	"testing"
)

// handMatrix is a 3 × 3 viability matrix (% of control) whose scores are
// derived by hand below.
//
//	effects E = 1 − y/100:   B: 0    0.2  0.4
//	                  A 0.1:     0.4  0.6
//	                  A 0.5:     0.7  0.9
func handMatrix() Matrix {
	return Matrix{
		DosesA: []float64{0, 1e-8, 1e-7},
		DosesB: []float64{0, 1e-9, 1e-8},
		Response: [][]float64{
			{100, 80, 60},
			{90, 60, 40},
			{50, 30, 10},
		},
	}
}

func TestBlissHSAHand(t *testing.T) {
	m := handMatrix()
	// Bliss: E_exp = E_A + E_B − E_A E_B: (1,1) 0.28, (1,2) 0.46, (2,1) 0.6,
	// (2,2) 0.7; excess 0.12, 0.14, 0.1, 0.2; mean 0.14.
	// HSA: E_exp = max: 0.2, 0.4, 0.5, 0.5; excess 0.2, 0.2, 0.2, 0.4; mean 0.25.
	for _, c := range []struct {
		name   string
		score  func(Matrix) (Score, error)
		excess [][]float64
		mean   float64
	}{
		{"bliss", Bliss, [][]float64{{0, 0, 0}, {0, 0.12, 0.14}, {0, 0.1, 0.2}}, 0.14},
		{"hsa", HSA, [][]float64{{0, 0, 0}, {0, 0.2, 0.2}, {0, 0.2, 0.4}}, 0.25},
	} {
		s, err := c.score(m)
		if err != nil {
			t.Fatal(err)
		}
		if s.Method != c.name || !near(s.Excess, c.excess, 1e-12) || math.Abs(s.Mean-c.mean) > 1e-12 {
			t.Errorf("%s: excess %v mean %g, want %v mean %g", c.name, s.Excess, s.Mean, c.excess, c.mean)
		}
		if s.Expected[0][2] != 0.4 || s.Expected[2][0] != 0.5 {
			t.Errorf("%s: single-agent effects not kept in Expected: %v", c.name, s.Expected)
		}
	}
}

func TestDirections(t *testing.T) {
	for _, c := range []struct {
		dir  Direction
		resp [][]float64
	}{
		// The hand matrix's effects, written as other readouts:
		// Increasing E = y/y0 − 1 with y0 = 10; IncreasingFraction E =
		// (y − y0)/(1 − y0) with y0 = 0.2; Fractional E = y.
		{Increasing, [][]float64{{10, 12, 14}, {11, 14, 16}, {15, 17, 19}}},
		{IncreasingFraction, [][]float64{{0.2, 0.36, 0.52}, {0.28, 0.52, 0.68}, {0.6, 0.76, 0.92}}},
		{Fractional, [][]float64{{0, 0.2, 0.4}, {0.1, 0.4, 0.6}, {0.5, 0.7, 0.9}}},
	} {
		m := handMatrix()
		m.Response, m.Direction = c.resp, c.dir
		s, err := Bliss(m)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s.Mean-0.14) > 1e-12 {
			t.Errorf("%v: Bliss mean %g, want 0.14", c.dir, s.Mean)
		}
	}
}

// independent returns a viability matrix of two drugs acting on unrelated
// targets: each kills by the occupancy of its own target, and a cell
// survives only if it survives both, y = y0 (1 − θ_A)(1 − θ_B).
func independent(y0 float64) Matrix {
	a := append([]float64{0}, logDoses(1e-9, 1e-5, 7)...)
	b := append([]float64{0}, logDoses(1e-10, 1e-6, 6)...)
	m := Matrix{DosesA: a, DosesB: b, Response: make([][]float64, len(a))}
	for i := range a {
		m.Response[i] = make([]float64, len(b))
		for j := range b {
			m.Response[i][j] = y0 * (1 - Occupancy(a[i], 3e-7, 1.5)) * (1 - Occupancy(b[j], 2e-8, 1))
		}
	}
	return m
}

func TestIndependentDrugsNoSynergy(t *testing.T) {
	s, err := Synergy(independent(0.8))
	if err != nil {
		t.Fatal(err)
	}
	// Bliss is exact for independent action; ZIP's reference is Bliss on
	// fitted curves, which fit this data exactly.
	if maxAbs(s.Bliss.Excess) > 1e-12 {
		t.Errorf("Bliss excess %v, want 0", s.Bliss.Excess)
	}
	if maxAbs(s.ZIP.Excess) > 1e-4 {
		t.Errorf("ZIP excess up to %g, want 0", maxAbs(s.ZIP.Excess))
	}
	// Independent drugs are above HSA, and Loewe lies between.
	if !(s.HSA.Mean > 0) {
		t.Errorf("HSA mean %g, want > 0", s.HSA.Mean)
	}
}

// TestLoeweSham checks that a drug combined with a dilution of itself (the
// same Hill curve, B four times as potent) has no Loewe excess: the
// combination's effect is the curve at the equivalent dose a + 4b.
func TestLoeweSham(t *testing.T) {
	a := append([]float64{0}, logDoses(1e-9, 1e-5, 7)...)
	b := append([]float64{0}, logDoses(1e-10, 1e-6, 6)...)
	curve := Fit{Top: 1, Bottom: 0.1, IC50: 1e-7, Hill: 1.3} // viability
	m := Matrix{DosesA: a, DosesB: b, Response: make([][]float64, len(a))}
	for i := range a {
		m.Response[i] = make([]float64, len(b))
		for j := range b {
			m.Response[i][j] = curve.Eval(a[i] + 4*b[j])
		}
	}
	s, err := Loewe(m)
	if err != nil {
		t.Fatal(err)
	}
	if maxAbs(s.Excess) > 1e-5 {
		t.Errorf("Loewe excess up to %g on a sham combination, want 0", maxAbs(s.Excess))
	}
	// Bliss calls the sham combination synergistic at low doses; HSA does too.
	bl, _ := Bliss(m)
	if !(bl.Mean != 0) {
		t.Errorf("Bliss mean %g on a sham combination", bl.Mean)
	}
}

// TestLoeweBeyondMax: drug A reaches at most 30% effect, drug B 90%. Where
// the combination exceeds A's maximum, A contributes nothing and the
// expectation is B's effect (hand-derived from a/D_A(E) = 0 above 0.3).
func TestLoeweBeyondMax(t *testing.T) {
	fa := Fit{Top: 0, Bottom: 0.3, IC50: 1e-7, Hill: 1}
	fb := Fit{Top: 0, Bottom: 0.9, IC50: 1e-8, Hill: 1}
	// B alone at its IC50 gives 0.45 > 0.3: expectation 0.45 for any a.
	if e := loeweEffect(1e-6, 1e-8, fa, fb, true, true); math.Abs(e-0.45) > 1e-9 {
		t.Errorf("Loewe effect %g, want 0.45", e)
	}
	// Below A's maximum both contribute: a = IC50_A, b small. Solve
	// a/D_A(E) + b/D_B(E) = 1 and check it.
	e := loeweEffect(1e-7, 1e-9, fa, fb, true, true)
	if r := 1e-7/fa.Dose(e) + 1e-9/fb.Dose(e); math.Abs(r-1) > 1e-9 || e < 0.15 {
		t.Errorf("Loewe effect %g: a/D_A + b/D_B = %g", e, r)
	}
	// A drug without effect leaves the other's.
	if e := loeweEffect(1e-7, 1e-8, fa, fb, false, true); math.Abs(e-0.45) > 1e-9 {
		t.Errorf("Loewe effect with inactive A = %g, want 0.45", e)
	}
}

func TestSynergyFlatDrug(t *testing.T) {
	// Drug B does nothing: every score must still compute, Bliss and HSA
	// excess 0, Loewe equal to A's fitted effect.
	m := independent(1)
	for i := range m.Response {
		for j := range m.Response[i] {
			m.Response[i][j] = m.Response[i][0]
		}
	}
	s, err := Synergy(m)
	if err != nil {
		t.Fatal(err)
	}
	if maxAbs(s.Bliss.Excess) > 1e-12 || maxAbs(s.HSA.Excess) > 1e-12 || maxAbs(s.Loewe.Excess) > 1e-6 {
		t.Errorf("flat drug B: Bliss %g HSA %g Loewe %g, want 0", maxAbs(s.Bliss.Excess), maxAbs(s.HSA.Excess), maxAbs(s.Loewe.Excess))
	}
}

func TestSmallMatrices(t *testing.T) {
	// 2 × 2 (one dose each) and 3 × 3: all scores compute, except ZIP on
	// the 2 × 2, which is undefined there (NaN: it would be Bliss's score).
	for _, m := range []Matrix{
		{DosesA: []float64{0, 1}, DosesB: []float64{0, 1}, Response: [][]float64{{1, 0.6}, {0.7, 0.3}}},
		handMatrix(),
	} {
		s, err := Synergy(m)
		if err != nil {
			t.Fatalf("%v: %v", m.Response, err)
		}
		twoByTwo := len(m.DosesA) == 2
		for _, x := range []float64{s.Bliss.Mean, s.HSA.Mean, s.Loewe.Mean} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%v: scores %+v", m.Response, s)
			}
		}
		if math.IsNaN(s.ZIP.Mean) != twoByTwo || math.IsNaN(s.ZIP.Excess[1][1]) != twoByTwo {
			t.Errorf("%v: ZIP %g (excess %g), want NaN only on the 2 × 2", m.Response, s.ZIP.Mean, s.ZIP.Excess[1][1])
		}
	}
	// 2 × 2 by hand: E_A = 0.3, E_B = 0.4, E = 0.7; Bliss 0.7 − 0.58 = 0.12.
	s, _ := Bliss(Matrix{DosesA: []float64{0, 1}, DosesB: []float64{0, 1}, Response: [][]float64{{1, 0.6}, {0.7, 0.3}}})
	if math.Abs(s.Mean-0.12) > 1e-12 {
		t.Errorf("2 × 2 Bliss %g, want 0.12", s.Mean)
	}
}

func TestMatrixErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Matrix)
		msg  string
	}{
		{"rows", func(m *Matrix) { m.Response = m.Response[:2] }, "rows"},
		{"columns", func(m *Matrix) { m.Response[1] = m.Response[1][:2] }, "row 1"},
		{"NaN", func(m *Matrix) { m.Response[2][1] = math.NaN() }, "response[2][1]"},
		{"negative dose", func(m *Matrix) { m.DosesA[1] = -1 }, "doses_a[1]"},
		{"unsorted doses", func(m *Matrix) { m.DosesB[2] = m.DosesB[1] }, "doses_b[2]"},
		{"no zero dose", func(m *Matrix) { m.DosesA[0] = 1e-10 }, "doses_a[0]"},
		{"zero control", func(m *Matrix) { m.Response[0][0] = 0 }, "response[0][0]"},
		{"too small", func(m *Matrix) { m.DosesA = m.DosesA[:1]; m.Response = m.Response[:1] }, "at least 2"},
		{"bad direction", func(m *Matrix) { m.Direction = 9 }, "direction"},
	} {
		m := handMatrix()
		c.edit(&m)
		for _, f := range []func(Matrix) (Score, error){Bliss, HSA, Loewe, ZIP} {
			if _, err := f(m); err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.msg)
			}
		}
	}
}

func near(a, b [][]float64, tol float64) bool {
	for i := range a {
		for j := range a[i] {
			if math.Abs(a[i][j]-b[i][j]) > tol {
				return false
			}
		}
	}
	return true
}

func maxAbs(a [][]float64) float64 {
	var m float64
	for _, r := range a {
		for _, v := range r {
			m = math.Max(m, math.Abs(v))
		}
	}
	return m
}
