// Package experiment runs in-silico experiments on a logical network: the
// spec format (YAML, version 1, ../shared/design/ARCHITECTURE.md), its strict
// validation, the planning of arms, dose series and dose matrices into runs,
// a parallel runner with a seed per run, and the result with its tables and
// plots.
//
// Every run simulates the network (engine stochastic: MaBoSS semantics with
// the knowledge base's rates; engine async: the same continuous-time chain
// with every rate 1, the continuous-time form of general asynchronous
// updating) in the spec's context, with the arm's perturbations: knock-outs
// and over-expression as fixed nodes (infinitely fast flips), exogenous
// factors ("add") as nodes forced on, drugs at their doses through target
// occupancy (package pharm), knock-downs as a partial inhibition of the
// given fraction. A readout's value is the probability that the node is on
// in the last statistics window before the end time, averaged over that
// window, with a 95% confidence interval from its standard error.
//
// Reproducibility: run r uses the seed derived from (spec seed, r) and
// trajectory k of a run its own rand48 stream, so results are byte-identical
// for any number of workers. Runs go to a pool of workers; with fewer runs
// than workers, a run's trajectories are shared instead.
package experiment
