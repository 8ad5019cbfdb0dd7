package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/internal/errlist"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/store"
)

// webFiles is the page: plain HTML, CSS and JavaScript, no build step, no
// CDN.
//
//go:embed web
var webFiles embed.FS

// Options configure a server; zero values mean the defaults given.
type Options struct {
	Token      string        // required for writes when set
	MaxBody    int64         // request body bytes (default 1 MiB)
	MaxWork    int           // trajectories per run, samples × runs (default 20,000,000)
	QueueLen   int           // queued runs (default 16)
	RunTimeout time.Duration // per run (default 30 min)
	Workers    int           // simulation workers per run (default all CPUs)
	// ReportSamples is the trajectories per run of the claims and
	// validation reports (default claims.DefaultSamples).
	ReportSamples int
	Version       string
	Logger        *slog.Logger
}

// Server is the API.
type Server struct {
	st    *store.Store
	kb    *kb.KB
	opt   Options
	log   *slog.Logger
	queue chan int64
	slots chan struct{} // one per queued run, taken before the run is stored
	mux   *http.ServeMux

	mu      sync.Mutex
	cancels map[int64]context.CancelFunc // the running run
	subs    map[int64]map[chan event]bool
	prog    map[int64]event
	reports map[bool][]byte // the claims (false) and validation (true) reports, computed once
	wg      sync.WaitGroup
}

// event is one progress message of a run.
type event struct {
	Status string `json:"status"`
	Done   int64  `json:"done,omitempty"`  // trajectories finished; absent when not known
	Total  int64  `json:"total,omitempty"` // trajectories of the run; absent when not known
}

// New builds a server over a store and a knowledge base.
func New(st *store.Store, k *kb.KB, opt Options) *Server {
	if opt.MaxBody <= 0 {
		opt.MaxBody = 1 << 20
	}
	if opt.MaxWork <= 0 {
		opt.MaxWork = 20_000_000
	}
	if opt.QueueLen <= 0 {
		opt.QueueLen = 16
	}
	if opt.RunTimeout <= 0 {
		opt.RunTimeout = 30 * time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{st: st, kb: k, opt: opt, log: opt.Logger, queue: make(chan int64, opt.QueueLen), slots: make(chan struct{}, opt.QueueLen),
		cancels: map[int64]context.CancelFunc{}, subs: map[int64]map[chan event]bool{}, prog: map[int64]event{}, reports: map[bool][]byte{}}
	s.mux = http.NewServeMux()
	for _, r := range s.routes() {
		s.mux.HandleFunc(r.method+" "+r.pattern, r.handle)
	}
	static, _ := fs.Sub(webFiles, "web")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		b, _ := webFiles.ReadFile("web/index.html")
		w.Write(b)
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if allow := s.allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, "", fmt.Sprintf("%s %s: this route answers %s", r.Method, r.URL.Path, strings.Join(allow, ", ")))
			return
		}
		writeError(w, http.StatusNotFound, "", fmt.Sprintf("no route %s %s; the page is /, the API is under /api/ (GET /api/openapi.json)", r.Method, r.URL.Path))
	})
	return s
}

// allowed returns the methods another route answers on r's path: the
// catch-all route would otherwise hide the mux's own 405 behind a 404.
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			out = append(out, m)
		}
	}
	return out
}

// Handler is the HTTP handler, with request logging and the body limit.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
				writeError(rec, http.StatusInternalServerError, "", "internal error")
			}
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", time.Since(start).Milliseconds())
		}()
		s.mux.ServeHTTP(rec, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.NewResponseController reach the connection (flushing
// and deadlines for the event stream).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// CheckAddr refuses to listen beyond loopback without a token.
func CheckAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v", addr, err)
	}
	if token != "" {
		return nil
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("-addr %s listens beyond this machine: give -token so that writes need it", addr)
}

// Serve runs the worker and the HTTP server until ctx is done, then shuts
// down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
	wctx, stopWorker := context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.worker(wctx)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	stopWorker()
	s.cancelAll()
	s.wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func (s *Server) cancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cancels {
		c()
	}
}

// writeJSON writes v with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := jsonout.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":{"message":"encoding the response failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(b)
}

type apiError struct {
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func writeError(w http.ResponseWriter, code int, field, msg string) {
	writeJSON(w, code, map[string]apiError{"error": {Message: msg, Field: field}})
}

// specError maps a spec's validation error to 422 with its field: one line
// per problem ("line 3: context: unknown context ..."), the field of the
// first.
func specError(w http.ResponseWriter, err error) {
	errs := errlist.Split(err) // several bad names, or one error
	var field string
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
		var se *experiment.SpecError
		if !errors.As(e, &se) {
			continue
		}
		if i == 0 {
			field = se.Field
		}
		lines[i] = se.Problem()
		if se.Line > 0 {
			lines[i] = fmt.Sprintf("line %d: %s", se.Line, lines[i])
		}
	}
	writeError(w, http.StatusUnprocessableEntity, field, strings.Join(lines, "\n"))
}

// authorized checks the bearer token of a write.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	if r.Header.Get("Authorization") == "Bearer "+s.opt.Token {
		return true
	}
	w.Header().Set("WWW-Authenticate", "Bearer")
	writeError(w, http.StatusUnauthorized, "", "this server needs 'Authorization: Bearer TOKEN' for writes")
	return false
}
