// Package nettest compares networks read from different model formats, for
// the tests of the format packages.
//
// Two files describe the same network when they have the same node ids, the
// same inputs, and every rule is the same Boolean function: formats
// restructure rule trees (MathML n-ary operators, comparisons with 0 and 1,
// a default term), so rules are compared by their truth tables over the union
// of the variables both rules read, not as trees. A phenotype and a gene are
// the same kind here: neither .bnet nor SBML-qual can tell them apart.
package nettest
