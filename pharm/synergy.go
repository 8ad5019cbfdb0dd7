package pharm

import (
	"errors"
	"fmt"
	"math"
)

// Direction says how a readout relates to a drug's effect, and so how a
// response y becomes a fractional effect E given the untreated response y₀.
type Direction uint8

const (
	// Decreasing readouts fall with the effect (viability, proliferation):
	// E = 1 − y/y₀.
	Decreasing Direction = iota
	// Increasing readouts rise with the effect (apoptosis, a reporter):
	// E = y/y₀ − 1. E is not bounded by 1; Bliss and ZIP assume it is, so
	// prefer IncreasingFraction for probabilities.
	Increasing
	// IncreasingFraction is for rising readouts bounded by 1, such as the
	// probability that a phenotype node is on: E = (y − y₀)/(1 − y₀), the
	// fraction of the room above the control that the drugs fill.
	IncreasingFraction
	// Fractional means the responses already are fractional effects (e.g.
	// % inhibition / 100): E = y, and y₀ is not used.
	Fractional
)

func (d Direction) String() string {
	if d > Fractional {
		return fmt.Sprintf("Direction(%d)", d)
	}
	return [...]string{"decreasing", "increasing", "increasing-fraction", "fractional"}[d]
}

// Matrix is a two-drug dose-response matrix: Response[i][j] is the response
// to drug A at DosesA[i] with drug B at DosesB[j]. Row 0 and column 0 are the
// single agents (DosesA[0] = DosesB[0] = 0) and Response[0][0] is the
// untreated control y₀. Doses of each drug must be strictly increasing, in
// any one unit per drug.
type Matrix struct {
	DosesA, DosesB []float64
	Response       [][]float64
	Direction      Direction
}

// Score is one synergy score of a Matrix: per cell, the observed effect
// minus the effect expected without interaction (positive is synergy), and
// its mean over the combination cells.
type Score struct {
	Method   string      `json:"method"`   // bliss, hsa, loewe, zip
	Excess   [][]float64 `json:"excess"`   // 0 on row 0 and column 0
	Expected [][]float64 `json:"expected"` // the reference effect; the single-agent effects on row 0 and column 0
	Mean     float64     `json:"mean"`     // over i, j ≥ 1
}

// Scores holds the four scores of a matrix.
type Scores struct {
	Bliss, HSA, Loewe, ZIP Score
}

// Effects converts the responses to fractional effects by m.Direction.
func (m Matrix) Effects() ([][]float64, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	y0 := m.Response[0][0]
	switch m.Direction {
	case Decreasing, Increasing:
		if !(y0 > 0) {
			return nil, &InputError{Where: "response[0][0]", Value: y0, Msg: "the untreated control must be positive to divide by it"}
		}
	case IncreasingFraction:
		if !(y0 < 1) {
			return nil, &InputError{Where: "response[0][0]", Value: y0, Msg: "the untreated control must be below 1 for a fraction of the room above it"}
		}
	case Fractional:
	default:
		return nil, fmt.Errorf("pharm: unknown direction %d", m.Direction)
	}
	E := make([][]float64, len(m.Response))
	for i, row := range m.Response {
		E[i] = make([]float64, len(row))
		for j, y := range row {
			switch m.Direction {
			case Decreasing:
				E[i][j] = 1 - y/y0
			case Increasing:
				E[i][j] = y/y0 - 1
			case IncreasingFraction:
				E[i][j] = (y - y0) / (1 - y0)
			case Fractional:
				E[i][j] = y
			}
		}
	}
	return E, nil
}

