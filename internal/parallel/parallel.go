package parallel

import (
	"context"
	"sync"
)

// For calls f(i) for i in 0..n-1 on at most workers goroutines (at least
// one) and returns when all calls have returned. Once ctx is done no
// further item starts; the items never started are those f did not see.
func For(ctx context.Context, n, workers int, f func(i int)) {
	workers = min(max(workers, 1), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
