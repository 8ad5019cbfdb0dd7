package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/store"
)

// worker runs queued runs one at a time until ctx is done; a run still
// queued then stays queued in the store, and the next Open fails it as
// interrupted.
func (s *Server) worker(ctx context.Context) {
	defer s.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-s.queue:
			<-s.slots
			s.execute(ctx, id)
		}
	}
}

// counter is the experiment's progress sink: trajectories done.
type counter struct {
	s     *Server
	id    int64
	total int64
	done  atomic.Int64
	last  atomic.Int64 // unix ms of the last event sent
}

func (c *counter) Add(n int) {
	d := c.done.Add(int64(n))
	now := time.Now().UnixMilli()
	if last := c.last.Load(); now-last >= 200 && c.last.CompareAndSwap(last, now) {
		c.s.setProgress(c.id, event{Status: store.Running, Done: min(d, c.total), Total: c.total})
	}
}

func (s *Server) execute(parent context.Context, id int64) {
	run, err := s.st.Get(parent, id)
	if err != nil {
		s.log.Error("run vanished", "id", id, "err", err)
		return
	}
	if run.Status != store.Queued {
		return // cancelled while queued
	}
	spec, err := experiment.ParseBuiltinSpec("spec", []byte(run.Spec), s.kb)
	if err != nil {
		s.end(id, store.Failed, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(parent, s.opt.RunTimeout)
	defer cancel()
	s.mu.Lock()
	s.cancels[id] = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.cancels, id)
		s.mu.Unlock()
	}()
	if err := s.st.Start(parent, id); err != nil {
		s.log.Warn("start", "id", id, "err", err)
		return
	}
	total := int64(experiment.RunCount(spec) * spec.Samples)
	prog := &counter{s: s, id: id, total: total}
	s.setProgress(id, event{Status: store.Running, Total: total})
	s.log.Info("run started", "id", id, "name", spec.Name, "trajectories", total)
	start := time.Now()
	res, err := experiment.Run(ctx, s.kb, spec, experiment.Options{Workers: s.opt.Workers, Progress: prog, Version: s.opt.Version})
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.end(id, store.Failed, fmt.Sprintf("timed out after %v", s.opt.RunTimeout))
	case ctx.Err() != nil:
		s.end(id, store.Cancelled, "cancelled")
	case err != nil:
		s.end(id, store.Failed, err.Error())
	case !res.Complete:
		s.end(id, store.Cancelled, "interrupted")
	default:
		b, err := jsonout.Marshal(res)
		var files map[string][]byte
		if err == nil {
			files, err = res.Files()
		}
		if err == nil {
			delete(files, "result.json") // stored as the result
			err = s.st.Finish(context.Background(), id, b, res.ModelHash, files)
		}
		if err != nil {
			s.end(id, store.Failed, "storing the result: "+err.Error())
			return
		}
		s.setProgress(id, event{Status: store.Done, Done: total, Total: total})
		s.log.Info("run done", "id", id, "seconds", time.Since(start).Seconds())
	}
}

// end marks a run failed or cancelled and tells its listeners.
func (s *Server) end(id int64, status, reason string) {
	if err := s.st.End(context.Background(), id, status, reason); err != nil {
		s.log.Error("end", "id", id, "err", err)
	}
	last, _ := s.progress(id)
	s.setProgress(id, event{Status: status, Done: last.Done, Total: last.Total}) // how far it got
	s.log.Info("run ended", "id", id, "status", status, "reason", reason)
}

// setProgress records a run's latest event and sends it to listeners.
func (s *Server) setProgress(id int64, e event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prog[id] = e
	for ch := range s.subs[id] {
		select {
		case ch <- e:
		default: // a slow listener skips an update, never blocks the run
		}
	}
}

func (s *Server) progress(id int64) (event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.prog[id]
	return e, ok
}

// storedEvent is the progress of a run this process did not run or has
// forgotten (a CLI run recorded with -db, a run from before a restart): a
// done run finished all its trajectories; for others the count is unknown.
func (s *Server) storedEvent(run store.Run) event {
	e := event{Status: run.Status}
	if run.Status != store.Done {
		return e
	}
	if spec, err := experiment.ParseBuiltinSpec("spec", []byte(run.Spec), s.kb); err == nil {
		e.Total = int64(experiment.RunCount(spec) * spec.Samples)
		e.Done = e.Total
	}
	return e
}

func final(status string) bool {
	return status == store.Done || status == store.Failed || status == store.Cancelled
}

// events streams a run's progress as server-sent events until it ends.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	id, run, ok := s.lookupRun(w, r)
	if !ok {
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a long run must not be cut by the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	ch := make(chan event, 8)
	s.mu.Lock()
	if s.subs[id] == nil {
		s.subs[id] = map[chan event]bool{}
	}
	s.subs[id][ch] = true
	cur, have := s.prog[id]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs[id], ch)
		if len(s.subs[id]) == 0 {
			delete(s.subs, id)
		}
		s.mu.Unlock()
	}()
	send := func(e event) bool {
		b, _ := json.Marshal(e) // one line: an event's data may not break
		if _, err := fmt.Fprintf(w, "event: progress\ndata: %s\n\n", b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !have || final(run.Status) && !final(cur.Status) {
		cur = s.storedEvent(run)
	}
	if !send(cur) || final(cur.Status) {
		return
	}
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			if !send(e) || final(e.Status) {
				return
			}
		case <-keepalive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
