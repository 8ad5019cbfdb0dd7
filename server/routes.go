package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/format/graph"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/store"
)

// route is one endpoint: the mux pattern and the OpenAPI entry come from
// it.
type route struct {
	method, pattern, summary string
	write                    bool     // needs the token
	codes                    []int    // documented response codes besides 200
	params                   []string // path parameters
	handle                   http.HandlerFunc
}

func (s *Server) routes() []route {
	kbList := func(name string, v func() any) route {
		return route{method: "GET", pattern: "/api/kb/" + name, summary: "the knowledge base's " + name,
			handle: func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, map[string]any{name: v()}) }}
	}
	return []route{
		kbList("nodes", func() any { return s.kb.Nodes }),
		kbList("drugs", func() any { return s.kb.Drugs }),
		kbList("contexts", func() any { return s.kb.Contexts }),
		kbList("claims", func() any { return s.kb.Claims }),
		kbList("refs", func() any { return s.kb.Papers }),
		kbList("validation", func() any { return s.kb.Findings }),
		{method: "GET", pattern: "/api/kb/nodes/{id}", summary: "one node (any alias), its rule, regulators, targets and drugs", codes: []int{404}, params: []string{"id"}, handle: s.node},
		{method: "POST", pattern: "/api/runs", summary: "queue a run of a spec (YAML or JSON body); returns its id", write: true, codes: []int{201, 400, 401, 413, 415, 422, 429}, handle: s.createRun},
		{method: "GET", pattern: "/api/runs", summary: "runs, newest first (?status=, ?q= name search, ?limit=)", codes: []int{400}, handle: s.listRuns},
		{method: "GET", pattern: "/api/runs/{id}", summary: "a run, with its spec and, when done, its result", codes: []int{400, 404}, params: []string{"id"}, handle: s.getRun},
		{method: "DELETE", pattern: "/api/runs/{id}", summary: "cancel a queued or running run", write: true, codes: []int{400, 401, 404, 409}, params: []string{"id"}, handle: s.cancelRun},
		{method: "GET", pattern: "/api/runs/{id}/events", summary: "server-sent progress events until the run ends", codes: []int{400, 404}, params: []string{"id"}, handle: s.events},
		{method: "GET", pattern: "/api/runs/{id}/files", summary: "a done run's files: CSV tables and SVG plots", codes: []int{400, 404}, params: []string{"id"}, handle: s.listFiles},
		{method: "GET", pattern: "/api/runs/{id}/files/{name}", summary: "one file (?download=1 to save it)", codes: []int{400, 404}, params: []string{"id", "name"}, handle: s.getFile},
		{method: "POST", pattern: "/api/specs/validate", summary: "check a spec without running it: its runs and trajectories, or the error with its field", codes: []int{400, 413, 415, 422}, handle: s.validateSpec},
		{method: "GET", pattern: "/api/map.svg", summary: "the network as a layered map, coloured by an arm's readouts (?run=ID&arm=NAME)", codes: []int{400, 404}, handle: s.mapSVG},
		{method: "GET", pattern: "/api/claims", summary: "the review's claims checked on the network (computed once, then kept)", codes: []int{503}, handle: s.report(false)},
		{method: "GET", pattern: "/api/validation", summary: "the validation findings of primary papers checked on the network (computed once, then kept)", codes: []int{503}, handle: s.report(true)},
		{method: "GET", pattern: "/api/openapi.json", summary: "this document", handle: s.openapi},
	}
}

func (s *Server) node(w http.ResponseWriter, r *http.Request) {
	id, err := s.kb.ResolveNode(r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusNotFound, "id", err.Error())
		return
	}
	nd, _ := s.kb.Node(id)
	out := map[string]any{"node": nd}
	if rule, ok := s.kb.Rule(id); ok {
		out["rule"] = rule
	}
	if net, err := s.kb.Network(); err == nil {
		var regs, tgts []map[string]any
		for _, e := range net.Regulators(id) {
			regs = append(regs, map[string]any{"node": e.Source, "sign": e.Sign.String()})
		}
		for _, e := range net.Targets(id) {
			tgts = append(tgts, map[string]any{"node": e.Target, "sign": e.Sign.String()})
		}
		out["regulators"], out["targets"] = regs, tgts
	}
	// drugs: every drug acting on the node or on one of its forms (IKKε's
	// inhibitors act on IKBKE_ub), each target with its potency.
	drugs := []map[string]any{}
	for _, dt := range s.kb.DrugTargetsOn(id) {
		drugs = append(drugs, map[string]any{"drug": dt.Drug.ID, "target": dt.Target})
	}
	out["drugs"] = drugs
	writeJSON(w, http.StatusOK, out)
}

