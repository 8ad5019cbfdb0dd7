// Package claims checks that the single integrated network reproduces the
// claims of the review (C01–C32 in the knowledge base): each claim record
// becomes experiments on the built-in network in its contexts, and each
// expected change is judged with statistics.
//
// Judging (a claim passes when every expectation holds):
//   - up/down: the difference d between the arm and each reference arm must
//     exceed the margin (default 0.03 on a probability, per expectation in
//     the claim record) and its 95% confidence interval, d ± 1.96·√(se₁²+se₂²),
//     must exclude zero. With several reference arms ("more than either
//     alone") the change must hold against each.
//   - same: |d| within the margin.
//   - stronger_than: the arm's change must exceed the other pair's change by
//     the margin in the expected direction.
//   - trend (dose-dependent): Spearman's ρ between dose and readout over the
//     dose series has the expected sign with a two-sided p < 0.05 (t
//     approximation with n−2 degrees of freedom).
//
// For a failed expectation the report gives the regulatory path from the
// perturbed nodes to the readout (shortest in the network's signed graph)
// with each node's value in the two arms, and names the first node on it
// that does not change: where the path breaks.
//
// Robustness reruns every claim with all transition rates scaled
// independently by factors drawn log-uniformly from [0.5, 2] (seeded), and
// multiplies each graded term's weight by a factor drawn the same way; it
// reports, per claim, the fraction of parameter sets under which it holds.
package claims
