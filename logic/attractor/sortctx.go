package attractor

import (
	"context"
	"slices"
)

// sortRun is how many elements sortCtx sorts between checks of ctx.
const sortRun = 1 << 14

// sortCtx sorts xs by cmp (stably across runs) in runs of sortRun merged
// pairwise, checking ctx between runs and merges, so that a search that
// found a million results still stops within a second of being
// interrupted (sorting them whole took 0.4–0.6 s). Interrupted, xs is left
// in an unspecified order and ctx's error returned.
func sortCtx[T any](ctx context.Context, xs []T, cmp func(a, b T) int) error {
	for lo := 0; lo < len(xs); lo += sortRun {
		if err := ctx.Err(); err != nil {
			return err
		}
		slices.SortStableFunc(xs[lo:min(lo+sortRun, len(xs))], cmp)
	}
	if len(xs) <= sortRun {
		return nil
	}
	src, buf := xs, make([]T, len(xs))
	for width := sortRun; width < len(xs); width *= 2 {
		for lo := 0; lo < len(src); lo += 2 * width {
			if err := ctx.Err(); err != nil {
				copy(xs, src)
				return err
			}
			mid, hi := min(lo+width, len(src)), min(lo+2*width, len(src))
			i, j, k := lo, mid, lo
			for ; i < mid && j < hi; k++ {
				if cmp(src[j], src[i]) < 0 {
					buf[k], j = src[j], j+1
				} else {
					buf[k], i = src[i], i+1
				}
			}
			k += copy(buf[k:], src[i:mid])
			copy(buf[k:], src[j:hi])
		}
		src, buf = buf, src
	}
	copy(xs, src)
	return nil
}
