// Package judge is the one statistical judge of expectations: it decides
// whether a readout of a simulated experiment changed, stayed the same, acted
// synergistically or followed the dose, and says why in one sentence with the
// numbers.
//
// # Estimates
//
// A readout is a probability estimated from N stochastic trajectories: each
// trajectory contributes a value in [0, 1] (the time-average of a Boolean node
// in a window); an [Estimate] holds their mean, the standard error of that
// mean and N. The empirical SE is exactly 0 when every trajectory sits at 0 or
// at 1, which would make any difference look infinitely precise. Every test
// therefore uses [Estimate.AdjustedSE]: two pseudo-trajectories at 1 and two
// at 0 are added before the variance is recomputed (the "add two successes and
// two failures" of Agresti & Coull 1998, Am Stat 52:119), so a degenerate
// estimate gets SE ≈ √2/(N+4) and a non-degenerate one keeps almost its
// empirical SE.
//
// Contrasts between independently simulated arms are built by [Linear] (and
// [Diff]): Σ c·Mean with SE = sqrt(Σ c²·AdjustedSE²), terms of the same arm
// merged first. The SE of a contrast is already adjusted; [Change],
// [Equivalent] and [Same] use the SE of the Estimate they are given as is, so
// they should be given contrasts built by Linear, not raw arm estimates.
//
// # Verdicts
//
// Every judgement is an [Outcome]: [Pass], [Fail] or [Uninformative], the
// statistic, its interval, the margin and a reason a biologist reads, such as
// "−0.214 [−0.236, −0.192] exceeds the margin 0.030 and excludes 0". A change
// in a probability counts only when it exceeds a margin ([DefaultMargin],
// 0.03, when the margin given is ≤ 0):
//
//   - [Change]: a directional change passes when the difference exceeds the
//     margin in the stated direction and its 95% CI (Mean ± 1.96·SE, normal
//     approximation) excludes 0.
//   - [Equivalent]: the two one-sided tests procedure (Schuirmann 1987,
//     J Pharmacokinet Biopharm 15:657) at α = 0.05 each, i.e. the 90% CI
//     (Mean ± 1.645·SE) must lie inside (−margin, +margin).
//   - [Same]: "no change" is only claimed when a positive control shows that
//     the readout can move in the same setting; without one, or when the
//     control does not move, the verdict is Uninformative, never Pass (an
//     unmoving readout is equivalent in every arm and proves nothing).
//   - [Synergy]: the excess of a combination over a null model, Bliss
//     independence (Bliss 1939, Ann Appl Biol 26:585; [BlissExcess]) or the
//     highest single agent (Berenbaum 1989, Pharmacol Rev 41:93;
//     [HSAExcess]), must pass Change("up", excess, margin). The Bliss SE comes
//     from the delta method over the four independently simulated arms.
//   - [Trend]: a dose-dependent change is judged by Spearman's rank
//     correlation (Spearman 1904, Am J Psychol 15:72; [Spearman]) of the dose
//     and the mean readout, with the exact permutation p-value for up to 10
//     doses and the t approximation with n−2 degrees of freedom beyond. A
//     series that cannot show a trend (fewer than 3 doses, flat, or at the
//     floor or ceiling over most doses) is Uninformative.
//
// Bliss independence is not a sham-safe null: a drug combined with itself
// whose response follows a Hill curve steeper than h = 1 shows a positive
// Bliss excess (Loewe's sham-combination argument; Greco, Bravo & Parsons
// 1995, Pharmacol Rev 47:331). For y = y₀/(1 + (c/IC50)^h) with y₀ = 0.8,
// h = 3 and c = IC50, each "single agent" gives 0.4, the sham pair (dose 2c)
// gives 0.8/9 ≈ 0.089 while Bliss expects 0.4·0.4/0.8 = 0.2: an excess of
// +0.111. HSA has no such bias (the excess of a sham pair is its own dose
// response), but is a weaker null.
//
// # Invariants
//
//   - No function panics on bad input: unknown directions or criteria,
//     mismatched lengths and non-finite numbers give a Fail whose reason
//     names the problem (estimators return NaN for an unknown direction).
//   - Every number in an Outcome is finite, so an Outcome always encodes as
//     JSON.
//   - Results are deterministic; nothing depends on time or randomness.
package judge
