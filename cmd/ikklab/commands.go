//go:build !sim

package main

import "github.com/ikklab/ikklab/cluster"

// buildNote ends the usage text; the full build has nothing to add.
const buildNote = ""

// job is what ikklab slurm submit asks run and screen for.
type job = cluster.Job

func commands() []command {
	return []command{
		{"kb", "inspect and validate the knowledge base", runKB},
		{"run", "run an experiment spec (arms, doses, combinations, synergy)", runRun},
		{"screen", "every drug × every context × 8 doses, or every drug pair on a dose matrix", runScreen},
		{"merge", "combine shard results into what one local run gives", runMerge},
		{"shard", "run one shard of a job file (what each Slurm task runs)", runShardCmd},
		{"slurm", "submit a run or screen to Slurm as a job array; status, wait, retry", runSlurm},
		{"claims", "check that the network reproduces the review's claims", runClaims},
		{"validate", "check the network against findings of primary papers (not the review)", runValidate},
		{"simulate", "stochastic simulation with MaBoSS semantics", runSimulate},
		{"attractors", "fixed points, cycles and basins (sync or async)", runAttractors},
		{"convert", "convert a model between MaBoSS, BoolNet and SBML-qual", runConvert},
		{"sbml-test", "run the SBML Test Suite's time-course cases on the ODE simulator", runSBMLTest},
		{"export", "write the network as DOT, SIF or JSON", runExport},
		{"serve", "the HTTP API: knowledge base, queued runs kept in SQLite, claims", runServe},
		{"version", "print the version", runVersion},
	}
}
