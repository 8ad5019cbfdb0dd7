// Package model is the engine-independent logical network: nodes (inputs,
// gene products and their states, phenotypes), one logic rule per non-input
// node, per-node transition rates, and the names people use for them.
//
// A Network is built from the knowledge base (package kb) or read from a model
// file (packages under format/). It is read-only once built and safe to share
// between goroutines. Rules use the MaBoSS semantics of package logic/expr: a
// node's rule says whether it should be on; rate_up and rate_down say how fast
// it switches (Stoll et al. 2012, BMC Syst Biol 6:116).
//
// Names resolve case-insensitively through ids and aliases, with Greek letters
// folded to Latin ones (IKKε → ikke, NF-κB → nfkb) and hyphens, spaces, dots
// and underscores ignored; an unknown name fails with the closest known names.
package model
