// Package hillcube turns a logical network into ODEs: the Boolean-to-ODE
// conversion of Odefy (Wittmann et al. 2009, BMC Syst Biol 3:98; Krumsiek
// et al. 2010, Bioinformatics 26:1863), extended to MaBoSS-style rates so
// that a node means the same in both engines.
//
// Each node i has an activity xᵢ ∈ [0, 1]. Its regulators enter through
// normalised Hill functions, Bₙ(x) = xⁿ/(xⁿ + kⁿ)·(1 + kⁿ) (Bₙ(0) = 0,
// Bₙ(1) = 1; Options.N and Options.K, Odefy's defaults n = 3, k = 0.5,
// assumed rather than fitted), and every rate is continued from the
// Boolean cube to [0, 1]ᵏ by multilinear interpolation of its truth table
// (Odefy's HillCube):
//
//	r̄(x) = Σ_{s ∈ {0,1}ᵏ} r(s) · Πⱼ (sⱼ·Bₙ(xⱼ) + (1 − sⱼ)·(1 − Bₙ(xⱼ)))
//
// The node then follows the mean of MaBoSS's two-state chain:
//
//	dxᵢ/dt = ūpᵢ(x)·(1 − xᵢ) − d̄ownᵢ(x)·xᵢ
//
// with the up rate read with the node off and the down rate with it on (a
// rate that reads its own node). For a logical node moving at speed τ⁻¹
// towards its rule f this is Odefy's dxᵢ/dt = (f̄(x) − xᵢ)/τ; a held node
// (fixed or knocked out) relaxes to its value and starts there; a clamped
// node settles at its clamp; drugs act where pharm puts them, on the rates.
// The initial activity is the probability that the node starts on (1/2
// where no initial state is given, as in MaBoSS).
//
// A rate is compiled from its expression (see multilinear.go); only a part
// that must be tabulated is bounded: one that reads more than MaxInputs
// nodes is refused (its table would have 2^k entries evaluated at every
// step).
package hillcube