// readSpec reads and validates the spec in a request body, answering the
// error itself when there is one.
func (s *Server) readSpec(w http.ResponseWriter, r *http.Request) ([]byte, *experiment.Spec, int, bool) {
	if ct := r.Header.Get("Content-Type"); !specMediaType(ct) {
		writeError(w, http.StatusUnsupportedMediaType, "", fmt.Sprintf("Content-Type %q: send the spec itself as application/yaml or application/json (curl --data-binary @spec.yaml), not a form or a file upload", ct))
		return nil, nil, 0, false
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("the body is larger than %d bytes", s.opt.MaxBody))
			return nil, nil, 0, false
		}
		writeError(w, http.StatusBadRequest, "", "reading the body: "+err.Error())
		return nil, nil, 0, false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(w, http.StatusBadRequest, "", "an empty body: send a spec (YAML or JSON)")
		return nil, nil, 0, false
	}
	spec, err := experiment.ParseBuiltinSpec("spec", body, s.kb)
	if err != nil {
		specError(w, err)
		return nil, nil, 0, false
	}
	runs := experiment.RunCount(spec)
	if work := runs * spec.Samples; work > s.opt.MaxWork || work < 0 {
		writeError(w, http.StatusUnprocessableEntity, "samples", fmt.Sprintf("%d samples × %d runs = %d trajectories, more than the %d a run may have here", spec.Samples, runs, work, s.opt.MaxWork))
		return nil, nil, 0, false
	}
	return body, spec, runs, true
}

// specMediaType reports whether a body of this Content-Type can be a
// spec: YAML, JSON or plain text, and what curl --data-binary sends
// without -H (a form type, though the body is the file as it is).
func specMediaType(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json", "text/plain",
		"application/x-www-form-urlencoded", "application/octet-stream":
		return true
	}
	return false
}

func (s *Server) validateSpec(w http.ResponseWriter, r *http.Request) {
	if _, spec, runs, ok := s.readSpec(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "name": spec.Name, "runs": runs, "trajectories": runs * spec.Samples})
	}
}

func (s *Server) createRun(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	body, spec, runs, ok := s.readSpec(w, r)
	if !ok {
		return
	}
	// A place in the queue is taken before the run is stored, so a refused
	// run leaves no record behind.
	select {
	case s.slots <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusTooManyRequests, "", fmt.Sprintf("%d runs are queued, the most this server keeps; retry later", s.opt.QueueLen))
		return
	}
	id, err := s.st.Create(r.Context(), store.Run{Name: spec.Name, Spec: string(body), Submitter: submitter(r), Source: "api",
		Seed: spec.Seed, Engine: spec.Engine, Samples: spec.Samples, Arms: len(spec.Arms), Version: s.opt.Version})
	if err != nil {
		<-s.slots
		writeError(w, http.StatusInternalServerError, "", "store: "+err.Error())
		return
	}
	s.queue <- id // never blocks: the queue holds as many runs as there are slots
	s.setProgress(id, event{Status: store.Queued, Total: int64(runs * spec.Samples)})
	w.Header().Set("Location", "/api/runs/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "status": store.Queued, "runs": runs})
}

