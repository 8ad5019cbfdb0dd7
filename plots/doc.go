// Package plots draws experiment results as SVG with gonum.org/v1/plot:
// time courses with 95% confidence bands, dose-response curves on a log dose
// axis with their fitted curve and IC50, and heatmaps of two-drug dose
// matrices or synergy excess.
//
// Every function validates its input (matching lengths, finite values,
// something to draw) and returns an error rather than panicking; the output
// for a given input is always the same bytes.
package plots
