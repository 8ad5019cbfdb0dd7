// Package stochastic simulates a logical network as a continuous-time Markov
// chain on Boolean states, with the semantics of MaBoSS (Stoll et al. 2012,
// BMC Syst Biol 6:116; Stoll et al. 2017, Bioinformatics 33:2226).
//
// From state S at time t every node i has a rate ρᵢ: rate_down(S) if i is on,
// rate_up(S) if it is off. With ρ = Σρᵢ (in declaration order), S is a fixed
// point when ρ = 0; otherwise the time to the next transition is
// Δt = −ln(U₁)/ρ and node i flips with probability ρᵢ/ρ (Gillespie's exact
// algorithm; U₂·ρ is scanned against the ρᵢ in order). Statistics are time
// averages over windows [nτ, (n+1)τ): the probability of an output state in a
// window is the time trajectories spend in it there, divided by τ and the
// number of trajectories, as MaBoSS's probtraj reports.
//
// Reproducibility: trajectory k (0-based) draws from its own rand48 stream
// seeded with seed+k, exactly as MaBoSS does, so results do not depend on the
// number of workers; partial statistics are merged in a fixed order, so
// results are bit-identical for any worker count.
//
// Speed: rates are compiled once into tables indexed by the values of the
// nodes each rate reads (a node's own value included), so a step looks up
// the rates of the flipped node's dependents only; a trajectory credits the
// statistics windows it spans with O(1) work per transition (full windows go
// to difference arrays), including the windows after a fixed point. The
// inner loop allocates nothing.
package stochastic
