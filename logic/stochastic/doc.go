// Package stochastic simulates a logical network as a continuous-time Markov
// chain on Boolean states, with the semantics of MaBoSS (Stoll et al. 2012,
// BMC Syst Biol 6:116; Stoll et al. 2017, Bioinformatics 33:2226).
//
// From state S at time t every node i has a rate ρᵢ: rate_down(S) if i is on,
// rate_up(S) if it is off. With ρ = Σρᵢ, S is a fixed point when ρ = 0;
// otherwise the time to the next transition is Δt = −ln(U₁)/ρ (one time_tick
// in discrete time) and node i flips with probability ρᵢ/ρ (Gillespie's
// exact algorithm; U₂·ρ is scanned against the ρᵢ in node order).
// Statistics are time averages over windows [nτ, (n+1)τ): the probability of
// an output state in a window is the time trajectories spend in it there,
// divided by τ and the number of trajectories, as MaBoSS's probtraj reports.
// Options.FinalOnly keeps only the state at max_time instead (MaBoSS's
// --final).
//
// Reproducibility: trajectory k (0-based) draws from its own rand48 stream
// seeded with seed+k, exactly as MaBoSS does, so results do not depend on the
// number of workers; partial statistics are merged in a fixed order, so
// results are bit-identical for any worker count. Nodes are numbered in
// model.Network.ScanOrder when it is set (MaBoSS's numbering, which the .bnd
// reader records), so that the same seed gives MaBoSS's own trajectories:
// the cell-fate regression output and the last-window probabilities of
// Sizek 2019 and Montagud 2022 are reproduced to the printed digits. (Up to
// 64 nodes the total rate is summed exactly as MaBoSS sums it; beyond, per
// 64-node block, which may differ in the last bit.)
//
// Speed: rates are compiled once into tables indexed by the values of the
// nodes each rate reads (its own value included), kept as rows updated by
// one XOR per flip. A node that reads more than 16 nodes is tabulated in
// two stages when its logic and its rates' other inputs each fit (the
// logic's bit then indexes the rate table); otherwise its rates run as
// compiled expressions. The nodes with a non-zero rate are a bit set summed per
// 64-node block, so a transition costs O(affected + active + n/64). A
// trajectory credits the statistics windows per interval when what they
// follow changes (the output state, a series node, the transition entropy),
// whole windows through difference arrays; output-state statistics are
// allocated in pages of 8 windows as states are reached. The inner loop
// allocates nothing, and per-worker data keeps to its own cache lines.
package stochastic
