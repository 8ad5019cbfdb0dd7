// Command odebench compares ikklab's stiff ODE solver (package ode,
// Rodas5P) with SUNDIALS CVODE (BDF, dense Newton, analytic Jacobian) on
// the stiff problems of the Test Set for IVP Solvers, at equal or better
// accuracy. bench/ode.sh builds the CVODE harness (bench/cvode/) and runs
// it; see there.
//
// For each problem and CVODE tolerance it measures CVODE's error against
// the reference solution, then finds the loosest ikklab tolerance (from
// 100× looser to 10⁴× tighter, in half decades) whose error is no larger,
// and times
// both alternately (CVODE, ikklab, CVODE, …), keeping the best of the
// rounds. Both sides time REPS complete solves (set-up, integration,
// clean-up) with the process CPU clock and report microseconds per solve.
package main
