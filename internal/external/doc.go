// Package external locates the reference suites written by others
// (../shared/external beside the module root: MaBoSS models and results,
// BoolNet attractors, public logical models, the SBML Test Suite) for tests.
//
// Tests call Dir, which skips the test with a clear message when the suites
// are absent; .ci/run fails when they are missing, so they never skip
// silently in CI.
package external
