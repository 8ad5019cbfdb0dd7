package attractor

import (
	"context"
	"sync"
	"sync/atomic"
)

// lanePattern[k] is the value of bit k of the lane index j in lane j: the
// values of free node k < 6 across 64 consecutive codes.
var lanePattern = [6]uint64{
	0xAAAAAAAAAAAAAAAA,
	0xCCCCCCCCCCCCCCCC,
	0xF0F0F0F0F0F0F0F0,
	0xFF00FF00FF00FF00,
	0xFFFF0000FFFF0000,
	0xFFFFFFFF00000000,
}

// stepper computes synchronous successors 64 codes at a time. One per
// worker; it allocates only when made.
type stepper struct {
	s    *system
	vals []uint64 // bit-sliced node values, one word per node
	m    [64]uint64
}

func (s *system) newStepper() *stepper {
	st := &stepper{s: s, vals: make([]uint64, s.n)}
	for i, f := range s.fixed {
		if f == 1 {
			st.vals[i] = ^uint64(0)
		}
	}
	for k, i := range s.free {
		if k < 6 {
			st.vals[i] = lanePattern[k]
		}
	}
	return st
}

// block writes into dst[j] the successor code of code base+j, for the
// len(dst) ≤ 64 codes from base (a multiple of 64, or 0).
func (st *stepper) block(base uint64, dst []uint32) {
	s := st.s
	for k := 6; k < len(s.free); k++ {
		st.vals[s.free[k]] = -(base >> k & 1)
	}
	m := &st.m
	for k, i := range s.free {
		if p := s.progs[i]; p != nil {
			m[k] = p.EvalWords(st.vals)
		} else {
			m[k] = st.vals[i]
		}
	}
	for k := len(s.free); k < 64; k++ {
		m[k] = 0
	}
	transpose64(m)
	for j := range dst {
		dst[j] = uint32(m[j])
	}
}

// transpose64 transposes a 64×64 bit matrix in place: bit j of row k moves
// to bit k of row j (Warren, Hacker's Delight, 2nd ed., §7-3, with bit 0 the
// least significant).
func transpose64(a *[64]uint64) {
	masks := [6]uint64{
		0x00000000FFFFFFFF, 0x0000FFFF0000FFFF, 0x00FF00FF00FF00FF,
		0x0F0F0F0F0F0F0F0F, 0x3333333333333333, 0x5555555555555555,
	}
	for level, j := 0, 32; j != 0; level, j = level+1, j>>1 {
		m := masks[level]
		for k := 0; k < 64; k = (k + j + 1) &^ j {
			t := (a[k]>>j ^ a[k+j]) & m
			a[k] ^= t << j
			a[k+j] ^= t
		}
	}
}

// successors fills succ (length 2^free) with the synchronous successor of
// every code, using o.workers() goroutines.
func (s *system) successors(ctx context.Context, succ []uint32, o *Options) error {
	total := uint64(len(succ))
	const chunk = 1 << 16 // codes per work item
	var next atomic.Uint64
	var done atomic.Int64
	var mu sync.Mutex
	var stopped atomic.Bool
	workers := o.workers()
	if nchunks := (total + chunk - 1) / chunk; uint64(workers) > nchunks {
		workers = int(nchunks)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := s.newStepper()
			for !stopped.Load() {
				lo := next.Add(chunk) - chunk
				if lo >= total {
					return
				}
				if ctx.Err() != nil {
					stopped.Store(true)
					return
				}
				hi := min(lo+chunk, total)
				st.fill(lo, succ[lo:hi])
				d := done.Add(int64(hi - lo))
				if o.Progress != nil {
					mu.Lock()
					o.report("successors", d, int64(total))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// fill computes the successors of codes lo, lo+1, ... into dst.
func (st *stepper) fill(lo uint64, dst []uint32) {
	for off := 0; off < len(dst); off += 64 {
		st.block(lo+uint64(off), dst[off:min(off+64, len(dst))])
	}
}