func submitter(r *http.Request) string {
	if u := r.Header.Get("X-Ikklab-User"); u != "" {
		return u
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host // the port changes with every connection: not who submitted
	}
	return r.RemoteAddr
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.Filter{Status: q.Get("status"), Search: q.Get("q")}
	switch f.Status {
	case "", store.Queued, store.Running, store.Done, store.Failed, store.Cancelled:
	default:
		writeError(w, http.StatusBadRequest, "status", fmt.Sprintf("status %q: one of queued, running, done, failed, cancelled", f.Status))
		return
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, http.StatusBadRequest, "limit", fmt.Sprintf("limit %q: a number in 1..1000", l))
			return
		}
		f.Limit = n
	}
	runs, err := s.st.List(r.Context(), f)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "", "store: "+err.Error())
		return
	}
	if runs == nil {
		runs = []store.Run{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

// runID reads the {id} path parameter.
func runID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeError(w, http.StatusBadRequest, "id", fmt.Sprintf("run id %q is not a positive number", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// lookupRun reads the {id} path parameter and the run, answering 400 or
// 404 itself.
func (s *Server) lookupRun(w http.ResponseWriter, r *http.Request) (int64, store.Run, bool) {
	id, ok := runID(w, r)
	if !ok {
		return 0, store.Run{}, false
	}
	run, err := s.st.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "id", fmt.Sprintf("no run %d", id))
		return 0, run, false
	} else if err != nil {
		writeError(w, http.StatusInternalServerError, "", "store: "+err.Error())
		return 0, run, false
	}
	return id, run, true
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) {
	id, run, ok := s.lookupRun(w, r)
	if !ok {
		return
	}
	out := map[string]any{"run": run}
	if p, ok := s.progress(id); ok {
		out["progress"] = p
	}
	if run.Status == store.Done {
		if res, err := s.st.Result(r.Context(), id); err == nil {
			out["result"] = json.RawMessage(res)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) cancelRun(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	id, ok := runID(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	cancel, running := s.cancels[id]
	s.mu.Unlock()
	if running {
		cancel() // the worker marks it cancelled when it stops
		writeJSON(w, http.StatusAccepted, map[string]any{"id": id, "status": "cancelling"})
		return
	}
	err := s.st.End(r.Context(), id, store.Cancelled, "cancelled by "+submitter(r))
	var ended *store.StateError
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "id", fmt.Sprintf("no run %d", id))
	case errors.As(err, &ended):
		writeError(w, http.StatusConflict, "id", fmt.Sprintf("run %d is %s: only a queued or running run can be cancelled", id, ended.Status))
	case err != nil:
		writeError(w, http.StatusInternalServerError, "", "store: "+err.Error())
	default:
		s.setProgress(id, event{Status: store.Cancelled})
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "status": store.Cancelled})
	}
}

// report serves the claims report (or, with findings, the validation
// report), computed on the first request and kept.
func (s *Server) report(findings bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		cached := s.reports[findings]
		s.mu.Unlock()
		if cached == nil {
			// The first computation takes tens of seconds, longer on a busy
			// machine: it must not be cut by the server's write timeout (the
			// client's going away still cancels it, through r.Context()).
			_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
			opt := claims.Options{Samples: s.opt.ReportSamples, Options: experiment.Options{Workers: s.opt.Workers, Version: s.opt.Version}}
			evaluate := claims.Evaluate
			if findings {
				evaluate = claims.EvaluateFindings
			}
			rep, err := evaluate(r.Context(), s.kb, opt)
			if err != nil || !rep.Complete {
				writeError(w, http.StatusServiceUnavailable, "", "the report did not finish")
				return
			}
			b, err := jsonout.Marshal(rep)
			if err != nil {
				writeError(w, http.StatusInternalServerError, "", err.Error())
				return
			}
			s.mu.Lock()
			s.reports[findings] = b
			s.mu.Unlock()
			cached = b
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(cached)
	}
}

// openapi builds the OpenAPI 3 document from the route table.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openapiDoc())
}

func (s *Server) openapiDoc() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes() {
		op := map[string]any{"summary": rt.summary}
		responses := map[string]any{"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{}}}}
		codes := append([]int(nil), rt.codes...)
		sort.Ints(codes)
		for _, c := range codes {
			responses[strconv.Itoa(c)] = map[string]any{"description": http.StatusText(c)}
		}
		op["responses"] = responses
		if len(rt.params) > 0 {
			var ps []map[string]any
			for _, p := range rt.params {
				ps = append(ps, map[string]any{"name": p, "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
			}
			op["parameters"] = ps
		}
		if rt.write {
			op["security"] = []map[string][]string{{"bearer": {}}}
		}
		if rt.method == "POST" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/yaml": map[string]any{}, "application/json": map[string]any{}}}
		}
		if paths[rt.pattern] == nil {
			paths[rt.pattern] = map[string]any{}
		}
		paths[rt.pattern][strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "ikklab API", "version": s.opt.Version},
		"paths":   paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]string{"type": "http", "scheme": "bearer"}}},
	}
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) {
	id, _, ok := s.lookupRun(w, r) // an unknown run is 404, as on its sibling routes
	if !ok {
		return
	}
	names, err := s.st.Files(r.Context(), id)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"files": names})
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	id, ok := runID(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	data, err := s.st.File(r.Context(), id, name)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "name", fmt.Sprintf("run %d has no file %q", id, name))
		return
	} else if err != nil {
		writeError(w, http.StatusInternalServerError, "", err.Error())
		return
	}
	switch {
	case strings.HasSuffix(name, ".svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
	case strings.HasSuffix(name, ".csv"):
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("run%d_%s", id, name)))
	}
	w.Write(data)
}

// mapSVG draws the network, coloured by one arm of a done run: every
// node's activity when the run asked for them, else its readouts' (all
// nodes grey without ?run).
func (s *Server) mapSVG(w http.ResponseWriter, r *http.Request) {
	net, err := s.kb.Network()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "", err.Error())
		return
	}
	var activity map[string]float64
	if q := r.URL.Query().Get("run"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id < 1 {
			writeError(w, http.StatusBadRequest, "run", fmt.Sprintf("run %q is not a positive number", q))
			return
		}
		data, err := s.st.Result(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusNotFound, "run", fmt.Sprintf("run %d has no result (not done?)", id))
			return
		} else if err != nil {
			writeError(w, http.StatusInternalServerError, "", err.Error())
			return
		}
		if activity, err = experiment.ArmActivity(data, r.URL.Query().Get("arm")); err != nil {
			writeError(w, http.StatusNotFound, "arm", fmt.Sprintf("run %d: %v", id, err))
			return
		}
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(graph.New(net, nil).SVG(activity))
}
