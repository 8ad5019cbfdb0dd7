package claims

import (
	"context"
	"testing"

	"github.com/ikklab/ikklab/kb"
)

// BenchmarkClaims runs every claim once at 500 samples per run.
func BenchmarkClaims(b *testing.B) {
	k, err := kb.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := Evaluate(context.Background(), k, Options{Samples: 500})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rep.Claims)), "claims/op")
	}
}
