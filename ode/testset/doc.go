// Package testset holds standard initial-value problems with published
// reference solutions, for testing and benchmarking the ode package: the
// stiff problems ROBER, HIRES, POLLU and VDPOL of the Test Set for IVP
// Solvers (Mazzia & Magherini, University of Bari, release 2.4, 2008;
// formerly Lioen & de Swart, CWI), and the non-stiff Arenstorf orbit
// (Hairer, Nørsett & Wanner, Solving ODEs I, §II.0).
//
// Each reference value is transcribed from the test set's Fortran file
// (subroutine solut; the files say they were computed with RADAU5 at
// rtol = atol = 1.1e-18 in quadruple precision), as copied in
// volpatto/pside problems/*/*.f and rforge/bvpsolve pkg/deTestSet/src,
// which agree digit for digit. Every problem has an analytic Jacobian,
// checked against finite differences by the tests.
package testset
