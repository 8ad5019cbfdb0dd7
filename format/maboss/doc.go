// Package maboss reads and writes MaBoSS models: a .bnd file (the nodes, each
// with its logic and rate expressions) and one or more .cfg files (parameters,
// initial states, internal nodes and simulation settings).
//
// The grammar follows MaBoSS 2.x (Stoll et al. 2012, BMC Syst Biol 6:116;
// Stoll et al. 2017, Bioinformatics 33:2226; the MaBoSS reference card):
//
//	bnd:  node NAME { logic = EXPR; rate_up = EXPR; rate_down = EXPR; ATTR = EXPR; }
//	cfg:  $param = EXPR;  NODE.istate = 0|1|-1;  [A, B].istate = w1 [0, 1], w2 [1, 1];
//	      NODE.is_internal = 0|1;  NODE.refstate = 0|1|-1;  time_tick = 0.1;  ...
//
// with // and /* */ comments, "Node" and "node" alike, TRUE/FALSE for 1/0.
// Statements given later override earlier ones, so cfg files and -e
// statements apply in order, as MaBoSS's -c and -e do. An istate of -1 (or no
// istate) means on or off with probability 1/2.
//
// Not supported, and rejected with an error naming the line: node attributes
// other than logic, rate_up, rate_down and description read through @ATTR
// (only @logic may be read), schedules (NODE.schedule), physical random
// generators (use_physrandgen = 1).
package maboss
