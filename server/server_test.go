package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/server"
	"github.com/ikklab/ikklab/store"
)

var (
	kbOnce sync.Once
	kbVal  *kb.KB
)

func defaultKB(t testing.TB) *kb.KB {
	kbOnce.Do(func() {
		k, err := kb.Default()
		if err != nil {
			panic(err)
		}
		kbVal = k
	})
	return kbVal
}

// start runs a server on loopback until the test ends.
func start(t *testing.T, opt server.Options) (string, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ikklab.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // after every server over it has stopped
	return serveStore(t, st, opt)
}

// serveStore runs a server over st on loopback until the test ends; st is
// closed after the last one stops.
func serveStore(t *testing.T, st *store.Store, opt server.Options) (string, *store.Store) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opt.Version = "test"
	srv := server.New(st, defaultKB(t), opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String(), st
}

func do(t *testing.T, method, url, body string, hdr ...string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s %s: not JSON (%d): %q", method, url, resp.StatusCode, b)
	}
	return resp.StatusCode, v, resp.Header
}

const small = `version: 1
name: tnbc-small
context: tnbc
time: 10
samples: 200
seed: 3
readouts: [Proliferation]
arms:
  - name: control
  - name: momelotinib
    drugs: {momelotinib: 1uM}
`

// The knowledge-base endpoints, a node by alias, and unknown routes.
func TestKnowledgeBase(t *testing.T) {
	base, _ := start(t, server.Options{})
	for _, p := range []string{"nodes", "drugs", "contexts", "claims", "refs", "validation"} {
		code, v, _ := do(t, "GET", base+"/api/kb/"+p, "")
		if list, ok := v[p].([]any); code != 200 || !ok || len(list) == 0 {
			t.Errorf("/api/kb/%s: %d, %d items", p, code, len(list))
		}
	}
	code, v, _ := do(t, "GET", base+"/api/kb/nodes/IKK%CE%B5", "")
	if node, _ := v["node"].(map[string]any); code != 200 || node["id"] != "IKBKE" {
		t.Errorf("IKKε by alias: %d %v", code, v["node"])
	}
	// IKKε's inhibitors act on its active form, IKBKE_ub: they are its drugs.
	var onForm bool
	for _, d := range v["drugs"].([]any) {
		d := d.(map[string]any)
		tgt, _ := d["target"].(map[string]any)
		onForm = onForm || d["drug"] == "momelotinib" && tgt["node"] == "IKBKE_ub" && tgt["potency"] != ""
	}
	if !onForm {
		t.Errorf("IKKε's drugs lack momelotinib on IKBKE_ub: %v", v["drugs"])
	}
	code, v, _ = do(t, "GET", base+"/api/kb/nodes/IKKE9", "")
	if e, _ := v["error"].(map[string]any); code != 404 || !strings.Contains(e["message"].(string), "did you mean") {
		t.Errorf("unknown node: %d %v", code, v)
	}
	if code, _, _ := do(t, "GET", base+"/nope", ""); code != 404 {
		t.Errorf("unknown route: %d", code)
	}
}

// lastEvent reads a run's event stream to its end and returns the last event.
func lastEvent(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var last map[string]any
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			last = nil
			json.Unmarshal([]byte(d), &last)
		}
	}
	return last
}

