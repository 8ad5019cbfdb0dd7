package ode

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Rodas5P (Steinebach 2023, BIT Numer Math 63:27), W-transformed as in
// Hairer's RODAS: stage i solves ((1/(hγ))·I − J)·uᵢ = f(t+cᵢh, Yᵢ) +
// Σⱼ (Cᵢⱼ/h)·uⱼ + h·dᵢ·∂f/∂t with Yᵢ = y + Σⱼ aᵢⱼ·uⱼ for stages 2–6; stages 7
// and 8 take Y₇ = Y₆ + u₆ and Y₈ = Y₇ + u₇, the result is Y₈ + u₈ and u₈ is
// the error estimate (the method is stiffly accurate). Indices below are
// 0-based. The dense output is y(t+θh) = (1−θ)·y₀ + θ·(y₁ + (1−θ)·(K₁ +
// θ·(K₂ + θ·K₃))) with Kₘ = Σⱼ Hₘⱼ·uⱼ.
var rodas5P = struct {
	gamma float64
	a     [6][5]float64
	c     [5]float64
	d     [5]float64
	C     [8][7]float64
	H     [3][8]float64
}{
	gamma: 0.21193756319429014,
	a: [6][5]float64{
		{},
		{3.0},
		{2.849394379747939, 0.45842242204463923},
		{-6.954028509809101, 2.489845061869568, -10.358996098473584},
		{2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641},
		{-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946},
	},
	c: [5]float64{0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664},
	d: [5]float64{0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069},
	C: [8][7]float64{
		{},
		{-14.155112264123755},
		{-17.97296035885952, -2.859693295451294},
		{147.12150275711716, -1.41221402718213, 71.68940251302358},
		{165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306},
		{24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471},
		{30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662},
		{37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627},
	},
	H: [3][8]float64{
		{25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493},
		{-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372},
		{11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722},
	},
}

// rodas holds a Rosenbrock step's matrices and stages.
type rodas struct {
	jac, e   []float64 // ∂f/∂y and the factorised (1/(hγ))·I − J, row-major
	ipiv     []int
	jacOK    bool // jac (and dT) are for the current (t, y)
	u        [8][]float64
	arg, fs  []float64
	dT, tmp  []float64
	kd       [3][]float64 // dense-output combinations
	y1       []float64    // the step's end (s.y moves when an event truncates the step)
	pv, pw   []float64    // power iteration
	sinceChk int
}

func (r *rodas) init(n int) {
	r.jac = make([]float64, n*n)
	r.e = make([]float64, n*n)
	r.ipiv = make([]int, n)
	for i := range r.u {
		r.u[i] = make([]float64, n)
	}
	for i := range r.kd {
		r.kd[i] = make([]float64, n)
	}
	r.arg, r.fs, r.dT, r.tmp = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	r.pv, r.pw = make([]float64, n), make([]float64, n)
	r.y1 = make([]float64, n)
}

// jacobian evaluates ∂f/∂y (and ∂f/∂t) at (s.t, s.y); s.f0 is f there.
func (r *rodas) jacobian(s *Solver) {
	n, t, y := s.n, s.t, s.y
	if s.p.Jacobian != nil {
		clear(r.jac)
		s.p.Jacobian(t, y, r.jac)
		s.stats.JacEvals++
	} else {
		// Increments as CVODE's difference-quotient Jacobian chooses them:
		// max(√ε·|yⱼ|, σ/wⱼ) with the error weight wⱼ = 1/(rtol·|yⱼ| +
		// atolⱼ) and σ = 1000·|h|·ε·n·‖f‖ (weighted RMS), so a component far
		// below 1 (ROBER's y₂ ≈ 1e−13) is not perturbed by orders of
		// magnitude more than itself.
		var fnorm float64
		for i, v := range s.f0 {
			w := v / (s.set.rtol*math.Abs(y[i]) + s.set.atol[i] + math.SmallestNonzeroFloat64)
			fnorm += w * w
		}
		fnorm = math.Sqrt(fnorm / float64(n))
		sigma := 1000 * math.Abs(s.h) * epsilon * float64(n) * fnorm
		if sigma == 0 {
			sigma = 1
		}
		srur := math.Sqrt(epsilon)
		for j := 0; j < n; j++ {
			yj := y[j]
			delta := math.Max(srur*math.Abs(yj), sigma*(s.set.rtol*math.Abs(yj)+s.set.atol[j]))
			if delta == 0 {
				delta = srur
			}
			y[j] = yj + delta
			delta = y[j] - yj // the increment actually represented
			s.p.F(t, y, r.tmp)
			y[j] = yj
			for i := 0; i < n; i++ {
				r.jac[i*n+j] = (r.tmp[i] - s.f0[i]) / delta
			}
		}
		s.stats.FEvals += n
		s.stats.JacEvals++
	}
	if s.p.Autonomous {
		clear(r.dT)
	} else {
		delta := math.Sqrt(epsilon * math.Max(1e-5, math.Abs(t)))
		s.p.F(t+delta, y, r.tmp)
		s.stats.FEvals++
		for i := range r.dT {
			r.dT[i] = (r.tmp[i] - s.f0[i]) / delta
		}
	}
	r.jacOK = true
}

