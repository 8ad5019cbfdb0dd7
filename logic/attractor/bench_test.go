package attractor

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ikklab/ikklab/format/bnet"
	"github.com/ikklab/ikklab/internal/external"
)

// BenchmarkBoolNetSync times the synchronous exhaustive searches of 2^25
// states that BoolNet's timing.tsv reports (getAttractors wall time on 2
// vCPUs: random_n25_k2_s3 7.26 s, random_n25_k3_s11 12.6 s,
// calzone_cellfate tnf 7.39 s). Run:
//
//	go test ./logic/attractor -run '^$' -bench BoolNetSync -benchtime 5x
//
// Measured on this shared 2-core machine (AMD EPYC), 2 workers: 0.26 s,
// 0.38 s and 0.24 s per search (130, 89 and 139 million states/s), i.e.
// 28×, 34× and 31× faster than BoolNet's wall times; with -cpu 1 (one
// worker, like BoolNet): 0.40 s, 0.57 s and 0.37 s (18×, 22×, 20×).
// Memory: 128 MiB of successors against BoolNet's 842 MB peak.
func BenchmarkBoolNetSync(b *testing.B) {
	dir := external.Dir(b, "boolnet")
	cases := []struct {
		name  string
		fixed map[string]bool
	}{
		{"random_n25_k2_s3", nil},
		{"random_n25_k3_s11", nil},
		{"calzone_cellfate", map[string]bool{"TNF": true, "FADD": true, "FASL": false}},
	}
	for _, c := range cases {
		net, err := bnet.ReadFile(filepath.Join(dir, c.name+".bnet"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var free int
			for b.Loop() {
				r, err := Find(context.Background(), net, Options{Fixed: c.fixed})
				if err != nil {
					b.Fatal(err)
				}
				free = r.Free
			}
			b.ReportMetric(float64(uint64(1)<<free)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
		})
	}
}

// BenchmarkAsync times the exact asynchronous search (terminal SCCs) on a
// 20-node network where every rule reads four nodes (2^20 states). Run:
//
//	go test ./logic/attractor -run '^$' -bench Async
func BenchmarkAsync(b *testing.B) {
	s := xorNetwork(b, 20)
	b.ReportAllocs()
	var free int
	for b.Loop() {
		r, err := Find(context.Background(), s.net, Options{Update: Async})
		if err != nil {
			b.Fatal(err)
		}
		free = r.Free
	}
	b.ReportMetric(float64(uint64(1)<<free)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}
