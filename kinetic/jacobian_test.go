package kinetic_test

import (
	"math"
	"testing"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/format/sbml/suite"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/kinetic"
)

// The symbolic Jacobian agrees with central differences of the right-hand
// side at each model's initial state, perturbed, for every SBML Test Suite
// model that simulates (and the symbolic form covers most of them).
func TestSymbolicJacobian(t *testing.T) {
	cases, err := suite.Cases(external.Dir(t, "sbml-test-suite"))
	if err != nil {
		t.Fatal(err)
	}
	symbolic, checked := 0, 0
	for _, cs := range cases {
		m, err := sbml.ReadFile(cs.Model)
		if err != nil || len(m.Unsupported) > 0 {
			continue
		}
		c, err := kinetic.Compile(m)
		if err != nil {
			continue
		}
		y, err := c.StartForTest()
		if err != nil || len(y) == 0 {
			continue
		}
		checked++
		n := len(y)
		for i := range y {
			y[i] = y[i]*1.05 + 1e-3*float64(i+1) // off symmetric points
		}
		js := make([]float64, n*n)
		if !c.JacobianForTest(0.7, y, js) {
			continue
		}
		symbolic++
		fp, fm := make([]float64, n), make([]float64, n)
		// Central differences with Richardson extrapolation: (4·D(h/2) −
		// D(h))/3 has error O(h⁴).
		central := func(j int, h float64, out []float64) float64 {
			yj := y[j]
			y[j] = yj + h
			c.RHSForTest(0.7, y, fp)
			y[j] = yj - h
			c.RHSForTest(0.7, y, fm)
			y[j] = yj
			big := 0.0
			for i := range out {
				out[i] = (fp[i] - fm[i]) / (2 * h)
				big = math.Max(big, math.Max(math.Abs(fp[i]), math.Abs(fm[i])))
			}
			return big
		}
		d1, d2 := make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			h := 1e-4 * math.Max(math.Abs(y[j]), 1e-3)
			big := central(j, h, d1)
			central(j, h/2, d2)
			round := 1e3 * 0x1p-52 * big / h // what rounding in f leaves of a difference
			for i := 0; i < n; i++ {
				fd := (4*d2[i] - d1[i]) / 3
				if math.IsNaN(fd) && math.IsNaN(js[i*n+j]) {
					continue
				}
				if d := math.Abs(fd - js[i*n+j]); !(d <= 1e-6*math.Abs(fd)+round) {
					t.Errorf("%s: J[%d][%d] = %.10g, extrapolated central difference %.10g", cs.ID, i, j, js[i*n+j], fd)
				}
			}
		}
	}
	t.Logf("%d of %d models with state have a symbolic Jacobian", symbolic, checked)
	if symbolic < checked*9/10 {
		t.Errorf("only %d of %d models have a symbolic Jacobian", symbolic, checked)
	}
}
