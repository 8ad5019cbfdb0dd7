package pharm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Fit is a four-parameter log-logistic dose-response curve,
//
//	y(x) = Bottom + (Top − Bottom)/(1 + (x/IC50)^Hill),
//
// with Top the response at zero dose, Bottom the response at infinite dose
// and Hill > 0: a falling curve (viability) has Top > Bottom, a rising one
// Top < Bottom. IC50 is the dose of the half-way response, in the unit of the
// doses fitted; [IC50Lo, IC50Hi] is its 95% confidence interval.
type Fit struct {
	Bottom    float64 `json:"bottom"`
	Top       float64 `json:"top"`
	IC50      float64 `json:"ic50"`
	Hill      float64 `json:"hill"`
	R2        float64 `json:"r2"`
	IC50Lo    float64 `json:"ic50_lo"` // NaN when it cannot be estimated
	IC50Hi    float64 `json:"ic50_hi"`
	Converged bool    `json:"converged"`
}

// Eval returns the fitted response at dose x ≥ 0.
func (f Fit) Eval(x float64) float64 {
	if x == 0 || f.Top == f.Bottom { // a flat curve has no IC50 or Hill slope
		return f.Top
	}
	return f.Bottom + (f.Top-f.Bottom)/(1+math.Pow(x/f.IC50, f.Hill))
}

// Dose returns the dose at which the curve reaches response y, or NaN when
// y is not strictly between Top and Bottom.
func (f Fit) Dose(y float64) float64 {
	r := (f.Top - y) / (y - f.Bottom)
	if !(r > 0) || math.IsInf(r, 0) {
		return math.NaN()
	}
	return f.IC50 * math.Pow(r, 1/f.Hill)
}

// FitLogistic fits the four-parameter log-logistic curve of Fit to responses
// y at doses x by least squares. Zero doses are kept: they are the x → 0
// limit of the curve, so they inform Top. The data need at least 4 points,
// two distinct positive doses and no NaN, infinite or negative dose.
//
// Method: for fixed log10 IC50 and log Hill the model is linear in Bottom
// and Top, which are solved exactly (variable projection); the two nonlinear
// parameters are started from the best point of a grid (log10 IC50 over the
// dose range ± 1 decade, Hill 0.5, 1, 2, 4) and refined by Nelder–Mead
// (nelderMead, by hand: see there), restarted once from its own optimum. IC50 is searched
// within 6 decades of the doses and Hill within [0.01, 100]. Converged
// reports that both runs ended by convergence, not by an iteration limit,
// that the optimum is inside that range, and that Top and Bottom lie within
// twice the range of the responses beyond them (else IC50, Hill or an
// asymptote is not determined by the data). The
// confidence interval is Wald's on the log10 IC50 scale: the covariance
// s²(JᵀJ)⁻¹ of the four parameters (J the Jacobian of the residuals, s² the
// residual variance on n − 4 degrees of freedom) with Student's t quantile;
// it is NaN with fewer than 5 points or a singular JᵀJ.
//
// Flat data (all responses equal) give ErrFlat, with a fit whose Top and
// Bottom are that value and whose IC50 and Hill are NaN.
func FitLogistic(x, y []float64) (Fit, error) {
	return fitLogistic(x, y, math.NaN(), math.NaN())
}

// FitLogisticIn is FitLogistic with Top and Bottom constrained to [lo, hi],
// the range the readout can take (0 and 1 for a probability): the curve's
// asymptotes never leave it.
func FitLogisticIn(x, y []float64, lo, hi float64) (Fit, error) {
	return fitLogisticBounded(x, y, math.NaN(), math.NaN(), lo, hi, nil)
}

// fitLogistic fits with Top and Bottom fixed to the given values unless NaN.
func fitLogistic(x, y []float64, top, bottom float64) (Fit, error) {
	return fitLogisticBounded(x, y, top, bottom, math.Inf(-1), math.Inf(1), nil)
}

