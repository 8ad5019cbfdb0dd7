package parallel

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {10, 1}, {10, 3}, {100, 0}} {
		seen := make([]int32, c.n)
		For(context.Background(), c.n, c.workers, func(i int) { atomic.AddInt32(&seen[i], 1) })
		for i, s := range seen {
			if s != 1 {
				t.Errorf("n=%d workers=%d: item %d ran %d times", c.n, c.workers, i, s)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	For(ctx, 1000, 2, func(i int) {
		if i == 5 {
			cancel()
		}
		ran.Add(1)
	})
	if n := ran.Load(); n > 10 {
		t.Errorf("%d items ran after the context was cancelled at item 5", n)
	}
}
