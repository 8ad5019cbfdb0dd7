package testset

import (
	"math"

	"github.com/ikklab/ikklab/ode"
)

// Case is a problem with its initial value, end time and the reference
// solution there.
type Case struct {
	Name      string
	Problem   ode.Problem
	T0, TEnd  float64
	Y0        []float64
	Reference []float64
	// Source says where Reference comes from.
	Source string
}

// MixedError is the test set's accuracy measure: the largest
// |y_i − ref_i| / (floor + |ref_i|), where floor = atol/rtol keeps
// components far below the tolerance from dominating. The test set's
// "mescd" (mixed-error significant correct digits) is −log10 of it.
func MixedError(y, ref []float64, floor float64) float64 {
	var m float64
	for i := range ref {
		m = math.Max(m, math.Abs(y[i]-ref[i])/(floor+math.Abs(ref[i])))
	}
	return m
}

// All returns every case, stiff ones first.
func All() []Case {
	return []Case{Rober(1e11), HIRES(), POLLU(), VDPOL(), Arenstorf()}
}

// Rober is Robertson's chemical kinetics (1966), stiff, integrated to
// tEnd. References: t = 1e11 from the test set's rober.f; t = 4e10 from
// SUNDIALS cvRoberts_dns.c check_ans (computed there at rtol 1e-8, atol
// 1e-14: about 8 digits); t = 1e5 has no published value and gets the
// agreeing digits of two tight-tolerance runs (CVODE 6.4 at rtol 1e-10 and
// SciPy Radau at rtol 1e-13: 8 digits), marked as such in Source. Other
// times have no reference (nil).
func Rober(tEnd float64) Case {
	c := Case{Name: "rober", T0: 0, TEnd: tEnd, Y0: []float64{1, 0, 0},
		Problem: ode.Problem{N: 3, Autonomous: true,
			F: func(_ float64, y, dy []float64) {
				dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
				dy[2] = 3e7 * y[1] * y[1]
				dy[1] = -dy[0] - dy[2]
			},
			Jacobian: func(_ float64, y, j []float64) {
				j[0], j[1], j[2] = -0.04, 1e4*y[2], 1e4*y[1]
				j[3], j[4], j[5] = 0.04, -1e4*y[2]-6e7*y[1], -1e4*y[1]
				j[6], j[7], j[8] = 0, 6e7*y[1], 0
			}}}
	switch tEnd {
	case 1e11:
		c.Reference = []float64{0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050e+00}
		c.Source = "Test Set for IVP Solvers, rober.f (solut)"
	case 4e10:
		c.Reference = []float64{5.2083495894337328e-08, 2.0833399429795671e-13, 9.9999994791629776e-01}
		c.Source = "SUNDIALS cvRoberts_dns.c check_ans (rtol 1e-8, atol 1e-14; about 8 digits)"
	case 1e5:
		c.Reference = []float64{1.78659211e-2, 7.2747515e-8, 9.82134006e-1}
		c.Source = "not published: the agreeing 8-9 digits of CVODE 6.4 (rtol 1e-10) and SciPy Radau (rtol 1e-13)"
	}
	return c
}

