// Package server is ikklab's HTTP API over the knowledge base and the
// experiment runner, with every run kept in a store (package store).
//
// Routes are one table (routes.go), from which the mux and the OpenAPI 3
// document at /api/openapi.json are both built, so the two cannot drift.
// Every response is JSON; an error is {"error": {"message": ..., "field":
// ...}} with the status code of its kind (400 malformed, 401 no token, 404
// unknown, 413 body too large, 422 an invalid spec, 429 queue full with
// Retry-After, 500 never expected).
//
// Runs are queued (bounded: a full queue answers 429) and executed one at
// a time with all cores, each under a timeout; progress streams as
// server-sent events. Limits: request body size, trajectories per run
// (samples × runs), queue length, run time. With a token, writes need
// "Authorization: Bearer TOKEN"; listening beyond loopback without one is
// refused. Shutdown stops accepting, cancels the running run and marks it
// cancelled, and returns when the worker has stopped.
//
// The page at / (web/, embedded) is plain HTML, CSS and JavaScript with no
// build step and nothing fetched from elsewhere: an experiment builder that
// validates as you type (POST /api/specs/validate), runs with streamed
// progress, readout tables, time-course plots with SVG and CSV downloads,
// the pathway map (drawn in Go by format/graph) coloured by an arm's
// readouts, node details with their evidence, and the run history.
package server