func (m Matrix) check() error {
	na, nb := len(m.DosesA), len(m.DosesB)
	if na < 2 || nb < 2 {
		return fmt.Errorf("pharm: a dose matrix needs at least 2 doses of each drug (zero and one), not %d × %d", na, nb)
	}
	if len(m.Response) != na {
		return fmt.Errorf("pharm: %d doses of drug A but %d rows of responses", na, len(m.Response))
	}
	for name, ds := range map[string][]float64{"doses_a": m.DosesA, "doses_b": m.DosesB} {
		if ds[0] != 0 {
			return &InputError{Where: name + "[0]", Value: ds[0], Msg: "the first dose must be 0 (the single-agent row and column)"}
		}
		for i := 1; i < len(ds); i++ {
			if math.IsNaN(ds[i]) || math.IsInf(ds[i], 0) || !(ds[i] > ds[i-1]) {
				return &InputError{Where: fmt.Sprintf("%s[%d]", name, i), Value: ds[i], Msg: "doses must be finite and strictly increasing"}
			}
		}
	}
	for i, row := range m.Response {
		if len(row) != nb {
			return fmt.Errorf("pharm: row %d of responses has %d values, want %d (one per dose of drug B)", i, len(row), nb)
		}
		for j, y := range row {
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return &InputError{Where: fmt.Sprintf("response[%d][%d]", i, j), Value: y, Msg: "a response must be finite"}
			}
		}
	}
	return nil
}

// score builds a Score from the effects and a reference function of the
// cell.
func score(method string, E [][]float64, ref func(i, j int) float64) Score {
	s := Score{Method: method, Excess: make([][]float64, len(E)), Expected: make([][]float64, len(E))}
	var sum float64
	for i := range E {
		s.Excess[i] = make([]float64, len(E[i]))
		s.Expected[i] = make([]float64, len(E[i]))
		for j := range E[i] {
			if i == 0 || j == 0 {
				s.Expected[i][j] = E[i][j]
				continue
			}
			s.Expected[i][j] = ref(i, j)
			s.Excess[i][j] = E[i][j] - s.Expected[i][j]
			sum += s.Excess[i][j]
		}
	}
	s.Mean = sum / float64((len(E)-1)*(len(E[0])-1))
	return s
}

// Bliss scores m against Bliss independence (Bliss 1939): the drugs act
// independently, so E_exp = E_A + E_B − E_A·E_B with E_A, E_B the observed
// single-agent effects of the cell's row and column.
func Bliss(m Matrix) (Score, error) {
	E, err := m.Effects()
	if err != nil {
		return Score{}, err
	}
	return score("bliss", E, func(i, j int) float64 {
		a, b := E[i][0], E[0][j]
		return a + b - a*b
	}), nil
}

// HSA scores m against the highest single agent (Berenbaum 1989):
// E_exp = max(E_A, E_B).
func HSA(m Matrix) (Score, error) {
	E, err := m.Effects()
	if err != nil {
		return Score{}, err
	}
	return score("hsa", E, func(i, j int) float64 { return math.Max(E[i][0], E[0][j]) }), nil
}

// singleFits fits the single-agent effect curves of drug A (column 0) and
// drug B (row 0), the untreated control included as dose 0. A flat single
// agent (ErrFlat) gives ok false: the drug has no effect at any dose.
func singleFits(m Matrix, E [][]float64) (a, b Fit, okA, okB bool, err error) {
	ya := make([]float64, len(E))
	for i := range E {
		ya[i] = E[i][0]
	}
	if a, err = fitSingle(m.DosesA, ya); err != nil && !errors.Is(err, ErrFlat) {
		return a, b, false, false, fmt.Errorf("drug A: %w", err)
	}
	okA = err == nil
	if b, err = fitSingle(m.DosesB, E[0]); err != nil && !errors.Is(err, ErrFlat) {
		return a, b, false, false, fmt.Errorf("drug B: %w", err)
	}
	okB = err == nil
	return a, b, okA, okB, nil
}

// fitSingle fits a single-agent curve. With fewer than 4 points it
// constrains the curve so that it is determined: with 3 (two doses), Top
// and Bottom are fixed to the effects at zero and at the highest dose; with
// 2 (one dose), see below.
func fitSingle(x, y []float64) (Fit, error) {
	if len(x) >= 4 {
		return FitLogistic(x, y)
	}
	if y[0] == y[len(y)-1] {
		return Fit{Top: y[0], Bottom: y[0], IC50: math.NaN(), Hill: math.NaN()}, ErrFlat
	}
	if len(x) == 2 {
		// One dose: a Hill-1 curve from the control to a maximal effect of 1
		// through the observed effect, or, when the effect does not lie
		// between them, a step at the dose.
		y0, y1 := y[0], y[1]
		if y0 < y1 && y1 < 1 {
			return Fit{Top: y0, Bottom: 1, Hill: 1, IC50: x[1] / ((y0-1)/(y1-1) - 1), R2: 1, IC50Lo: math.NaN(), IC50Hi: math.NaN(), Converged: true}, nil
		}
		return Fit{Top: y0, Bottom: y1, Hill: 100, IC50: x[1] / 10, R2: 1, IC50Lo: math.NaN(), IC50Hi: math.NaN(), Converged: true}, nil
	}
	return fitLogistic(x, y, y[0], y[len(y)-1])
}

