package expr

import (
	"math/rand/v2"
	"testing"
)

func indexOf(names ...string) func(string) (int, bool) {
	m := map[string]int{}
	for i, n := range names {
		m[n] = i
	}
	return func(s string) (int, bool) { i, ok := m[s]; return i, ok }
}

// TestCompiledFormsAgree checks the bytecode (one state and 64 at a time) and
// the truth table against the tree evaluator on random states.
func TestCompiledFormsAgree(t *testing.T) {
	names := []string{"A", "B", "C", "D", "E"}
	for _, src := range []string{"A & !B | C ^ D", "!(A | B) & (C | !E) | 1 & D", "A", "0", "!(!(A))", "(A ^ B ^ C ^ D ^ E)"} {
		e := MustParse(src)
		p, err := Compile(e, indexOf(names...))
		if err != nil {
			t.Fatal(err)
		}
		tab, err := p.Table()
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		vals := make([]uint64, len(names))
		for i := range vals {
			vals[i] = r.Uint64()
		}
		words := p.EvalWords(vals)
		for b := 0; b < 64; b++ {
			state := []uint64{0}
			env := MapEnv{Nodes: map[string]bool{}}
			for i, n := range names {
				if vals[i]>>b&1 == 1 {
					state[0] |= 1 << i
					env.Nodes[n] = true
				}
			}
			want := e.Eval(env) != 0
			if got := p.Eval(state); got != want {
				t.Errorf("%s: Eval = %v, want %v", src, got, want)
			}
			if got := words>>b&1 == 1; got != want {
				t.Errorf("%s: EvalWords bit %d = %v, want %v", src, b, got, want)
			}
			if got := tab.Eval(state); got != want {
				t.Errorf("%s: Table = %v, want %v", src, got, want)
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, src := range []string{"A + 1", "Z & A", "A & 2", "$p"} {
		if _, err := Compile(MustParse(src), indexOf("A")); err == nil {
			t.Errorf("Compile(%q) succeeded", src)
		}
	}
}

func TestCompileNoAlloc(t *testing.T) {
	p, _ := Compile(MustParse("A & !B | C ^ D"), indexOf("A", "B", "C", "D"))
	tab, _ := p.Table()
	state := []uint64{0b1011}
	vals := []uint64{1, 2, 3, 4}
	if n := testing.AllocsPerRun(100, func() { p.Eval(state); p.EvalWords(vals); tab.Eval(state) }); n != 0 {
		t.Errorf("%v allocations per evaluation", n)
	}
}

// BenchmarkEvalWords: go test ./logic/expr -bench EvalWords
func BenchmarkEvalWords(b *testing.B) {
	p, _ := Compile(MustParse("(A & !B | C) & (D | !E) ^ A"), indexOf("A", "B", "C", "D", "E"))
	vals := []uint64{1, 2, 3, 4, 5}
	b.ReportAllocs()
	for b.Loop() {
		vals[0] = p.EvalWords(vals)
	}
	b.ReportMetric(64*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}
