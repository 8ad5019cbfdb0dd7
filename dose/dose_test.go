package dose

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		base float64
		kind Kind
	}{
		{"10 nM", 1e-8, Molar},
		{"10nM", 1e-8, Molar},
		{"1 µM", 1e-6, Molar},
		{"1μM", 1e-6, Molar},
		{"2.5e-7 M", 2.5e-7, Molar},
		{"3 pM", 3e-12, Molar},
		{"0.5 mM", 5e-4, Molar},
		{"1000 IU/mL", 1000, Activity},
		{"10 ug/mL", 1e-2, Mass},
		{"0", 0, None},
		{" 0 nM ", 0, Molar},
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if d.Unit.Kind != tt.kind || !close(d.Base(), tt.base) {
			t.Errorf("Parse(%q) = %v (%g %v), want %g %v", tt.in, d, d.Base(), d.Unit.Kind, tt.base, tt.kind)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"10", "missing unit"},
		{"-1 nM", "negative"},
		{"1 furlong", "unknown unit"},
		{"1um", `unknown unit "um"; did you mean uM?`}, // case matters: nm is a length
		{"3 NM", "did you mean nM?"},
		{"nM", "no number"},
		{"1..2 nM", "bad number"},
		{"", "no number"},
		{"Inf nM", "no number"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.in, err, tt.msg)
		}
	}
}

func TestMolar(t *testing.T) {
	for _, tt := range []struct {
		m    float64
		want string
	}{{3.1e-7, "310 nM"}, {6e-9, "6 nM"}, {2e-6, "2 uM"}, {5e-13, "0.5 pM"}, {0.02, "20 mM"}} {
		if got := FromMolar(tt.m).String(); got != tt.want {
			t.Errorf("FromMolar(%g) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// TestBase checks that a dose in its base unit prints as written: the
// binary product of value and scale is rounded to 15 digits.
func TestBase(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{{"3 nM", "3e-09"}, {"30 nM", "3e-08"}, {"100 nM", "1e-07"}, {"300 nM", "3e-07"}, {"0.1 nM", "1e-10"},
		{"1.2345678901234 uM", "1.2345678901234e-06"}, {"1000 IU/mL", "1000"}, {"10 ug/mL", "0.01"}, {"0", "0"}} {
		d, err := Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := strconv.FormatFloat(d.Base(), 'g', -1, 64); got != tt.want {
			t.Errorf("Parse(%q).Base() = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"10 nM", "1e-3M", "0", "1000 IU/mL", "-3 uM", "1e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err == nil && (d.Value < 0 || d.Value != d.Value) {
			t.Fatalf("Parse(%q) accepted %v", s, d)
		}
	})
}

func close(a, b float64) bool { return a == b || (a-b)/b < 1e-12 && (b-a)/b < 1e-12 }

func TestFromMolarPicksTheUnit(t *testing.T) {
	for _, tc := range []struct {
		m    float64
		want string
	}{{1e-6, "1 uM"}, {1e-9, "1 nM"}, {999e-9, "999 nM"}, {3e-6, "3 uM"}, {1e-12, "1 pM"}, {2, "2 M"}} {
		d := FromMolar(tc.m)
		if got := fmt.Sprintf("%.3g %s", d.Value, d.Unit.Name); got != tc.want {
			t.Errorf("FromMolar(%g) = %s, want %s", tc.m, got, tc.want)
		}
	}
}
