package nettest

import (
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

func TestSameFunction(t *testing.T) {
	// Hand-checked identities of Boolean algebra.
	tests := []struct {
		a, b string
		same bool
	}{
		{"A & B", "B & A", true},
		{"!(A | B)", "!A & !B", true}, // De Morgan
		{"A ^ B", "A & !B | !A & B", true},
		{"A | !A & B", "A | B", true}, // absorption
		{"A & !A", "0", true},         // different variable sets
		{"A | B", "A", false},
		{"A ^ B | C", "(A ^ B) | C", false}, // XOR binds below OR
		{"1", "0", false},
	}
	for _, tt := range tests {
		got, err := SameFunction(expr.MustParse(tt.a), expr.MustParse(tt.b))
		if err != nil || got != tt.same {
			t.Errorf("SameFunction(%q, %q) = %v, %v; want %v", tt.a, tt.b, got, err, tt.same)
		}
	}
	if _, err := SameFunction(expr.MustParse("A + 1"), expr.MustParse("A")); err == nil {
		t.Error("arithmetic accepted")
	}
}

func TestCompare(t *testing.T) {
	a, _ := model.New("", []model.Node{{ID: "X", Kind: model.Input}, {ID: "Y", Kind: model.Gene, Rule: expr.MustParse("!(X & Y)")}})
	b, _ := model.New("", []model.Node{{ID: "Y", Kind: model.Phenotype, Rule: expr.MustParse("!X | !Y")}, {ID: "X", Kind: model.Input}})
	c, _ := model.New("", []model.Node{{ID: "Y", Kind: model.Gene, Rule: expr.MustParse("!X")}, {ID: "X", Kind: model.Input}})
	if err := Compare(a, b, false); err != nil {
		t.Errorf("a, b unordered: %v", err)
	}
	if err := Compare(a, b, true); err == nil {
		t.Error("a, b ordered: order difference missed")
	}
	if err := Compare(a, c, false); err == nil {
		t.Error("a, c: rule difference missed")
	}
}
