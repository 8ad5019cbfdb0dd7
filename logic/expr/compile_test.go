package expr

import (
	"math"
	"math/rand/v2"
	"strings"
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

// numericAgrees checks CompileNumeric's Eval against the tree evaluator on
// every state of e's nodes (up to 2^10) with @logic off and on; NaN equals
// NaN. It reports false when e cannot be compiled.
func numericAgrees(t *testing.T, e *Expr) bool {
	t.Helper()
	names := e.Vars()
	if len(names) > 10 || len(e.Params()) > 0 {
		return false
	}
	p, err := CompileNumeric(e, indexOf(names...))
	if err != nil {
		return false
	}
	for row := 0; row < 1<<len(names); row++ {
		for _, self := range []bool{false, true} {
			env := MapEnv{Nodes: map[string]bool{}, Self: self}
			for i, n := range names {
				env.Nodes[n] = row>>i&1 == 1
			}
			want, got := e.Eval(env), p.Eval([]uint64{uint64(row)}, b2f(self))
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("%s at row %d, @logic %v: compiled %g, tree %g", e, row, self, got, want)
			}
		}
	}
	return true
}

// TestNumericAgrees: rate expressions compiled by CompileNumeric give what
// the tree gives, on every state.
func TestNumericAgrees(t *testing.T) {
	for _, src := range []string{
		"(ATG5 + (ATG5 & TBK1)) / 2", "@logic ? 1.5 : 0", "@logic ? 0 : (A | B) * 2 - C",
		"A == B ? 1 / (A - B) : -A", "!(A < B) + (C >= A) * 3 ^ D", "-(A + B) / 0", "1e100 * A",
	} {
		if !numericAgrees(t, MustParse(src)) {
			t.Errorf("%s did not compile", src)
		}
	}
	var deep strings.Builder
	for range 70 {
		deep.WriteString("(A + ")
	}
	deep.WriteString("1" + strings.Repeat(")", 70))
	if _, err := CompileNumeric(MustParse(deep.String()), indexOf("A")); err == nil {
		t.Error("a 70-deep expression compiled")
	}
	if _, err := CompileNumeric(MustParse("$u * A"), indexOf("A")); err == nil {
		t.Error("an unbound parameter compiled")
	}
}
