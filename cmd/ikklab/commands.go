//go:build !sim

package main

import "github.com/ikklab/ikklab/cluster"

// buildNote ends the usage text; the full build has nothing to add.
const buildNote = ""

// job is what ikklab slurm submit asks run and screen for.
type job = cluster.Job

// fullOnly is empty: the full build has every command.
var fullOnly []string

// buildCommands are the full build's commands beyond those every build has.
func buildCommands() []command {
	return []command{
		{"run", "run an experiment spec (arms, doses, combinations, synergy)", runRun},
		{"screen", "every drug × every context × 8 doses, or every drug pair on a dose matrix", runScreen},
		{"claims", "check that the network reproduces the review's claims", runClaims},
		{"validate", "check the network against findings of primary papers (not the review)", runValidate},
		{"sbml-test", "run the SBML Test Suite's time-course cases on the ODE simulator", runSBMLTest},
		{"export", "write the network as DOT, SIF, JSON or an SVG map", runExport},
		{"merge", "combine shard results into what one local run gives", runMerge},
		{"shard", "run one shard of a job file (what each Slurm task runs)", runShardCmd},
		{"slurm", "submit a run or screen to Slurm as a job array; status, wait, retry", runSlurm},
		{"serve", "the HTTP API: knowledge base, queued runs kept in SQLite, claims", runServe},
	}
}
