// Command ikklab is the command-line interface of ikklab: the IKKε/TBK1
// knowledge base, its executable network and the experiments run on it.
//
// Usage:
//
//	ikklab kb validate|nodes|drugs|contexts|claims|refs|facts|show
//	ikklab simulate MODEL [flags]      stochastic simulation (MaBoSS semantics)
//	ikklab attractors MODEL [flags]    synchronous/asynchronous attractors
//	ikklab convert IN OUT              between .bnd/.cfg, .bnet and SBML-qual
//	ikklab export -format dot|sif|json|svg [-o FILE]
//	ikklab run SPEC [-shard i/N -o DIR]  an experiment (or one shard of it)
//	ikklab merge DIR...                shards back into one result
//	ikklab slurm submit|status|wait    a run or screen as a Slurm job array
//	ikklab serve                       the web lab
//	ikklab version
//
// Run "ikklab help" or "ikklab COMMAND -h" for details.
package main
