// Package kinetic is the quantitative model: compartments, species,
// parameters, reactions with rate laws, rules and events, with the
// semantics of SBML Level 3 core (Hucka et al., SBML Level 3 Version 2
// Core, 2019; Level 2 files map onto the same structure), and its
// simulation as a system of ODEs by package ode.
//
// The model (Model) is what format/sbml reads and writes; Compile turns it
// into an ode.Problem over a state vector of species amounts (and the
// symbols that rate rules drive), with the values of every other symbol
// computed in dependency order at each evaluation: assignment rules, a
// species' concentration from its amount and its compartment's size,
// reaction rates (a reaction's id stands for its rate in math).
//
// Semantics followed (SBML L3v2 core §3.4, §4):
//   - A species symbol in math is its concentration unless
//     hasOnlySubstanceUnits; reactions change amounts, so a species in a
//     compartment whose size changes keeps its amount and changes
//     concentration.
//   - A reaction's rate law gives extent per time; species change by
//     stoichiometry × rate × conversion factor (the species', else the
//     model's).
//   - At the start, initial assignments, assignment rules and declared
//     values form one system, solved in dependency order; cycles are
//     errors.
//   - Events fire when their trigger goes from false to true, with
//     delays, priorities, persistence and values from the trigger or the
//     execution time; triggers and piecewise conditions are located by
//     root finding on their relational sub-expressions.
//
// What is not supported is refused by name (Unsupported), never simulated
// wrongly: algebraic rules, fast reactions, the delay csymbol, rateOf of a
// symbol set by an assignment rule.
package kinetic