// HIRES is Schäfer's (1975) model of plant photomorphogenesis, 8 equations,
// from the test set's hires.f.
func HIRES() Case {
	return Case{Name: "hires", T0: 0, TEnd: 321.8122,
		Y0: []float64{1, 0, 0, 0, 0, 0, 0, 0.0057},
		Reference: []float64{
			0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
			0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
		},
		Source: "Test Set for IVP Solvers, hires.f (solut)",
		Problem: ode.Problem{N: 8, Autonomous: true,
			F: func(_ float64, y, f []float64) {
				f[0] = -1.71*y[0] + 0.43*y[1] + 8.32*y[2] + 0.0007
				f[1] = 1.71*y[0] - 8.75*y[1]
				f[2] = -10.03*y[2] + 0.43*y[3] + 0.035*y[4]
				f[3] = 8.32*y[1] + 1.71*y[2] - 1.12*y[3]
				f[4] = -1.745*y[4] + 0.43*(y[5]+y[6])
				f[5] = -280*y[5]*y[7] + 0.69*y[3] + 1.71*y[4] - 0.43*y[5] + 0.69*y[6]
				f[6] = 280*y[5]*y[7] - 1.81*y[6]
				f[7] = -f[6]
			},
			Jacobian: func(_ float64, y, j []float64) {
				set := func(r, c int, v float64) { j[r*8+c] = v }
				set(0, 0, -1.71)
				set(0, 1, 0.43)
				set(0, 2, 8.32)
				set(1, 0, 1.71)
				set(1, 1, -8.75)
				set(2, 2, -10.03)
				set(2, 3, 0.43)
				set(2, 4, 0.035)
				set(3, 1, 8.32)
				set(3, 2, 1.71)
				set(3, 3, -1.12)
				set(4, 4, -1.745)
				set(4, 5, 0.43)
				set(4, 6, 0.43)
				set(5, 3, 0.69)
				set(5, 4, 1.71)
				set(5, 5, -280*y[7]-0.43)
				set(5, 6, 0.69)
				set(5, 7, -280*y[5])
				set(6, 5, 280*y[7])
				set(6, 6, -1.81)
				set(6, 7, 280*y[5])
				set(7, 5, -280*y[7])
				set(7, 6, 1.81)
				set(7, 7, -280*y[5])
			}}}
}

// reaction is a mass-action reaction: rate k·y[a]·y[b] (b < 0: k·y[a]),
// consuming its reactants and producing one of each listed product.
type reaction struct {
	k        float64
	a, b     int
	products []int
}

// pollu is the air-pollution model of Verwer (1994), 20 species and 25
// reactions, from the test set's pollu.f (0-based species indices).
var pollu = []reaction{
	{0.35, 0, -1, []int{1, 2}},
	{0.266e2, 1, 3, []int{0}},
	{0.123e5, 4, 1, []int{0, 5}},
	{0.86e-3, 6, -1, []int{4, 4, 7}},
	{0.82e-3, 6, -1, []int{7}},
	{0.15e5, 6, 5, []int{4, 7}},
	{0.13e-3, 8, -1, []int{4, 7, 9}},
	{0.24e5, 8, 5, []int{10}},
	{0.165e5, 10, 1, []int{0, 9, 11}},
	{0.9e4, 10, 0, []int{12}},
	{0.22e-1, 12, -1, []int{0, 10}},
	{0.12e5, 9, 1, []int{0, 13}},
	{0.188e1, 13, -1, []int{4, 6}},
	{0.163e5, 0, 5, []int{14}},
	{0.48e7, 2, -1, []int{3}},
	{0.35e-3, 3, -1, []int{15}},
	{0.175e-1, 3, -1, []int{2}},
	{0.1e9, 15, -1, []int{5, 5}},
	{0.444e12, 15, -1, []int{2}},
	{0.124e4, 16, 5, []int{4, 17}},
	{0.21e1, 18, -1, []int{1}},
	{0.578e1, 18, -1, []int{0, 2}},
	{0.474e-1, 0, 3, []int{18}},
	{0.178e4, 18, 0, []int{19}},
	{0.312e1, 19, -1, []int{0, 18}},
}

