// Package graph writes the regulatory graph of a network — its nodes and the
// signed edges read off its logic rules, each with its evidence — in formats
// that network viewers read: Graphviz DOT, the Simple Interaction Format (SIF)
// of Cytoscape, and JSON.
//
// The graph loses the logic (which inputs are ANDed or ORed); the model
// formats (MaBoSS, BoolNet, SBML-qual) keep it. SIF lines are
// "source<TAB>interaction<TAB>target" with interactions activates, inhibits or
// regulates (Cytoscape's SIF reader accepts any interaction name).
package graph
