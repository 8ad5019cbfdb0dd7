// Package attractor finds the long-term behaviour of a Boolean network: the
// attractors of its synchronous and asynchronous dynamics, their basins, the
// fixed points of networks of any size, and minimal trap spaces.
//
// # Model
//
// A state gives every node of a model.Network the value 0 or 1. Each node i
// has an update function f_i: its logic rule (package logic/expr); an input
// without a rule keeps its value (f_i(x) = x_i). A node is fixed when
// Options.Fixed says so (a knock-out, an over-expression, an input value) or
// when its rule is a constant such as "B, 1" (BoolNet's loadNetwork fixes
// those genes). Fixed nodes keep their value and are not part of the state
// space: the searched space has 2^free states, free = n − #fixed, exactly as
// BoolNet's fixGenes (Müssel, Hopfensitz and Kestler 2010, Bioinformatics
// 26:1378, "BoolNet — an R package for generation, reconstruction and analysis
// of Boolean networks"). An input written "X, X" is a free node with an
// identity rule, as in BoolNet, not a fixed one.
//
// States are ordered as in BoolNet: node j is bit j of a state's code, read
// in 32-bit chunks compared from the first (nodes 0–31) — for up to 32 nodes
// simply the integer code. The smallest state of a cycle is BoolNet's
// canonical state, where its listing starts.
//
//   - Synchronous update: x(t+1) = F(x(t)), all nodes at once. Every state
//     has one successor, so the attractors are fixed points and cycles, and
//     every state lies in the basin of exactly one attractor. Sync searches
//     all 2^free states (free ≤ 30): successors are computed 64 states at a
//     time with expr.Program.EvalWords (bit-sliced), in parallel, into one
//     []uint32; a single pass then follows every trajectory, marking states in
//     place (two spare high bits of the successor word), which finds each
//     cycle once and counts its basin. Memory: 4 bytes per state.
//   - Asynchronous update (BoolNet's general asynchronous update): from x,
//     any one free node whose rule disagrees with its value flips; self-loops
//     are not edges. Attractors are the terminal strongly connected components
//     of this state transition graph: fixed points (no node can change) and
//     complex attractors (terminal SCCs with more than one state). Async finds
//     them exactly with an iterative Tarjan search over the implicit graph
//     (free ≤ 26 by default; about 16 bytes per state). Basins are not
//     computed for asynchronous dynamics (a state may reach several).
//   - Fixed points (x with F(x) = x, the same for both updates) for networks
//     of any size: a backtracking search over node values with generalized arc
//     consistency on every constraint x_i = f_i(x) (each constraint is checked
//     exactly by enumerating its unassigned variables, 64 at a time with
//     EvalWords), never an enumeration of states.
//   - Minimal trap spaces (Klarner, Bockmayr and Siebert 2015, Natural
//     Computing 14:535, "Computing maximal and minimal trap spaces of Boolean
//     networks"): a trap space is a subspace (some nodes fixed, the others
//     free) that no asynchronous trajectory leaves, i.e. every fixed node's
//     rule is constant and equal to its value on the subspace. TrapSpaces
//     finds every minimal one exactly, for networks of any size, by a
//     branch-and-propagate search over the Petri-net places of Trinh et al.
//     (2023, Theor Comput Sci 971:114073); see its documentation.
//
// # Budgets
//
// Every search is bounded. Exhaustive searches estimate their memory up
// front (4 bytes per state for Sync, 24.25 for Async, both allocated once)
// and refuse, with a *BudgetError naming the budget and the need, a space
// above Options.MaxStates or Options.MaxMemory (default 3 GiB). Fixed points
// and trap spaces stop after Options.MaxResults (default 100,000). Every
// loop checks its context (at most every 2^16 steps of a search), and a
// search cut by its context or a result budget returns what it found with
// the error. Written by hand: no Go library computes trap spaces or
// asynchronous attractors, and the searches need these budgets inside them.
//
// # Invariants
//
//   - Results do not depend on Options.Workers: attractors are sorted by
//     their canonical (smallest) state and basins are exact counts.
//   - Synchronous cycles list their states in successor order, starting at
//     the canonical state; complex attractors list their states in
//     increasing order.
//   - Synchronous basins sum to 2^free.
//   - Fixed points are the same for every update scheme and are found for any
//     network size; exhaustive searches refuse state spaces above their
//     budget with an error wrapping ErrTooLarge instead of exhausting
//     memory.
//   - The hot loops (successor computation, trajectory pass, Tarjan search)
//     allocate nothing.
package attractor
