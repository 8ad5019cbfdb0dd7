package bnet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
)

// FuzzRead checks that Read never panics and that whatever it accepts
// survives Write and Read unchanged (same ids, kinds and rule trees). The
// seed corpus is testdata/*.bnet and testdata/fuzz/FuzzRead.
//
//	go test ./format/bnet -run '^$' -fuzz FuzzRead -fuzztime 30s
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.bnet"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"targets, factors\nA, A\nB, !A & (C | 1)\n",
		"A,B^C|D&!E\n",
		"x.1, true & false | x.1\n",
		"targets, factors, probabilities\nx1, x1, 1\n",
		"IRS, IGF[-2]\n",
		"A, sumgt(B, C, 1)\n",
		"A, ((((B))))\n# c\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, net); err != nil {
			t.Fatalf("Write of a network Read accepted: %v", err)
		}
		back, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("Read of written network: %v\n%s", err, buf.String())
		}
		if len(back.Nodes) != len(net.Nodes) {
			t.Fatalf("%d nodes, %d after the round trip\n%s", len(net.Nodes), len(back.Nodes), buf.String())
		}
		for i := range net.Nodes {
			a, b := net.Nodes[i], back.Nodes[i]
			if a.ID != b.ID || a.Kind != b.Kind || (a.Rule == nil) != (b.Rule == nil) || a.Rule != nil && !expr.Equal(a.Rule, b.Rule) {
				t.Fatalf("node %d changed: %s %s %v -> %s %s %v", i, a.ID, a.Kind, a.Rule, b.ID, b.Kind, b.Rule)
			}
		}
	})
}
