// Package errlist splits an error made of several joined errors (errors.Join,
// or any error with Unwrap() []error) into its parts, so that each prints on
// a line of its own: a spec with several bad names gives one error per name.
// It is its own package so that the lean build (go build -tags sim), which
// has no experiment package, prints errors the same way.
package errlist
