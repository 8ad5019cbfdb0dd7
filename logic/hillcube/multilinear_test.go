package hillcube

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ikklab/ikklab/kb"
)

// The compositional extension equals the multilinear interpolation of the
// whole truth table, for every rate of the built-in network, at random
// activities.
func TestCompositionalIsMultilinear(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	net, _ := k.Network()
	params, _ := net.ParamValues()
	s, err := Convert(net, params, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// The reference is the whole truth table, which may read more nodes than
	// the engine would tabulate (TBK1's rates read 18).
	const referenceInputs = 20
	work := make([]float64, 1<<referenceInputs)
	checked := 0
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		up, down := nd.Rates()
		for _, x := range []struct {
			r      *rate
			selfOn bool
		}{{&s.up[i], false}, {&s.down[i], true}} {
			e := up
			if x.selfOn {
				e = down
			}
			full, err := table(net, nd, i, e, x.selfOn, params, referenceInputs)
			if err != nil {
				t.Fatal(err)
			}
			for trial := 0; trial < 20; trial++ {
				for j := range s.b {
					s.b[j] = rng.Float64()
					if trial%5 == 0 {
						s.b[j] = float64(rng.IntN(2)) // cube corners too
					}
				}
				want := contract(&full, s.b, work)
				got := x.r.f(s.b)
				if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("%s (self %v): compositional %.15g, full table %.15g", nd.ID, x.selfOn, got, want)
				}
			}
			checked++
		}
	}
	t.Logf("%d rates checked", checked)
}
