// Package claims checks that the single integrated network reproduces the
// claims of the review (C01–C32 in the knowledge base) for the right
// reason: each claim record becomes experiments on the built-in network in
// its contexts, each expectation is judged by the one judge that ikklab run
// uses too (experiment.Judge, package judge), and each directional effect
// must travel the path the review states.
//
// A claim's verdict is fail if any check fails, else uninformative if any
// check cannot discriminate, else pass:
//   - up/down, same, stronger_than and trends are judged as package judge
//     documents (95% CI of the difference from the trajectories, an
//     equivalence test with a positive control, exact Spearman);
//   - a combination (vs: [a, b]) names its null, criterion hsa or bliss,
//     and runs a sham control beside it: each single-agent arm with its
//     doses doubled (the same drug split into two halves). A criterion the
//     sham passes as well is uninformative: it cannot tell the pair from
//     more of one drug.
//
// Mechanism checks. A claim (or one expectation) names via, the nodes the
// review says the effect travels. For an up/down expectation against one
// reference arm, each via node (or "A+B" group) that the arms do not
// perturb directly is clamped, in the expectation's arm, at its activity
// in the reference arm (model.Network.Clamp: it switches at rates that keep
// it on with that probability, whatever its regulators do). The effect
// travels the path when every such cut leaves at most CutThreshold (half)
// of it; otherwise the check fails as "wrong path", and the report gives
// the shortest path around the cut node, with each node's activity in both
// arms, that carries the effect instead. Clamping at the reference activity
// (rather than knocking the node out in both arms) compares like with like:
// the cut arm differs from the reference only upstream of the cut.
//
// A check is encoded when the readout is itself perturbed or its rule reads
// a node the compared arms perturb (a restatement of one rule term), and
// emergent when the effect needs two or more steps; a claim is emergent
// only when all its checks are (one restated rule term makes it encoded).
//
// For a failed expectation the report gives the regulatory path from the
// perturbed nodes to the readout (shortest in the network's signed graph)
// with each node's value in the two arms, and names the first node on it
// that does not change: where the path breaks.
//
// Structure controls. Ablate removes each edge in turn (topology.Ablate: the
// regulator becomes a constant at its resting value, kb rest, in that rule
// only) and reruns, with the same seeds, every passing claim whose readouts
// lie downstream of the edge's target; it reports per claim the fraction of
// deletions it survives and per edge the claims that depend on it.
// Randomize runs every claim on degree- and sign-preserving rewirings
// (topology.Rewire) and compares the pass counts with the real network's.
//
// Robustness reruns every claim with all transition rates scaled
// independently by factors drawn log-uniformly from [0.5, 2] (seeded), and
// multiplies each graded term's weight by a factor drawn the same way; it
// reports, per claim, the fraction of parameter sets under which it holds.
//
// Verdicts files (WriteVerdicts, ReadVerdicts, Report.Compare) are the CI
// gate: a check expected to pass that fails or is uninformative is a
// regression.
package claims