// fitLogisticBounded fits with Top and Bottom fixed unless NaN, and the free
// ones within [rlo, rhi]. A non-nil from (a previous fit of similar data,
// as in a bootstrap) replaces the grid start and the restart with one
// shorter run from its (log10 IC50, ln Hill).
func fitLogisticBounded(x, y []float64, top, bottom, rlo, rhi float64, from *Fit) (Fit, error) {
	nan := math.NaN()
	if len(x) != len(y) {
		return Fit{}, fmt.Errorf("pharm: %d doses but %d responses", len(x), len(y))
	}
	free := 2
	if !math.IsNaN(top) {
		free--
	}
	if !math.IsNaN(bottom) {
		free--
	}
	p := 2 + free
	if len(x) < p {
		return Fit{}, fmt.Errorf("pharm: %d points cannot determine a %d-parameter curve", len(x), p)
	}
	lmin, lmax := math.Inf(1), math.Inf(-1)
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || x[i] < 0 {
			return Fit{}, &InputError{Where: fmt.Sprintf("dose[%d]", i), Value: x[i], Msg: "a dose must be finite and ≥ 0"}
		}
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return Fit{}, &InputError{Where: fmt.Sprintf("response[%d]", i), Value: y[i], Msg: "a response must be finite"}
		}
		if x[i] > 0 {
			l := math.Log10(x[i])
			lmin, lmax = math.Min(lmin, l), math.Max(lmax, l)
		}
	}
	if !(lmax > lmin) {
		return Fit{}, errors.New("pharm: a dose-response fit needs at least two distinct positive doses")
	}
	ymin, ymax, mean := y[0], y[0], 0.0
	for _, v := range y {
		ymin, ymax, mean = math.Min(ymin, v), math.Max(ymax, v), mean+v/float64(len(y))
	}
	if ymax-ymin <= 1e-12*math.Max(1, math.Max(math.Abs(ymin), math.Abs(ymax))) && free == 2 {
		return Fit{Top: mean, Bottom: mean, IC50: nan, Hill: nan, R2: nan, IC50Lo: nan, IC50Hi: nan}, ErrFlat
	}

	m := &curve{x: x, y: y, top: top, bottom: bottom, lo: lmin - 6, hi: lmax + 6, rlo: rlo, rhi: rhi, g: make([]float64, len(x)), lx: make([]float64, len(x))}
	for k, v := range x {
		if v > 0 {
			m.lx[k] = math.Log10(v)
		}
	}
	// Grid start.
	best, start := math.Inf(1), []float64{0, 0}
	for i := 0; i <= 24; i++ {
		l := lmin - 1 + float64(i)*(lmax-lmin+2)/24
		for _, h := range []float64{0.5, 1, 2, 4} {
			if f := m.sse([]float64{l, math.Log(h)}); f < best {
				best, start = f, []float64{l, math.Log(h)}
			}
		}
	}
	converged := true
	q := start
	runs := 2
	if from != nil && from.IC50 > 0 && from.Hill > 0 {
		q, runs = []float64{math.Log10(from.IC50), math.Log(from.Hill)}, 1
	}
	for range runs {
		x, fx, ok := nelderMead(m.sse, [2]float64{q[0], q[1]}, 0.25, 1e-15, 1e-13, 5000)
		if !ok {
			converged = false
		}
		if fx <= m.sse(q) {
			q = []float64{x[0], x[1]}
		}
	}
	sse := m.sse(q)
	l, h := m.clamp(q)
	if l <= m.lo || l >= m.hi || h <= 0.01 || h >= 100 {
		converged = false // the optimum is at the edge of the search range
	}
	if span := ymax - ymin; m.fitTop < ymin-2*span || m.fitTop > ymax+2*span || m.fitBottom < ymin-2*span || m.fitBottom > ymax+2*span {
		converged = false // an asymptote far outside the data: not determined
	}
	f := Fit{Top: m.fitTop, Bottom: m.fitBottom, IC50: math.Pow(10, l), Hill: h, Converged: converged, IC50Lo: nan, IC50Hi: nan}
	var sst float64
	for _, v := range y {
		sst += (v - mean) * (v - mean)
	}
	f.R2 = nan
	if sst > 0 {
		f.R2 = 1 - sse/sst
	}

	// Wald interval for log10 IC50.
	n := len(x)
	if n > p {
		J := mat.NewDense(n, p, nil)
		for k := range x {
			u := 0.0
			if x[k] > 0 {
				u = math.Pow(10, h*(math.Log10(x[k])-l))
			}
			g := 1 / (1 + u)
			c := 0
			if math.IsNaN(bottom) {
				J.Set(k, c, 1-g)
				c++
			}
			if math.IsNaN(top) {
				J.Set(k, c, g)
				c++
			}
			d := (f.Top - f.Bottom) * u * g * g // −∂g/∂ln u · (Top − Bottom)
			J.Set(k, c, d*h*math.Ln10)          // ∂y/∂log10 IC50
			if x[k] > 0 {
				J.Set(k, c+1, -d*math.Log(x[k]/f.IC50)) // ∂y/∂Hill
			}
		}
		var jtj, cov mat.Dense
		jtj.Mul(J.T(), J)
		if err := cov.Inverse(&jtj); err == nil {
			s2 := sse / float64(n-p)
			se := math.Sqrt(s2 * cov.At(p-2, p-2))
			t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - p)}.Quantile(0.975)
			if !math.IsNaN(se) {
				f.IC50Lo, f.IC50Hi = math.Pow(10, l-t*se), math.Pow(10, l+t*se)
			}
		}
	}
	return f, nil
}

