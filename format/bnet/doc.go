// Package bnet reads and writes Boolean networks in the .bnet text format of
// BoolNet (Müssel, Hopfensitz and Kestler 2010, Bioinformatics 26:1378; the
// loadNetwork/saveNetwork documentation of the R package BoolNet 2.1.7) and
// PyBoolNet (Klarner, Streck and Siebert 2017, Bioinformatics 33:770), also
// written by the Biodivine Boolean Models (BBM) repository.
//
// A file is a list of lines "target, rule":
//
//	# comment (a '#' starts a comment anywhere on a line)
//	targets, factors          the BoolNet header; optional (PyBoolNet omits it)
//	CycD, CycD                a self-loop: an input that keeps its value
//	Rb, (!CycA & !CycB) | p27 & !CycD
//	B, 1                      a constant rule (also 0, true, false)
//
// Rules use ! & | ^ ( ), the constants 0 and 1 (true, false), and names made
// of ASCII letters, digits, '_' and '.', not starting with a digit or '.'.
// Precedence is that of package logic/expr: ! above & above | above ^
// (BoolNet and PyBoolNet have no ^; XOR is an extension here). The keywords
// AND, OR, NOT, XOR (any case) are read as operators, so they cannot be names.
//
// Reading maps the file onto a model.Network:
//
//   - the nodes come in file order (BoolNet's gene order, which is its bit
//     order in state codes), then the free inputs;
//   - a rule "X, X" makes X an Input (Rule nil);
//   - a name read by some rule but never a target is a free input (BBM files
//     leave inputs without a rule; BoolNet and PyBoolNet treat them as X, X):
//     it becomes an Input node, after the targets, in order of first use;
//   - every other target, constant rules included, is a Gene node.
//
// Rejected, with an error "PATH:LINE: message" quoting the bad input: a line
// without a comma, a duplicate target, an unparsable rule (with its column),
// a constant other than 0 and 1, and, wrapping ErrUnsupported, BoolNet's
// extensions: temporal predicates (X[-2], timeis), functions (all, any, maj,
// sumgt, sumlt) and probabilistic networks (a probability column).
//
// Writing prints the "targets, factors" header, then one line per node in
// network order, inputs as "X, X". The format holds only Boolean logic:
// Write fails on MaBoSS rates (rate_up, rate_down), on non-Boolean rules and
// on ids that are not .bnet names; it drops what a .bnet file cannot say
// (names, aliases, descriptions, initial states, the phenotype kind, which
// reads back as a gene). Invariant: for every network Read returns, Write
// and Read give back the same nodes, kinds and rule trees.
package bnet