// step computes a Rodas5P step of size h into s.ynew and returns its scaled
// error norm (+Inf when the matrix is singular, so the caller retries with a
// smaller step).
func (r *rodas) step(s *Solver, h float64) (float64, error) {
	n, t, y, f := s.n, s.t, s.y, s.p.F
	if !r.jacOK {
		r.jacobian(s)
	}
	tb := &rodas5P
	fac := 1 / (h * tb.gamma)
	for i, v := range r.jac {
		r.e[i] = -v
	}
	for i := 0; i < n; i++ {
		r.e[i*n+i] += fac
	}
	a := blas64.General{Rows: n, Cols: n, Stride: n, Data: r.e}
	s.stats.LUs++
	if !lapack64.Getrf(a, r.ipiv) {
		return math.Inf(1), nil
	}
	solve := func(b []float64) { luSolve(r.e, r.ipiv, b) }
	u, arg := r.u, r.arg
	// Stage 1.
	for i := 0; i < n; i++ {
		u[0][i] = s.f0[i] + h*tb.d[0]*r.dT[i]
	}
	solve(u[0])
	ih := 1 / h
	for st := 1; st < 8; st++ {
		ts := t + h
		switch {
		case st <= 5:
			copy(arg, y)
			for j := 0; j < st; j++ {
				if c := tb.a[st][j]; c != 0 {
					uj := u[j]
					for i := range arg {
						arg[i] += c * uj[i]
					}
				}
			}
			if st <= 4 {
				ts = t + tb.c[st]*h
			}
		default: // stages 7 and 8 continue from the previous argument
			prev := u[st-1]
			for i := range arg {
				arg[i] += prev[i]
			}
		}
		f(ts, arg, r.fs)
		us := u[st]
		copy(us, r.fs)
		for j := 0; j < st; j++ {
			c := tb.C[st][j] * ih
			uj := u[j]
			for i := range us {
				us[i] += c * uj[i]
			}
		}
		if st <= 4 {
			if dd := h * tb.d[st]; dd != 0 && !s.p.Autonomous {
				for i := range us {
					us[i] += dd * r.dT[i]
				}
			}
		}
		solve(us)
	}
	s.stats.FEvals += 7
	for i := range s.ynew {
		s.ynew[i] = arg[i] + u[7][i]
	}
	return s.errorNorm(u[7]), nil
}

// prepare forms the dense-output combinations of the last step. It runs
// before an event truncates the step, so s.y is still the step's end.
func (r *rodas) prepare(s *Solver) {
	tb := &rodas5P
	copy(r.y1, s.y)
	for m := range r.kd {
		k := r.kd[m]
		clear(k)
		for j := 0; j < 8; j++ {
			c := tb.H[m][j]
			uj := r.u[j]
			for i := range k {
				k[i] += c * uj[i]
			}
		}
	}
}

func (r *rodas) interpolate(s *Solver, theta float64, out []float64) {
	t1 := 1 - theta
	y0, y1 := s.y0, r.y1
	k1, k2, k3 := r.kd[0], r.kd[1], r.kd[2]
	for i := range out {
		out[i] = t1*y0[i] + theta*(y1[i]+t1*(k1[i]+theta*(k2[i]+theta*k3[i])))
	}
}

// nonStiff reports, every 25 accepted steps, whether the explicit method
// would be stable at this step size: h·ρ(J) < 1.5 with the spectral radius
// ρ estimated by power iteration on the last Jacobian.
func (r *rodas) nonStiff(s *Solver, h float64) bool {
	r.sinceChk++
	if r.sinceChk < 25 {
		return false
	}
	r.sinceChk = 0
	n := s.n
	v, w := r.pv, r.pw
	for i := range v {
		v[i] = 1 + float64(i%7)*0.1
	}
	var rho float64
	for it := 0; it < 12; it++ {
		var nv, nw float64
		for i := 0; i < n; i++ {
			var sum float64
			row := r.jac[i*n : i*n+n]
			for j, x := range row {
				sum += x * v[j]
			}
			w[i] = sum
			nv += v[i] * v[i]
			nw += sum * sum
		}
		if nw == 0 {
			return true
		}
		rho = math.Sqrt(nw / nv)
		inv := 1 / math.Sqrt(nw)
		for i := range v {
			v[i] = w[i] * inv
		}
	}
	return h*rho < 1.5
}

// luSolve solves A·x = b in place from Getrf's row-major factors of A (row
// swaps ipiv, unit lower L, upper U). Written out rather than calling
// lapack64.Getrs, which treats the vector as an n×1 matrix through Dtrsm
// (60% of a POLLU step), or blas64.Trsv, whose single-accumulator dot
// products wait on each addition (34%): four accumulators run in parallel.
func luSolve(lu []float64, ipiv []int, b []float64) {
	n := len(b)
	for i, p := range ipiv {
		if p != i {
			b[i], b[p] = b[p], b[i]
		}
	}
	for i := 1; i < n; i++ {
		b[i] -= dot(lu[i*n:i*n+i], b[:i])
	}
	for i := n - 1; i >= 0; i-- {
		row := lu[i*n : i*n+n]
		b[i] = (b[i] - dot(row[i+1:], b[i+1:n])) / row[i]
	}
}

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
