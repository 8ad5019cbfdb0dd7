// Package sbml reads SBML core models — Level 2 (versions 1–5) and Level 3
// (versions 1–2) — into kinetic.Model, and writes SBML Level 3 Version 2
// core. It follows the SBML specifications (Hucka et al., SBML Level 2
// Version 5 Release 1, 2015; SBML Level 3 Version 2 Core Release 2, 2019):
// the defaults Level 2 gives missing attributes are applied when reading,
// so a Level 2 and a Level 3 file of the same model read the same.
//
// Only what changes a simulation is kept: compartments, species,
// parameters, function definitions, initial assignments, rules, reactions
// (kinetic laws, local parameters, stoichiometry, Level 2's
// stoichiometryMath), events, conversion factors. Units, notes and
// annotations are skipped. Features the simulator does not implement are
// recorded in Model.Unsupported by name (algebraic rules, fast reactions,
// constraints, required packages such as comp, the fbc package, the delay
// csymbol), so the caller can refuse the model instead of simulating it
// wrongly.
//
// The MathML reader covers MathML 2 content as SBML uses it: apply, ci, cn
// (real, integer, e-notation, rational), csymbol (time, avogadro, delay,
// rateOf), piecewise, lambda, semantics, the constants, and every operator
// SBML allows, including Level 3 Version 2's max, min, rem, quotient and
// implies. Errors name the file, the line and the element's id. Inputs are
// bounded: at most 256 MiB, 5 million elements, nesting depth 1,000.
package sbml