// boxed returns the least-squares (T, B) within [rlo, rhi] (for the free
// ones) when the unconstrained optimum (T, B) lies outside: the objective
// is a convex quadratic, so the optimum is on the boundary — one asymptote at
// a bound with the other solved and clamped, or a corner.
func (m *curve) boxed(T, B, saa, sab, sbb, say, sby float64) (float64, float64) {
	freeT, freeB := math.IsNaN(m.top), math.IsNaN(m.bottom)
	clamp := func(v float64) float64 { return math.Max(m.rlo, math.Min(m.rhi, v)) }
	// SSE up to a constant: saa B² + 2 sab B T + sbb T² − 2 say B − 2 sby T.
	obj := func(t, b float64) float64 { return saa*b*b + 2*sab*b*t + sbb*t*t - 2*say*b - 2*sby*t }
	type cand struct{ t, b float64 }
	var cs []cand
	bounds := []float64{m.rlo, m.rhi}
	switch {
	case freeT && freeB:
		for _, t := range bounds {
			if !math.IsInf(t, 0) && saa > 0 {
				cs = append(cs, cand{t, clamp((say - t*sab) / saa)})
			}
		}
		for _, b := range bounds {
			if !math.IsInf(b, 0) && sbb > 0 {
				cs = append(cs, cand{clamp((sby - b*sab) / sbb), b})
			}
		}
	case freeT:
		cs = append(cs, cand{clamp(T), B})
	case freeB:
		cs = append(cs, cand{T, clamp(B)})
	}
	best, bt, bb := math.Inf(1), clamp(T), clamp(B)
	if !freeT {
		bt = T
	}
	if !freeB {
		bb = B
	}
	for _, c := range cs {
		if f := obj(c.t, c.b); f < best {
			best, bt, bb = f, c.t, c.b
		}
	}
	return bt, bb
}

// curve evaluates the sum of squares of a log-logistic fit as a function of
// (log10 IC50, ln Hill), with Top and Bottom solved by linear least squares
// unless fixed.
type curve struct {
	x, y              []float64
	lx                []float64 // log10 of each dose (x > 0)
	top, bottom       float64   // fixed values, or NaN
	lo, hi            float64   // bounds on log10 IC50
	rlo, rhi          float64   // bounds on free Top and Bottom (±Inf: none)
	g                 []float64
	fitTop, fitBottom float64 // set by sse
}

// clamp keeps the nonlinear parameters in a range where the model is
// numerically meaningful: IC50 within 6 decades of the doses, Hill in
// [0.01, 100].
func (m *curve) clamp(q []float64) (l, h float64) {
	l = math.Max(m.lo, math.Min(m.hi, q[0]))
	h = math.Exp(math.Max(logHillMin, math.Min(logHillMax, q[1])))
	return l, h
}

// The bounds of ln Hill (computed once: clamp runs in every evaluation).
var logHillMin, logHillMax = math.Log(0.01), math.Log(100)

func (m *curve) sse(q []float64) float64 {
	l, h := m.clamp(q)
	// Sums for the normal equations of y = B(1 − g) + T g.
	var saa, sab, sbb, say, sby float64
	for k, x := range m.x {
		g := 1.0
		if x > 0 {
			g = 1 / (1 + math.Pow(10, h*(m.lx[k]-l)))
		}
		m.g[k] = g
		a, b := 1-g, g
		saa, sab, sbb = saa+a*a, sab+a*b, sbb+b*b
		say, sby = say+a*m.y[k], sby+b*m.y[k]
	}
	T, B := m.top, m.bottom
	switch {
	case math.IsNaN(T) && math.IsNaN(B):
		det := saa*sbb - sab*sab
		if det > 1e-12*saa*sbb {
			B = (say*sbb - sby*sab) / det
			T = (sby*saa - say*sab) / det
		} else { // g is (nearly) constant: the curve is a constant
			T = (say + sby) / (saa + 2*sab + sbb)
			B = T
		}
	case math.IsNaN(T):
		T = (sby - B*sab) / sbb
	case math.IsNaN(B):
		B = (say - T*sab) / saa
	}
	if math.IsNaN(T) || math.IsNaN(B) {
		return math.Inf(1)
	}
	if T < m.rlo || T > m.rhi || B < m.rlo || B > m.rhi {
		T, B = m.boxed(T, B, saa, sab, sbb, say, sby)
	}
	m.fitTop, m.fitBottom = T, B
	var s float64
	for k, g := range m.g {
		r := m.y[k] - (B + (T-B)*g)
		s += r * r
	}
	return s
}
