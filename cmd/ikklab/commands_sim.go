//go:build sim

package main

// The sim build (go build -tags sim) is ikklab with the model-file and
// knowledge-base commands only: no experiments, plots, Slurm, SQLite or
// web server. Their package initialisers are what makes the full binary's
// start-up touch about 10 MB of its own pages; without them a simulation
// peaks at 6–10 MB, within 2× of MaBoSS's (README, "Performance").

const buildNote = `

This is the sim build (go build -tags sim): the commands above only. The
full build (go build ./cmd/ikklab) adds run, screen, claims, validate,
export, serve, slurm and the others.`

// job is empty: the sim build has no slurm command to ask for one.
type job struct{}

// buildCommands is empty: the sim build has only the commands every build
// has.
func buildCommands() []command { return nil }

// fullOnly are the full build's commands, named when asked for here.
var fullOnly = []string{"run", "screen", "claims", "validate", "sbml-test", "export", "merge", "shard", "slurm", "serve"}
