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

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals end a command the way Ctrl-C does: it stops within a second,
// keeps what finished (a partial result never replaces a complete one) and
// exits 130. SIGTERM is what Slurm's scancel and time limits, systemd and
// kill send first.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
