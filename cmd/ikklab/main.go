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
