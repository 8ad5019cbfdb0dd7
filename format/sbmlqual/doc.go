// Package sbmlqual reads and writes logical models in SBML Level 3 Version 1
// with the Qualitative Models package, SBML-qual (Chaouiya et al. 2013, BMC
// Syst Biol 7:135; specification "SBML Level 3 Package: Qualitative Models,
// Version 1 Release 1", namespace
// http://www.sbml.org/sbml/level3/version1/qual/version1), as written by
// GINsim, bioLQM, CaSQ, CellCollective, the Biodivine Boolean Models and
// BoolNet's toSBML.
//
// Reading maps the model onto a model.Network:
//
//   - each qual:qualitativeSpecies is a node with the species id as its id,
//     in document order; maxLevel must be 1 or absent (multi-valued species
//     are not supported); a name different from the id becomes the node's
//     Name and, unless it would be ambiguous under model.Names, an alias;
//     sboTerm SBO:0000358 (phenotype) marks a Phenotype node;
//   - each qual:transition gives its outputs (transitionEffect
//     assignmentLevel) one Boolean rule: the species is 1 where a
//     functionTerm with resultLevel 1 holds and the defaultTerm's level
//     elsewhere; with defaultTerm 1 it is 0 where a functionTerm with
//     resultLevel 0 holds. The spec makes function terms mutually exclusive;
//     where they are not, a level-1 term wins;
//   - MathML inside a functionTerm may use apply with and, or, xor, not,
//     implies, the comparisons eq, neq, geq, gt, leq, lt between a ci species
//     (or any Boolean sub-expression) and a cn number in either order, or
//     between two of them; true and false; a bare ci reads "the species is
//     on". A comparison with a number becomes the species, its negation or a
//     constant (eq x 0 is !x, geq x 1 is x, gt x 1 is false);
//   - a species is an Input (no rule) when it is constant, when no
//     transition sets it, when its transition has no listOfFunctionTerms
//     (the BBM style), or when its rule is the species itself (BoolNet's
//     toSBML writes inputs so);
//   - the network is named after the model's name or id (Read) or after the
//     file's base name without extension (ReadFile). Everything else
//     (compartments, initialLevel, layout, notes, annotations, the signs of
//     transition inputs) is ignored.
//
// Errors name the element (species or transition id), and the line of its
// start tag where encoding/xml knows it: "PATH:LINE: transition tr_X: ...".
// Unsupported constructs wrap ErrUnsupported.
//
// Writing produces a valid SBML L3V1 qual document: one compartment
// "default", one qualitativeSpecies per node (maxLevel 1, constant false, no
// initialLevel; sboTerm SBO:0000358 for phenotypes), and one transition per
// non-input node with its regulators as inputs (sign positive, negative or
// dual by model.Signs), the node as output (assignmentLevel), a defaultTerm
// at 0 and one functionTerm at 1 holding the rule as MathML (a variable x as
// eq(x, 1), !x as eq(x, 0)). Inputs get no transition: a species no
// transition sets keeps its level, which is what an input is. Write fails on
// MaBoSS rates (SBML-qual cannot hold rates), on non-Boolean rules, and on
// ids that are not SBML SIds.
//
// Invariant: for every network Read returns, Write and Read give back the
// same ids, kinds, names and rule trees; for any Boolean network, the rules
// read back are the same Boolean functions.
package sbmlqual