// POLLU is the test set's pollution problem.
func POLLU() Case {
	y0 := make([]float64, 20)
	y0[1], y0[3], y0[6], y0[7], y0[8], y0[16] = 0.2, 0.04, 0.1, 0.3, 0.01, 0.007
	return Case{Name: "pollu", T0: 0, TEnd: 60, Y0: y0,
		Reference: []float64{
			0.5646255480022769e-01, 0.1342484130422339e+00, 0.4139734331099427e-08, 0.5523140207484359e-02,
			0.2018977262302196e-06, 0.1464541863493966e-06, 0.7784249118997964e-01, 0.3245075353396018e+00,
			0.7494013383880406e-02, 0.1622293157301561e-07, 0.1135863833257075e-07, 0.2230505975721359e-02,
			0.2087162882798630e-03, 0.1396921016840158e-04, 0.8964884856898295e-02, 0.4352846369330103e-17,
			0.6899219696263405e-02, 0.1007803037365946e-03, 0.1772146513969984e-05, 0.5682943292316392e-04,
		},
		Source: "Test Set for IVP Solvers, pollu.f (solut)",
		Problem: ode.Problem{N: 20, Autonomous: true,
			F: func(_ float64, y, f []float64) {
				clear(f)
				for _, r := range pollu {
					v := r.k * y[r.a]
					if r.b >= 0 {
						v *= y[r.b]
						f[r.b] -= v
					}
					f[r.a] -= v
					for _, p := range r.products {
						f[p] += v
					}
				}
			},
			Jacobian: func(_ float64, y, j []float64) {
				const n = 20
				for _, r := range pollu {
					// ∂rate/∂y[a] and ∂rate/∂y[b].
					da, db := r.k, 0.0
					if r.b >= 0 {
						da, db = r.k*y[r.b], r.k*y[r.a]
					}
					add := func(row int, sign float64) {
						j[row*n+r.a] += sign * da
						if r.b >= 0 {
							j[row*n+r.b] += sign * db
						}
					}
					add(r.a, -1)
					if r.b >= 0 {
						add(r.b, -1)
					}
					for _, p := range r.products {
						add(p, 1)
					}
				}
			}}}
}

// VDPOL is the Van der Pol oscillator in the test set's stiff scaling,
// ε = 1e−6, from vdpol.f.
func VDPOL() Case {
	const eps = 1e-6
	return Case{Name: "vdpol", T0: 0, TEnd: 2, Y0: []float64{2, 0},
		Reference: []float64{0.1706167732170483e+01, -0.8928097010247975e+00},
		Source:    "Test Set for IVP Solvers, vdpol.f (solut)",
		Problem: ode.Problem{N: 2, Autonomous: true,
			F: func(_ float64, y, f []float64) {
				f[0] = y[1]
				f[1] = ((1-y[0]*y[0])*y[1] - y[0]) / eps
			},
			Jacobian: func(_ float64, y, j []float64) {
				j[0], j[1] = 0, 1
				j[2], j[3] = (-2*y[0]*y[1]-1)/eps, (1-y[0]*y[0])/eps
			}}}
}

// Arenstorf is the restricted three-body orbit of Hairer, Nørsett & Wanner
// I, §II.0 (eq. 0.1): periodic with period T, so the reference at T is the
// initial value.
func Arenstorf() Case {
	const mu = 0.012277471
	const mu1 = 1 - mu
	const period = 17.0652165601579625588917206249
	y0 := []float64{0.994, 0, 0, -2.00158510637908252240537862224}
	return Case{Name: "arenstorf", T0: 0, TEnd: period, Y0: y0, Reference: append([]float64(nil), y0...),
		Source: "periodic orbit: y(T) = y(0) (Hairer, Nørsett & Wanner I, §II.0)",
		Problem: ode.Problem{N: 4, Autonomous: true,
			F: func(_ float64, y, f []float64) {
				d1 := math.Pow((y[0]+mu)*(y[0]+mu)+y[1]*y[1], 1.5)
				d2 := math.Pow((y[0]-mu1)*(y[0]-mu1)+y[1]*y[1], 1.5)
				f[0] = y[2]
				f[1] = y[3]
				f[2] = y[0] + 2*y[3] - mu1*(y[0]+mu)/d1 - mu*(y[0]-mu1)/d2
				f[3] = y[1] - 2*y[2] - mu1*y[1]/d1 - mu*y[1]/d2
			}}}
}
