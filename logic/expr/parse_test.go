package expr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParsePrecedence(t *testing.T) {
	// Expected groupings follow the MaBoSS reference card's table (C precedence,
	// XOR below OR) and the usual reading of BoolNet rules.
	tests := []struct{ in, want string }{
		{"A & B | C", "A & B | C"},
		{"A | B & C", "A | B & C"},
		{"(A | B) & C", "(A | B) & C"},
		{"!A & B", "!A & B"},
		{"!(A & B)", "!(A & B)"},
		{"A ^ B | C", "A ^ B | C"},
		{"A ^ (B | C)", "A ^ B | C"},
		{"(A ^ B) | C", "(A ^ B) | C"},
		{"A AND NOT B OR c", "A & !B | c"},
		{"A && B || !C", "A & B | !C"},
		{"a and not b", "a & !b"},
		{"TRUE | false", "1 | 0"},
		{"$k * 2 + 1", "$k * 2 + 1"},
		{"A - (B - C)", "A - (B - C)"},
		{"@logic ? $u : 0", "@logic ? $u : 0"},
		{"NOT @tmp ? $B * 12. : 0.", "!@tmp ? $B * 12 : 0"},
		{"A ? 1 : B ? 2 : 3", "A ? 1 : B ? 2 : 3"},
		{"(A ? 1 : 2) + 1", "(A ? 1 : 2) + 1"},
		{"x.1 & y_2", "x.1 & y_2"},
		{"1e-3 * 2.5E2", "0.001 * 250"},
		{"A >= 1 == B < 2", "A >= 1 == B < 2"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		again, err := Parse(e.String())
		if err != nil || !Equal(again, e) {
			t.Errorf("round trip of %q changed the tree (%v)", tt.in, err)
		}
	}
}

func TestEvalTruthTable(t *testing.T) {
	// Hand-derived truth tables.
	tests := []struct {
		in   string
		want [4]float64 // rows (A,B) = 00, 01, 10, 11
	}{
		{"A & B", [4]float64{0, 0, 0, 1}},
		{"A | B", [4]float64{0, 1, 1, 1}},
		{"A ^ B", [4]float64{0, 1, 1, 0}},
		{"!A | B", [4]float64{1, 1, 0, 1}},
		{"A ^ A | B", [4]float64{0, 1, 0, 0}}, // XOR below OR: A ^ (A | B)
		{"A ? 2 : B + 3", [4]float64{3, 4, 2, 2}},
	}
	for _, tt := range tests {
		e := MustParse(tt.in)
		for row := 0; row < 4; row++ {
			env := MapEnv{Nodes: map[string]bool{"A": row&2 != 0, "B": row&1 != 0}}
			if got := e.Eval(env); got != tt.want[row] {
				t.Errorf("%q at A=%d B=%d = %g, want %g", tt.in, row>>1, row&1, got, tt.want[row])
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"A &", 3, "end of expression"},
		{"A & & B", 4, `unexpected "&"`},
		{"(A | B", 6, "expected ')'"},
		{"A B", 2, `unexpected "B"`},
		{"A # B", 2, "unexpected character"},
		{"A ? B", 5, "expected ':'"},
		{"$ + 1", 0, "parameter name"},
		{"@", 0, "attribute name"},
		{"@1x", 0, "attribute name"},
		{"", 0, "end of expression"},
		{strings.Repeat("(", 500) + "A" + strings.Repeat(")", 500), 100, "nested deeper"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a SyntaxError", tt.in, err)
			continue
		}
		if se.Offset != tt.offset || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = offset %d %q, want offset %d containing %q", tt.in, se.Offset, se.Msg, tt.offset, tt.msg)
		}
	}
}

func TestVars(t *testing.T) {
	e := MustParse("!B & (A | B) ^ $k > C")
	if got := fmt.Sprint(e.Vars()); got != "[B A C]" {
		t.Errorf("Vars = %s", got)
	}
	if got := fmt.Sprint(e.Params()); got != "[k]" {
		t.Errorf("Params = %s", got)
	}
	if MustParse("A & !B ^ 1").IsBoolean() != true || MustParse("A + 1").IsBoolean() {
		t.Error("IsBoolean misclassifies")
	}
}

func ExampleParse() {
	e, err := Parse("(TRAF2 | IKBKB) AND NOT CYLD")
	if err != nil {
		panic(err)
	}
	fmt.Println(e, e.Vars())
	// Output: (TRAF2 | IKBKB) & !CYLD [TRAF2 IKBKB CYLD]
}

// FuzzParse checks that any input either fails with a SyntaxError or parses
// to a tree whose printed form parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"A & !B", "(A|B)^C", "$u*2", "@logic ? 1 : 0", "a AND NOT b OR c", "1e5", "((x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) returned %T, want *SyntaxError", s, err)
			}
			return
		}
		again, err := Parse(e.String())
		if err != nil {
			t.Fatalf("reparse of %q (%q): %v", s, e.String(), err)
		}
		if !Equal(again, e) {
			t.Fatalf("round trip of %q: %q != %q", s, again, e)
		}
		numericAgrees(t, e) // compiled rates evaluate as the tree does
	})
}

func TestQuoteBoundsLength(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"A & B", `"A & B"`},
		{strings.Repeat("(", 300), `"` + strings.Repeat("(", 200) + `"… (300 bytes)`},
		{strings.Repeat("κ", 150), `"` + strings.Repeat("κ", 100) + `"… (300 bytes)`},      // cut at a character boundary
		{strings.Repeat("\x00", 300), `"` + strings.Repeat(`\x00`, 50) + `"… (300 bytes)`}, // escapes count
		{strings.Repeat("\x01", 100), `"` + strings.Repeat(`\x01`, 50) + `"… (100 bytes)`},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%.20q…) = %.60q…, want %.60q…", tc.in, got, tc.want)
		}
	}
	_, err := Parse(strings.Repeat("(", 100000) + "A")
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("deep input: error of %d bytes", len(err.Error()))
	}
}

// TestKeywordsAnyCase reads the word operators in any case, and names that
// only start like them as names.
func TestKeywordsAnyCase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a AnD b oR NoT c xOr d", "a & b | !c ^ d"},
		{"andy | oracle & notch", "andy | oracle & notch"},
		{"AND_1 & ORx", "AND_1 & ORx"},
	} {
		e, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if got := e.String(); got != tc.want {
			t.Errorf("%q parsed as %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReplaceShares checks that Replace leaves its input alone, shares the
// sub-expressions that do not change and returns e itself when nothing does.
func TestReplaceShares(t *testing.T) {
	e, err := Parse("(a & b) | (c & !d)")
	if err != nil {
		t.Fatal(err)
	}
	before := e.String()
	toOne := func(name string) func(*Expr) *Expr {
		return func(x *Expr) *Expr {
			if x.Op == OpVar && x.Name == name {
				return Const(1)
			}
			return nil
		}
	}
	r := e.Replace(toOne("d"))
	if got, want := r.String(), "a & b | c & !1"; got != want {
		t.Errorf("replaced: %q, want %q", got, want)
	}
	if e.String() != before {
		t.Errorf("the input changed: %q, was %q", e.String(), before)
	}
	if r.Args[0] != e.Args[0] {
		t.Error("the unchanged branch a & b was copied, not shared")
	}
	if r.Args[1] == e.Args[1] {
		t.Error("the changed branch was shared")
	}
	if same := e.Replace(toOne("z")); same != e {
		t.Error("replacing nothing returned a copy")
	}
}
