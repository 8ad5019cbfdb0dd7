package errlist

import (
	"errors"
	"fmt"
	"testing"
)

func TestSplit(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	tests := []struct {
		name string
		err  error
		want []error
	}{
		{"one", a, []error{a}},
		{"joined", errors.Join(a, b), []error{a, b}},
		{"wrapped once, not joined", fmt.Errorf("x: %w", a), nil}, // itself, one line
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.err)
			want := tt.want
			if want == nil {
				want = []error{tt.err}
			}
			if len(got) != len(want) {
				t.Fatalf("Split = %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("part %d = %v, want %v", i, got[i], want[i])
				}
			}
		})
	}
}
