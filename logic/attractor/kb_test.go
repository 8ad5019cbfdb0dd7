package attractor

import (
	"context"
	"testing"
	"time"

	"github.com/ikklab/ikklab/internal/kbtest"
	"github.com/ikklab/ikklab/model"
)

func ikklabNetwork(t testing.TB) *model.Network {
	_, net := kbtest.Network(t)
	return net
}

func TestIkklabFixedPoints(t *testing.T) {
	net := ikklabNetwork(t)
	start := time.Now()
	r, err := FixedPoints(context.Background(), net, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d fixed points with %d free nodes in %v", len(r.Attractors), r.Free, time.Since(start))
	s, _ := prepare(net, nil)
	for _, a := range r.Attractors {
		if x := a.States[0]; !equalState(s.next(x), x) {
			t.Fatalf("%s is not a fixed point", x.Bits(s.n))
		}
	}
}

func equalState(a, b State) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