// A run: queued, running, done with its result, its progress streamed;
// listing and cancelling.
func TestRunLifecycle(t *testing.T) {
	base, st := start(t, server.Options{Workers: 2})
	code, v, hdr := do(t, "POST", base+"/api/runs", small)
	if code != 201 || hdr.Get("Location") == "" {
		t.Fatalf("POST: %d %v", code, v)
	}
	id := int(v["id"].(float64))
	// The event stream ends with the run.
	if last := lastEvent(t, base+hdr.Get("Location")+"/events"); last["status"] != "done" {
		t.Fatalf("last event %v, want done", last)
	}
	// Asked again once it is done, it still says how many trajectories ran
	// (2 arms × 200), and so does a server that did not run it.
	second, _ := serveStore(t, st, server.Options{})
	for _, b := range []string{base, second} {
		if last := lastEvent(t, b+hdr.Get("Location")+"/events"); last["status"] != "done" || last["done"] != 400.0 || last["total"] != 400.0 {
			t.Errorf("events of a finished run from %s: %v, want done 400 of 400", b, last)
		}
	}
	code, v, _ = do(t, "GET", base+hdr.Get("Location"), "")
	run := v["run"].(map[string]any)
	res, _ := v["result"].(map[string]any)
	if code != 200 || run["status"] != "done" || res == nil || len(res["arms"].([]any)) != 2 || run["model_hash"] == "" {
		t.Fatalf("GET run %d: %d %v", id, code, run)
	}
	// Its files, one downloaded, and the map coloured by its treated arm.
	code, v, _ = do(t, "GET", base+hdr.Get("Location")+"/files", "")
	if files, _ := v["files"].([]any); code != 200 || len(files) < 3 {
		t.Errorf("files: %d %v", code, v)
	}
	resp, err := http.Get(base + hdr.Get("Location") + "/files/timecourse_Proliferation.svg?download=1")
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(string(svg), "<svg") {
		t.Errorf("plot download: %v %q", resp.Header, svg[:min(len(svg), 80)])
	}
	resp, err = http.Get(base + "/api/map.svg?run=" + strconv.Itoa(id) + "&arm=momelotinib")
	if err != nil {
		t.Fatal(err)
	}
	mapSVG, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(mapSVG), `data-id="Proliferation"`) {
		t.Errorf("map: %d", resp.StatusCode)
	}
	if code, _, _ := do(t, "GET", base+"/api/map.svg?run="+strconv.Itoa(id)+"&arm=nope", ""); code != 404 {
		t.Errorf("map of an unknown arm: %d", code)
	}
	code, v, _ = do(t, "POST", base+"/api/specs/validate", small)
	if code != 200 || v["trajectories"].(float64) != 400 {
		t.Errorf("validate: %d %v", code, v)
	}
	code, v, _ = do(t, "GET", base+"/api/runs?q=tnbc&status=done", "")
	if runs := v["runs"].([]any); code != 200 || len(runs) != 1 {
		t.Errorf("list: %d %v", code, v)
	}
	if code, v, _ := do(t, "DELETE", base+hdr.Get("Location"), ""); code != 409 || !strings.Contains(fmt.Sprint(v["error"]), "is done: only a queued or running run can be cancelled") {
		t.Errorf("cancelling a done run: %d %v, want 409 saying the run is done", code, v) // it said "store: the run is not in a state that allows this: ..."
	}
	// A long run cancelled while it runs.
	long := strings.Replace(strings.Replace(small, "samples: 200", "samples: 1000000", 1), "time: 10", "time: 500", 1)
	_, v, hdr = do(t, "POST", base+"/api/runs", long)
	loc := hdr.Get("Location")
	for i := 0; i < 200; i++ {
		_, v, _ = do(t, "GET", base+loc, "")
		if v["run"].(map[string]any)["status"] == "running" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, _, _ := do(t, "DELETE", base+loc, ""); code != 202 {
		t.Errorf("cancel running: %d", code)
	}
	for i := 0; i < 250; i++ {
		_, v, _ = do(t, "GET", base+loc, "")
		if v["run"].(map[string]any)["status"] == "cancelled" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("a cancelled run is %v", v["run"])
}

// Bad input gets a 4xx JSON error naming the field, never a 500.
func TestBadInput(t *testing.T) {
	base, _ := start(t, server.Options{MaxBody: 4096, MaxWork: 1_000_000})
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	for _, tc := range []struct {
		name, body string
		code       int
		field      string
	}{
		{"empty", "", 400, ""},
		{"too large", strings.Repeat("#", 5000), 413, ""},
		{"malformed YAML", "version: 1\nname: [x\n", 422, ""},
		{"unknown context", strings.Replace(small, "tnbc\n", "tnbcc\n", 1), 422, "context"},
		{"unknown drug", strings.Replace(small, "momelotinib: 1uM", "momelotinb: 1uM", 1), 422, ""},
		{"impossible samples", strings.Replace(small, "samples: 200", "samples: 1000000000", 1), 422, "samples"},
		{"samples not a number", strings.Replace(small, "samples: 200", "samples: many", 1), 422, "samples"},
		{"too much work", strings.Replace(small, "samples: 200", "samples: 900000", 1), 422, "samples"},
		{"a model file", "model: /etc/passwd\n" + small, 422, "model"},
		{"alias bomb", bomb, 422, ""},
	} {
		code, v, _ := do(t, "POST", base+"/api/runs", tc.body)
		e, _ := v["error"].(map[string]any)
		if code != tc.code || e == nil || e["message"] == "" || (tc.field != "" && e["field"] != tc.field) {
			t.Errorf("%s: %d %v, want %d with field %q", tc.name, code, v, tc.code, tc.field)
		}
	}
	for _, u := range []string{"/api/runs/abc", "/api/runs/0", "/api/runs?status=bogus", "/api/runs?limit=0"} {
		if code, _, _ := do(t, "GET", base+u, ""); code != 400 {
			t.Errorf("GET %s: %d, want 400", u, code)
		}
	}
	for _, p := range []string{"/api/runs/12345", "/api/runs/12345/files", "/api/runs/12345/files/readouts.csv"} {
		if code, _, _ := do(t, "GET", base+p, ""); code != 404 {
			t.Errorf("unknown run: GET %s: %d, want 404", p, code) // /files answered 200 {"files": []}
		}
	}
}

// With a token, writes need it; reads do not. Beyond loopback a token is
// required to start.
func TestToken(t *testing.T) {
	base, _ := start(t, server.Options{Token: "s3cret"})
	if code, _, _ := do(t, "POST", base+"/api/runs", small); code != 401 {
		t.Errorf("POST without the token: %d", code)
	}
	if code, _, _ := do(t, "POST", base+"/api/runs", small, "Authorization", "Bearer wrong"); code != 401 {
		t.Errorf("POST with a wrong token: %d", code)
	}
	if code, _, _ := do(t, "POST", base+"/api/runs", small, "Authorization", "Bearer s3cret"); code != 201 {
		t.Errorf("POST with the token: %d", code)
	}
	if code, _, _ := do(t, "GET", base+"/api/runs", ""); code != 200 {
		t.Errorf("GET without the token: %d", code)
	}
	for _, tc := range []struct {
		addr, token string
		ok          bool
	}{{"127.0.0.1:8080", "", true}, {"localhost:80", "", true}, {"[::1]:8080", "", true}, {"0.0.0.0:8080", "", false}, {"0.0.0.0:8080", "t", true}, {":8080", "", false}} {
		if err := server.CheckAddr(tc.addr, tc.token); (err == nil) != tc.ok {
			t.Errorf("CheckAddr(%q, %q) = %v", tc.addr, tc.token, err)
		}
	}
}

// A full queue answers 429 with Retry-After.
func TestQueueFull(t *testing.T) {
	base, _ := start(t, server.Options{QueueLen: 1, Workers: 1})
	long := strings.Replace(strings.Replace(small, "samples: 200", "samples: 1000000", 1), "time: 10", "time: 500", 1)
	saw429 := false
	for i := 0; i < 5; i++ {
		code, _, hdr := do(t, "POST", base+"/api/runs", long)
		if code == 429 {
			saw429 = hdr.Get("Retry-After") != ""
			break
		}
	}
	if !saw429 {
		t.Error("no 429 with Retry-After from a queue of 1")
	}
	// A refused run leaves no record: only accepted runs are listed.
	_, v, _ := do(t, "GET", base+"/api/runs?status=failed", "")
	if runs, _ := v["runs"].([]any); len(runs) != 0 {
		t.Errorf("a refused run was stored: %v", runs)
	}
}

// Wrong methods answer 405 with Allow; a form or file upload 415.
func TestMethodAndMediaType(t *testing.T) {
	base, _ := start(t, server.Options{})
	for _, tc := range []struct{ method, path, allow string }{
		{"PUT", "/api/runs", "GET, POST"},
		{"POST", "/api/kb/nodes", "GET"},
		{"PATCH", "/api/runs/1", "GET, DELETE"},
	} {
		code, v, hdr := do(t, tc.method, base+tc.path, "")
		if code != 405 || hdr.Get("Allow") != tc.allow || v["error"] == nil {
			t.Errorf("%s %s: %d Allow %q %v", tc.method, tc.path, code, hdr.Get("Allow"), v)
		}
	}
	for _, tc := range []struct {
		ct   string
		code int
	}{
		{"application/yaml", 201}, {"application/json; charset=utf-8", 201}, {"application/x-www-form-urlencoded", 201}, // what curl --data-binary sends
		{"multipart/form-data; boundary=x", 415}, {"image/png", 415}, {"not a type", 415},
	} {
		if code, v, _ := do(t, "POST", base+"/api/runs", small, "Content-Type", tc.ct); code != tc.code {
			t.Errorf("Content-Type %q: %d, want %d (%v)", tc.ct, code, tc.code, v)
		}
	}
	// The submitter is the client's address without its port, which
	// changes with every connection.
	_, v, _ := do(t, "GET", base+"/api/runs/1", "")
	if run, _ := v["run"].(map[string]any); run["submitter"] != "127.0.0.1" {
		t.Errorf("submitter %v, want 127.0.0.1", run["submitter"])
	}
}

// The OpenAPI document lists every route, and every documented path
// answers (no 404 or 405 from the mux).
func TestOpenAPI(t *testing.T) {
	base, _ := start(t, server.Options{ReportSamples: 100}) // the reports are computed, not judged here
	code, doc, _ := do(t, "GET", base+"/api/openapi.json", "")
	paths, _ := doc["paths"].(map[string]any)
	if code != 200 || doc["openapi"] != "3.0.3" || len(paths) < 12 {
		t.Fatalf("openapi: %d, %d paths", code, len(paths))
	}
	for p, ops := range paths {
		for method := range ops.(map[string]any) {
			if method == "post" || method == "delete" || strings.HasSuffix(p, "/events") {
				continue // writes and streams are covered elsewhere
			}
			u := base + strings.ReplaceAll(p, "{id}", "IKBKE")
			req, _ := http.NewRequest(strings.ToUpper(method), u, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == 405 || (resp.StatusCode == 404 && !strings.Contains(p, "{id}")) {
				t.Errorf("%s %s documented but answers %d", method, p, resp.StatusCode)
			}
		}
	}
}

// FuzzCreateRun: any body gets a JSON answer below 500.
//
//	go test ./server -run '^$' -fuzz FuzzCreateRun -fuzztime 20000x -fuzzminimizetime 100x
func FuzzCreateRun(f *testing.F) {
	for _, s := range []string{small, "", "{}", `{"version": 1, "name": "x", "arms": [{"name": "a"}]}`, "version: 1\nname: x\nsamples: -5\n", "a: &a [*a]"} {
		f.Add(s)
	}
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	h := server.New(st, defaultKB(f), server.Options{MaxBody: 1 << 16, QueueLen: 1 << 20}).Handler()
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/runs", strings.NewReader(body)))
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("not JSON: %q", rec.Body)
		}
	})
}
