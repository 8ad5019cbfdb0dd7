// Package ode integrates systems of ordinary differential equations
// dy/dt = f(t, y): an explicit Dormand–Prince 5(4) method, a stiff
// Rosenbrock–Wanner method (Rodas5P), and automatic switching between the
// two, all with adaptive steps, dense output and events located by root
// finding.
//
// Why it is written here: no maintained pure-Go stiff solver exists.
// gonum.org/v1/exp/ode has explicit methods only, and gosl's Radau5 needs cgo
// with UMFPACK/MUMPS. The methods are the published ones:
//
//   - DormandPrince: the 5(4) pair of Dormand & Prince (1980, J Comput Appl
//     Math 6:19), with the 4th-order dense output of Shampine (1986) and the
//     step-size control and stiffness test of Hairer's DOPRI5 (Hairer,
//     Nørsett & Wanner, Solving ODEs I, 2nd ed., §II.4–II.6).
//   - Rodas5P: the 8-stage, order-5(4), stiffly accurate Rosenbrock–Wanner
//     method of Steinebach (2023, BIT Numer Math 63:27) with its order-4
//     dense output, in the W-transformed form of Hairer's RODAS (Hairer &
//     Wanner, Solving ODEs II, 2nd ed., §IV.7), with Gustafsson's predictive
//     step-size controller as in RODAS.
//   - Auto: starts with DormandPrince and switches to Rodas5P when Hairer's
//     stiffness test (h·|λ| > 3.25 for 15 accepted steps) fires; it switches
//     back when a power-iteration estimate of the Jacobian's spectral radius
//     says the explicit method is stable at the stiff method's step size.
//
// Linear algebra: the Rosenbrock matrix (1/(hγ))·I − J is factorised with
// gonum's lapack64.Getrf and solved with lapack64.Getrs on storage allocated
// once per Solver. The Jacobian is the Problem's analytic one when given,
// otherwise forward differences (n extra evaluations of f per step).
//
// Invariants: a Solver allocates nothing after NewSolver — stepping, dense
// output and event location reuse its buffers (tested with
// testing.AllocsPerRun), provided the Problem's functions do not allocate.
// Every failure (step size underflow, a non-finite derivative, a singular
// matrix, the step budget) is an error naming the time it happened at;
// nothing panics on bad numbers. Advance checks its context every few steps,
// so a long integration stops promptly when cancelled.
package ode
