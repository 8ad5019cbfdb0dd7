// Package topology holds the structural controls for claims about a logical
// network: does a claim rest on one particular regulation, and would it hold
// in a network wired at random with the same local structure?
//
// Ablate removes one edge (a "load-bearing edge" test): in the target's rule,
// and in its rate expressions where they read the source, the source becomes a
// constant at its resting value. The regulator is cut from that one target
// only; every other rule keeps reading it. A claim that fails after an
// ablation depends on that edge.
//
// Rewire is the null model: a degree- and sign-preserving randomization by
// repeated double-edge swaps (Maslov & Sneppen 2002, Science 296:910,
// "Specificity and stability in topology of protein networks"). Two edges of
// the same sign, s1→t1 and s2→t2, become s1→t2 and s2→t1 by renaming the
// variable s1 to s2 in t1's rule and rates and s2 to s1 in t2's. A claim that
// also holds in most rewired networks is a property of the degree sequence,
// not of the particular wiring.
//
// Invariants:
//   - Neither function modifies the network it is given, nor any of its
//     expressions; the result is a new network built with model.NewWith
//     (unchanged parts, such as the rules of other nodes, are shared).
//   - Rewire keeps every node's in-degree and out-degree, and among them the
//     number of activating, inhibiting and dual regulators and targets; the
//     logical form of every rule (only variable names change); inputs stay
//     inputs; it creates no edge twice and no self-loop that was not there
//     (existing self-loops are ordinary edges and may be swapped away).
//   - Rewire is deterministic: the same network and seed give the same result
//     (math/rand/v2 PCG seeded with (seed, 0)), with 10 attempts per edge.
package topology
