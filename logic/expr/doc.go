// Package expr parses the logical and rate expressions of Boolean network
// models and evaluates them.
//
// The grammar is MaBoSS's (Stoll et al. 2012, BMC Syst Biol 6:116; the MaBoSS
// reference card), which uses C operator precedence, from lowest to highest:
//
//	cond ? a : b                 conditional
//	^  XOR                       exclusive or (MaBoSS binds it below |)
//	|  ||  OR                    or
//	&  &&  AND                   and
//	==  !=                       equality
//	<  <=  >  >=                 comparison
//	+  -                         addition
//	*  /                         multiplication
//	!  NOT  unary + -            prefix operators
//	( ) names $params @logic numbers TRUE FALSE
//
// BoolNet and PyBoolNet rules use the same operators for the Boolean subset, so
// one parser serves every format. A parsed expression is an immutable tree; a
// value of an expression is a float64 where false is 0 and anything non-zero is
// true, as in MaBoSS.
package expr
