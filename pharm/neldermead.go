package pharm

import "math"

// nelderMead minimises f over two parameters from x0 by the Nelder–Mead
// simplex method (Nelder and Mead 1965, Comput J 7:308; the standard
// coefficients: reflection 1, expansion 2, contraction ½, shrink ½), with an
// initial simplex of x0 and x0 + step·e_i. It stops when the function values
// of the simplex agree within abs + rel·|f| (converged true), or after
// maxIter iterations (converged false), and returns the best vertex.
//
// Written by hand rather than with gonum/optimize, which the fits used
// before: gonum runs every method in a goroutine that exchanges each
// evaluation over channels, about 1 ms per fit of five points, too slow for
// bootstraps of thousands of refits. This is the same method with no
// allocation per iteration.
func nelderMead(f func([]float64) float64, x0 [2]float64, step, abs, rel float64, maxIter int) (best [2]float64, fbest float64, converged bool) {
	var v [3][2]float64
	var fv [3]float64
	v[0] = x0
	v[1], v[2] = x0, x0
	v[1][0] += step
	v[2][1] += step
	buf := make([]float64, 2)
	eval := func(p [2]float64) float64 {
		buf[0], buf[1] = p[0], p[1]
		return f(buf)
	}
	for i := range v {
		fv[i] = eval(v[i])
	}
	for it := 0; it < maxIter; it++ {
		// Order: v[0] best, v[2] worst.
		for i := 1; i < 3; i++ {
			for j := i; j > 0 && fv[j] < fv[j-1]; j-- {
				v[j], v[j-1] = v[j-1], v[j]
				fv[j], fv[j-1] = fv[j-1], fv[j]
			}
		}
		if fv[2]-fv[0] <= abs+rel*math.Abs(fv[0]) {
			return v[0], fv[0], true
		}
		c := [2]float64{(v[0][0] + v[1][0]) / 2, (v[0][1] + v[1][1]) / 2}
		at := func(t float64) [2]float64 { // c + t·(c − worst)
			return [2]float64{c[0] + t*(c[0]-v[2][0]), c[1] + t*(c[1]-v[2][1])}
		}
		r := at(1)
		fr := eval(r)
		switch {
		case fr < fv[0]:
			e := at(2)
			if fe := eval(e); fe < fr {
				v[2], fv[2] = e, fe
			} else {
				v[2], fv[2] = r, fr
			}
		case fr < fv[1]:
			v[2], fv[2] = r, fr
		default:
			t := -0.5 // inside contraction
			if fr < fv[2] {
				t = 0.5 // outside contraction
			}
			k := at(t)
			if fk := eval(k); fk < math.Min(fr, fv[2]) {
				v[2], fv[2] = k, fk
			} else { // shrink towards the best vertex
				for i := 1; i < 3; i++ {
					v[i] = [2]float64{v[0][0] + (v[i][0]-v[0][0])/2, v[0][1] + (v[i][1]-v[0][1])/2}
					fv[i] = eval(v[i])
				}
			}
		}
	}
	i := 0
	for j := 1; j < 3; j++ {
		if fv[j] < fv[i] {
			i = j
		}
	}
	return v[i], fv[i], false
}
