// Package pharm turns drug doses into effects on a logical network and
// analyses dose-response data: target occupancy from the potencies of the
// knowledge base, the scaling of transition rates by occupancy, four-parameter
// log-logistic fits, and synergy scores of two-drug dose matrices.
//
// # Occupancy (occupancy.go)
//
// A drug at concentration C occupies a target with potency IC50 (or EC50, Kd,
// Ki as curated) and Hill coefficient h (1 unless curated) by the
// Hill–Langmuir law
//
//	θ = Cʰ/(Cʰ + IC50ʰ)
//
// (Hill 1910; the standard receptor-occupancy model, e.g. Goodman & Gilman,
// ch. 3). Several drugs on one target compete for its binding site (Gaddum
// 1937; the mutually exclusive case of Chou & Talalay 1984, Adv Enzyme Regul
// 22:27): their concentrations add in units of potency, x = Σ Cᵢ/IC50ᵢ,
// and θ = xʰ/(1 + xʰ), separately for inhibitors and activators (h is the
// ligands' Hill coefficient, weighted by their shares of x where they
// differ; for Hill 1 this is Gaddum's Σuᵢ/(1 + Σuᵢ)). Two inhibitors of one kinase are
// then dose-additive, like more of one drug (a sham combination), as they
// are in cells; independent binding, 1 − ∏(1 − θᵢ), made them look
// synergistic. Drugs at distinct sites of one node (a target's
// site, e.g. trastuzumab on HER2's extracellular domain and lapatinib in its
// ATP pocket) bind independently: the node's effect is 1 − ∏ₛ(1 − Eₛ) over
// its sites.
// A target may record a maximal effect Emax ≤ 1 (a partial inhibitor such
// as an antibody that blocks only part of a receptor's signalling): the
// effect is then Emax·θ, and competing ligands act with the Emax of the
// share each holds, (Σ xᵢEᵢ/Σ xᵢ)·θ — the operational view of partial
// agonism and antagonism (Black & Leff 1983, Proc R Soc Lond B 220:141),
// reduced to occupancy times efficacy.
// Activators follow the same law (interferon-alfa on IFNAR1 with an EC50 in
// IU/mL). Doses and potencies are compared only within one unit kind (molar
// with molar, IU/mL with IU/mL, mass with mass; package dose), never
// converted. Effects reports every potency it used whose status is not
// "read" as a Warning, for the provenance of a result.
//
// # Effect on the network (apply.go)
//
// Drugs act on the rates of the continuous-time Boolean dynamics of MaBoSS
// (Stoll et al. 2012, BMC Syst Biol 6:116; Stoll et al. 2017, Bioinformatics
// 33:2226). PhysiBoSS models a drug by scaling the transition rates of its
// target nodes with a Hill function of the drug concentration
// (Ponce-de-Leon M et al. 2023, npj Syst Biol Appl 9:54, "PhysiBoSS 2.0");
// ikklab's adaptation uses the occupancy θ of each node, with
// Up and Down the node's rate_up and rate_down expressions:
//
//	inhibited:  Up' = Up·(1 − θ)     Down' = Down + θ·k_inh
//	activated:  Down' = Down·(1 − θ) Up' = Up + θ·k_act
//
// An inhibited node thus switches on more slowly and, while on, switches off
// at an extra rate θ·k_inh even when its rule holds; activation mirrors it. A
// node both inhibited and activated gets the inhibition first, then the
// activation applied to the result. k_inh = k_act = 1 per model time unit by
// default: an assumption (the same order as the KB's default rates), not a
// measured value; Options changes them. Inputs have rates 0, so an activated
// input switches on at θ·k_act and an inhibited one off at θ·k_inh.
//
// # Dose-response fit (fit.go)
//
//	y = Bottom + (Top − Bottom)/(1 + (x/IC50)^Hill),  Hill > 0
//
// is the four-parameter log-logistic model (drc's LL.4; Ritz et al. 2015,
// PLoS ONE 10:e0146021). Top is the response at zero dose and Bottom at
// infinite dose, so falling and rising curves are both covered. Zero doses
// are used as the x → 0 limit (they inform Top). Flat data are ErrFlat.
//
// # Synergy (synergy.go)
//
// A Matrix holds responses with row 0 and column 0 the single agents and
// [0][0] the untreated control y₀, converted to fractional effects E by a
// Direction (E = 1 − y/y₀ for viability, y/y₀ − 1 or (y − y₀)/(1 − y₀) for
// rising readouts, or E = y). Each score is per cell the observed effect
// minus a reference, and its mean over the combination cells (row 0 and
// column 0 excluded):
//
//	Bliss (Bliss 1939):     E_A + E_B − E_A·E_B
//	HSA (Berenbaum 1989):   max(E_A, E_B)
//	Loewe (Loewe 1953):     E solving a/D_A(E) + b/D_B(E) = 1 on fitted curves
//	ZIP (Yadav et al. 2015, Comput Struct Biotechnol J 13:504):
//	                        mean of the row and column curve fits minus
//	                        the Bliss combination of the fitted single agents
//
// ZIP follows SynergyFinder's implementation (Ianevski et al. 2017,
// Bioinformatics 33:2413); see ZIP and Loewe for the details and departures.
// The scores reproduce a published SynergyFinder fixture
// (testdata/tidycomb_450918.csv): Bliss and HSA exactly, ZIP within 0.3
// percentage points per cell.
//
// # Invariants
//
//   - Occupancies and effects lie in [0, 1]; a zero dose has no effect.
//   - Apply never modifies its input network and returns a new one; a θ of 0
//     leaves a node's rate expressions as they were (the same pointers).
//   - Rate expressions stay plain MaBoSS arithmetic (expr constants, + and *)
//     over the original expressions, so logic/stochastic and the format
//     writers read them unchanged.
//   - Results are deterministic: effects ordered by node, warnings by drug
//     then target order; fits start from a fixed grid (no randomness).
//   - Invalid numbers (NaN, infinities, negative doses, mismatched shapes)
//     are errors, never panics.
package pharm
