package stochastic

import "testing"

func TestRand48(t *testing.T) {
	// Reference: glibc srand48(1); drand48() x3 gives
	// 0.041630344771878, 0.454492444728629, 0.834817218166915 (gcc, Debian 12).
	var r rand48
	r.seed(1)
	for _, want := range []float64{0.041630344771878, 0.454492444728629, 0.834817218166915} {
		if got := r.float(); got-want > 1e-14 || want-got > 1e-14 {
			t.Errorf("drand48 = %.15f, want %.15f", got, want)
		}
	}
}
