package stochastic

// rand48 is the generator of POSIX drand48, which MaBoSS uses: a 48-bit
// linear congruential sequence X ← (0x5DEECE66D·X + 0xB) mod 2⁴⁸.
type rand48 struct{ x uint64 }

const mask48 = 1<<48 - 1

// seed sets the state as srand48 does: the seed's low 32 bits above 0x330E.
func (r *rand48) seed(s int64) { r.x = uint64(uint32(s))<<16 | 0x330E }

// float advances the generator and returns X/2⁴⁸ in [0, 1).
func (r *rand48) float() float64 {
	r.x = (0x5DEECE66D*r.x + 0xB) & mask48
	return float64(r.x) / (1 << 48)
}