// Loewe scores m against Loewe additivity (Loewe 1953), each drug acting as
// a dilution of the other: the expected effect E of doses (a, b) solves
//
//	a/D_A(E) + b/D_B(E) = 1,
//
// with D_X(E) the dose of drug X alone that gives effect E, from its fitted
// single-agent 4PL curve (FitLogistic on column 0 and row 0, the control as
// dose 0). A drug cannot reach effects beyond its fitted maximal effect at
// any dose, so its term is 0 there (D_X = ∞); a drug whose fitted effect does
// not rise with dose contributes 0 at every effect. This keeps the left side
// decreasing in E and the root unique, found by bisection; the expectation is
// never below the larger single-agent fitted effect. (SynergyFinder instead
// falls back to the larger single-agent effect at dose a + b when its Newton
// solve fails.) With neither drug rising, the expectation is the larger
// fitted zero-dose effect.
func Loewe(m Matrix) (Score, error) {
	E, err := m.Effects()
	if err != nil {
		return Score{}, err
	}
	fa, fb, okA, okB, err := singleFits(m, E)
	if err != nil {
		return Score{}, err
	}
	okA = okA && fa.Bottom > fa.Top
	okB = okB && fb.Bottom > fb.Top
	return score("loewe", E, func(i, j int) float64 {
		return loeweEffect(m.DosesA[i], m.DosesB[j], fa, fb, okA, okB)
	}), nil
}

