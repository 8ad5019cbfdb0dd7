package attractor

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortCtx sorts like slices.SortStableFunc at any length, and stops when
// its context is done.
func TestSortCtx(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 5, sortRun - 1, sortRun, sortRun + 1, 3*sortRun + 17, 9 * sortRun} {
		xs := make([][2]int, n)
		for i := range xs {
			xs[i] = [2]int{rng.IntN(1000), i} // ties on the first, order in the second
		}
		want := slices.Clone(xs)
		cmp := func(a, b [2]int) int { return a[0] - b[0] }
		slices.SortStableFunc(want, cmp)
		if err := sortCtx(context.Background(), xs, cmp); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(xs, want) {
			t.Errorf("n = %d: not the stable sort", n)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	xs := make([]int, 3*sortRun)
	if err := sortCtx(ctx, xs, func(a, b int) int { return a - b }); err == nil {
		t.Error("a cancelled context: no error")
	}
}
