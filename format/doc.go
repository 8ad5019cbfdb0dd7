// Package format reads and writes model files in every format ikklab knows,
// choosing the format by file extension:
//
//	.bnd (+ .cfg)   MaBoSS (package format/maboss)
//	.bnet           BoolNet / PyBoolNet (package format/bnet)
//	.sbml, .xml     SBML Level 3 qual (package format/sbmlqual) for logical
//	                models; SBML core (package format/sbml, a kinetic.Model,
//	                not a network) otherwise: IsKinetic tells them apart
//
// Each format has its own sub-package with Read and Write; this package only
// dispatches, so that commands accept any of them.
package format