func loeweEffect(a, b float64, fa, fb Fit, okA, okB bool) float64 {
	type term struct {
		d  float64
		f  Fit
		ok bool
	}
	ts := []term{{a, fa, okA}, {b, fb, okB}}
	lo, hi := math.Inf(1), math.Inf(-1)
	any := false
	for _, t := range ts {
		if !t.ok || t.d == 0 {
			continue
		}
		any = true
		lo, hi = math.Min(lo, t.f.Top), math.Max(hi, t.f.Bottom)
	}
	if !any {
		return math.Max(fa.Eval(0), fb.Eval(0))
	}
	// F(E) = Σ d/D(E) − 1 is +∞ at E ≤ max Top of active drugs and −1 at
	// E ≥ max Bottom; it decreases in between.
	F := func(e float64) float64 {
		s := -1.0
		for _, t := range ts {
			if !t.ok || t.d == 0 || e >= t.f.Bottom {
				continue
			}
			if e <= t.f.Top {
				return math.Inf(1)
			}
			s += t.d / t.f.Dose(e)
		}
		return s
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if F(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// ZIP scores m with the zero interaction potency model (Yadav B, Wennerberg
// K, Aittokallio T, Tang J (2015) Comput Struct Biotechnol J 13:504–513) as
// SynergyFinder computes it (Ianevski et al. 2017, Bioinformatics 33:2413):
//
//  1. Fit each single agent's effect curve (4PL, all parameters free, the
//     control as dose 0): ŷ_A(a), ŷ_B(b).
//  2. For each column (fixed dose b > 0), fit the effects over the doses of
//     A with a 4PL curve whose zero-dose effect is fixed to ŷ_B(b) and whose
//     maximal effect is fixed to 1 (only IC50 and Hill free); likewise for each
//     row over the doses of B, from ŷ_A(a). (With a single non-zero dose on
//     that axis no curve is fitted and the observed effect is used; with a
//     single dose on both axes, a 2 × 2 matrix, ZIP would be Bliss under
//     another name and is undefined: NaN.)
//  3. δ = (column fit + row fit)/2 − (ŷ_A + ŷ_B − ŷ_A·ŷ_B).
//
// In step 2 SynergyFinder's drc fit lets the slope take either sign; here the
// curve may also run from 1 at zero dose down to ŷ, whichever of the two
// fits the data better. Effects are fractions (SynergyFinder's % / 100). A
// flat single agent has ŷ equal to its constant effect.
func ZIP(m Matrix) (Score, error) {
	E, err := m.Effects()
	if err != nil {
		return Score{}, err
	}
	fa, fb, _, _, err := singleFits(m, E)
	if err != nil {
		return Score{}, err
	}
	na, nb := len(E), len(E[0])
	if na == 2 && nb == 2 {
		// One dose of each drug: no curve to fit on either axis, and the
		// score would be Bliss's under another name. Undefined (NaN).
		return score("zip", E, func(int, int) float64 { return math.NaN() }), nil
	}
	yA := make([]float64, na)
	for i := 1; i < na; i++ {
		yA[i] = fa.Eval(m.DosesA[i])
	}
	yB := make([]float64, nb)
	for j := 1; j < nb; j++ {
		yB[j] = fb.Eval(m.DosesB[j])
	}
	colFit := make([][]float64, na) // over doses of A, column j fixed
	rowFit := make([][]float64, na) // over doses of B, row i fixed
	for i := range colFit {
		colFit[i] = make([]float64, nb)
		rowFit[i] = make([]float64, nb)
	}
	for j := 1; j < nb; j++ {
		x, y := m.DosesA[1:], make([]float64, na-1)
		for i := 1; i < na; i++ {
			y[i-1] = E[i][j]
		}
		fit, err := zipCurve(x, y, yB[j])
		if err != nil {
			return Score{}, fmt.Errorf("zip: column %d: %w", j, err)
		}
		for i := 1; i < na; i++ {
			colFit[i][j] = fit[i-1]
		}
	}
	for i := 1; i < na; i++ {
		fit, err := zipCurve(m.DosesB[1:], E[i][1:], yA[i])
		if err != nil {
			return Score{}, fmt.Errorf("zip: row %d: %w", i, err)
		}
		copy(rowFit[i][1:], fit)
	}
	s := score("zip", E, func(i, j int) float64 {
		return yA[i] + yB[j] - yA[i]*yB[j]
	})
	var sum float64
	for i := 1; i < na; i++ {
		for j := 1; j < nb; j++ {
			s.Excess[i][j] = (colFit[i][j]+rowFit[i][j])/2 - s.Expected[i][j]
			sum += s.Excess[i][j]
		}
	}
	s.Mean = sum / float64((na-1)*(nb-1))
	return s, nil
}

// zipCurve fits effects y at doses x > 0 with a 4PL curve running between
// the other drug's effect e0 and 1, and returns the fitted values.
func zipCurve(x, y []float64, e0 float64) ([]float64, error) {
	if len(x) == 1 {
		return []float64{y[0]}, nil
	}
	out := make([]float64, len(x))
	if len(x) == 2 || e0 == 1 {
		// Two points (or a curve with no room) cannot carry two free
		// parameters beside the fixed ends: use the observed effects.
		copy(out, y)
		return out, nil
	}
	best := math.Inf(1)
	for _, ends := range [][2]float64{{e0, 1}, {1, e0}} {
		f, err := fitLogistic(x, y, ends[0], ends[1])
		if err != nil {
			return nil, err
		}
		var sse float64
		fitted := make([]float64, len(x))
		for k := range x {
			fitted[k] = f.Eval(x[k])
			sse += (y[k] - fitted[k]) * (y[k] - fitted[k])
		}
		if sse < best {
			best = sse
			copy(out, fitted)
		}
	}
	return out, nil
}

// Synergy computes all four scores of m.
func Synergy(m Matrix) (Scores, error) {
	var s Scores
	var err error
	if s.Bliss, err = Bliss(m); err != nil {
		return s, err
	}
	if s.HSA, err = HSA(m); err != nil {
		return s, err
	}
	if s.Loewe, err = Loewe(m); err != nil {
		return s, err
	}
	if s.ZIP, err = ZIP(m); err != nil {
		return s, err
	}
	return s, nil
}
