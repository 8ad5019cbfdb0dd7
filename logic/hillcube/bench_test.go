package hillcube_test

import (
	"context"
	"testing"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/hillcube"
	"github.com/ikklab/ikklab/ode"
)

// BenchmarkBuiltin integrates the built-in network's ODEs to t = 50 at
// rtol 1e-6, as an experiment run does:
//
//	go test ./logic/hillcube -run '^$' -bench Builtin
func BenchmarkBuiltin(b *testing.B) {
	k, _ := kb.Default()
	net, _ := k.Network()
	params, _ := net.ParamValues()
	sys, err := hillcube.Convert(net, params, hillcube.Options{})
	if err != nil {
		b.Fatal(err)
	}
	times := []float64{10, 20, 30, 40, 50}
	for b.Loop() {
		if _, err := sys.Simulate(context.Background(), times, ode.Options{RelTol: 1e-6}); err != nil {
			b.Fatal(err)
		}
	}
}
