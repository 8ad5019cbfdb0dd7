// Command synth writes a synthetic MaBoSS model (PREFIX.bnd, PREFIX.cfg) of
// any size, built as MaBoSS.GPU's data/generate-synth.py builds its
// benchmark models (Šmelko et al. 2024, BMC Bioinformatics 25:199): node Nᵢ
// turns on when it is off, its s predecessors are on and the one before them
// is off, and turns off when it is on and its s successors are all on, on a
// ring; every rate is 1, the first s nodes start on, and one node in
// nodes/noninternals is an output. The formula reads 2s+2 nodes (with
// itself); MaBoSS.GPU's default s is √nodes. Nodes are written in a shuffled
// order drawn from a fixed seed, so the files are reproducible.
//
//	go run ./logic/stochastic/testdata/synth -nodes 1000 -formula-size 6 logic/stochastic/testdata/synth1000
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
)

func main() {
	nodes := flag.Int("nodes", 100, "number of nodes")
	outputs := flag.Int("noninternals", 5, "number of output (non-internal) nodes")
	formula := flag.Int("formula-size", -1, "nodes in each formula besides the node itself and one inhibitor (2s); default 2·√nodes")
	samples := flag.Int("sample-count", 1000000, "sample_count")
	tick := flag.Float64("time-tick", 5, "time_tick")
	maxTime := flag.Float64("max-time", 100, "max_time")
	seed := flag.Uint64("seed", 1, "seed of the node order")
	flag.Parse()
	if flag.NArg() != 1 || *nodes < 3 || *outputs < 0 || *outputs > *nodes {
		fmt.Fprintln(os.Stderr, "usage: synth [-nodes N] [-noninternals K] [-formula-size F] PREFIX")
		os.Exit(2)
	}
	n := *nodes
	s := int(math.Sqrt(float64(n)))
	if *formula > 0 {
		s = *formula / 2
	}
	if 2*s+2 > n {
		fmt.Fprintf(os.Stderr, "synth: formula of %d nodes does not fit %d nodes\n", 2*s+2, n)
		os.Exit(2)
	}
	prefix := flag.Arg(0)
	name := func(i int) string { return fmt.Sprintf("N%d", (i%n+n)%n) }
	blocks := make([]string, n)
	for i := range n {
		var up, down []string
		for j := 1; j <= s; j++ {
			up = append(up, name(i-j))
			down = append(down, name(i+j))
		}
		up = append(up, "!"+name(i-s-1))
		blocks[i] = fmt.Sprintf("Node %s {\n    logic = (!%s & %s) | (!(%s & %s) & %s);\n    rate_up = @logic ? $u_%s : 0;\n    rate_down = @logic ? 0 : $d_%s;\n}\n\n",
			name(i), name(i), strings.Join(up, " & "), name(i), strings.Join(down, " & "), name(i), name(i), name(i))
	}
	r := rand.New(rand.NewPCG(*seed, 0))
	r.Shuffle(n, func(a, b int) { blocks[a], blocks[b] = blocks[b], blocks[a] })
	write(prefix+".bnd", strings.Join(blocks, ""))

	var c strings.Builder
	fmt.Fprintf(&c, "sample_count = %d;\ntime_tick = %g;\nmax_time = %g;\ndiscrete_time = 0;\n", *samples, *tick, *maxTime)
	stride, left := 1, *outputs
	if *outputs > 0 {
		stride = n / *outputs
	}
	for i := range n {
		fmt.Fprintf(&c, "$u_N%d = 1;\n$d_N%d = 1;\nN%d.istate = %d;\n", i, i, i, map[bool]int{true: 1}[i < s])
		internal := 1
		if i%stride == 0 && left > 0 {
			internal, left = 0, left-1
		}
		fmt.Fprintf(&c, "N%d.is_internal = %d;\n", i, internal)
	}
	write(prefix+".cfg", c.String())
}

func write(path, text string) {
	f, err := os.Create(path)
	if err == nil {
		w := bufio.NewWriter(f)
		w.WriteString(text)
		err = w.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
