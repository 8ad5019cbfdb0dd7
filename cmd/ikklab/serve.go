//go:build !sim

package main

import (
	"fmt"
	"log/slog"
	"net"

	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/server"
	"github.com/ikklab/ikklab/store"
)

func runServe(e *env, args []string) int {
	fs := newFlags("serve", "", `Serve ikklab's web page (at /) and HTTP API: the knowledge base, runs of experiment specs (queued,
one at a time, progress as server-sent events), the claims report; every run
and result is kept in an SQLite database. The API is described at
/api/openapi.json. Stop with Ctrl-C: the running run is cancelled and marked
so, and serve exits 130 (interrupted).`, e,
		"ikklab serve",
		"ikklab serve -addr 127.0.0.1:9000 -db runs.db",
		"ikklab serve -addr 0.0.0.0:8080 -token $(openssl rand -hex 16)   # beyond loopback a token is required")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `ADDRESS`")
	db := fs.String("db", "ikklab.db", "the SQLite database `FILE` of runs and results")
	token := fs.String("token", "", "bearer `TOKEN` required for writes (POST, DELETE)")
	queue := fs.Int("queue", 16, "runs that may wait (more are answered 429)")
	workers := workersFlag(fs, "simulation workers per run (default: one per CPU)")
	reportSamples := fs.Int("report-samples", claims.DefaultSamples, "trajectories per run of the claims and validation reports (`N`)")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) > 0 {
		return fail(e, "serve", exitUsage, fmt.Errorf("unexpected argument %q", fs.pos[0]))
	}
	if err := server.CheckAddr(*addr, *token); err != nil {
		return fail(e, "serve", exitUsage, err)
	}
	if *queue < 1 || *queue > 10000 {
		return fail(e, "serve", exitUsage, fmt.Errorf("-queue %d outside 1..10000", *queue))
	}
	if *reportSamples < 10 || *reportSamples > experiment.MaxSamples {
		return fail(e, "serve", exitUsage, fmt.Errorf("-report-samples %d outside 10..%d", *reportSamples, experiment.MaxSamples))
	}
	k, err := e.kb()
	if err != nil {
		return fail(e, "serve", exitUsage, err)
	}
	st, err := store.Open(e.ctx, *db)
	if err != nil { // nothing computed yet: a bad output path, as for -o
		return fail(e, "serve", exitUsage, err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(e, "serve", exitOutput, err)
	}
	logger := slog.New(slog.NewJSONHandler(e.stderr, nil))
	srv := server.New(st, k, server.Options{Token: *token, QueueLen: *queue, Workers: *workers, ReportSamples: *reportSamples, Version: "ikklab " + Version, Logger: logger})
	logger.Info("listening", "addr", ln.Addr().String(), "db", *db, "api", "http://"+ln.Addr().String()+"/api/openapi.json")
	if err := srv.Serve(e.ctx, ln); err != nil {
		return fail(e, "serve", exitOutput, err)
	}
	logger.Info("stopped")
	if e.ctx.Err() != nil {
		return exitStopped
	}
	return exitOK
}
