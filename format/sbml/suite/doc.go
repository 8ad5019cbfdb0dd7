// Package suite runs the semantic (time-course) cases of the SBML Test
// Suite (sbmlteam/sbml-test-suite, cases/semantic) on the kinetic
// simulator and judges them with the suite's rule: every expected value C
// and simulated value U at the same time and variable must satisfy
// |C − U| ≤ absolute + relative·|C| with the tolerances of the case's
// settings file, NaN matching NaN and infinities matching in sign.
//
// A case is pass, fail (with the first point that differs, or the error a
// supported model produced), or unsupported (with the feature the reader
// or compiler refused). Results can be written in the suite's own results
// format, NNNNN.csv, as the SBML Test Runner expects from a wrapper.
package suite
