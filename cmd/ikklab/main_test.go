package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ikklab/ikklab/kb"
)

// ikklab runs the CLI in-process and returns its exit code and output.
func ikklab(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLI(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noStdout bool // a usage error prints its one line to stderr only
	}{
		{args: []string{"kb", "validate"}, code: 0, stdout: []string{fmt.Sprintf("nodes       %d", nodeCount(t)), "ok: 0 errors"}},
		{args: []string{"kb", "show", "IKKε"}, code: 0, stdout: []string{"IKBKE — ", "rule:     IKBKE = ", "regulators:"}},
		{args: []string{"kb", "show", "ikke"}, code: 0, stdout: []string{"IKBKE — "}},
		{args: []string{"kb", "show", "NF-κB"}, code: 0, stdout: []string{"RELA — ", "NFKBIA"}},
		{args: []string{"kb", "show", "IRF3"}, code: 0, stdout: []string{"± Tax ", "yuen2016 (logic and brake)", "(1 - 0.8 * Tax)"}},
		{args: []string{"kb", "show", "TBK1"}, code: 0, stdout: []string{"CYLD ", "friedman2008 (brake)"}},
		{args: []string{"kb", "show", "IKKX"}, code: 2, stderr: []string{`unknown name "IKKX"`, "IKBKE"}},
		// A list flag reports every bad item, in one line.
		{args: []string{"simulate", "ikklab", "-knockout", "TBK,IKKX", "-samples", "10"}, code: 2, stderr: []string{`unknown node "TBK"; did you mean TBK1`, `; unknown node "IKKX"`}, noStdout: true},
		{args: []string{"screen", "-contexts", "tnbcc,kras-lnug"}, code: 2, stderr: []string{`"tnbcc"; did you mean tnbc`, `"kras-lnug"; did you mean kras-lung`}, noStdout: true},
		{args: []string{"claims", "-only", "C4,C99"}, code: 2, stderr: []string{`"C4" (C01–C32); did you mean C04`, `"C99"`}, noStdout: true},
		// simulate bounds -samples as a spec bounds samples (it ran 10⁹ silently).
		{args: []string{"simulate", "ikklab", "-samples", "1000000000", "-q"}, code: 2, stderr: []string{"-samples 1000000000 outside 1..10000000"}, noStdout: true},
		{args: []string{"run", "../../examples/quickstart.yaml", "-samples", "1000000000", "-q"}, code: 2, stderr: []string{"outside 1..10000000"}, noStdout: true},
		{args: []string{"simulate", "ikklab", "-drugs", "momelotinb=1uM,foo"}, code: 2, stderr: []string{"did you mean momelotinib", `bad item "foo"`}, noStdout: true},
		// The bad names of different flags are reported together (it stopped at the context).
		{args: []string{"simulate", "ikklab", "-context", "tnbcc", "-drugs", "momelotinb=1uM", "-knockout", "TBK2"}, code: 2, stderr: []string{`-context: unknown context "tnbcc"`, `-knockout: unknown node "TBK2"`, `-drugs: unknown drug "momelotinb"`}, noStdout: true},
		{args: []string{"claims", "-only", "X1,X2,X3,X4,X5,X6,X7"}, code: 2, stderr: []string{`"X5"`, "; (and 2 more)"}, noStdout: true},
		{args: []string{"attractors", "ikklab", "-fix", "TNF=2,TBK=1"}, code: 2, stderr: []string{`bad item "TNF=2"`, `unknown node "TBK"`}, noStdout: true},
		{args: []string{"kb", "show", "CYT387"}, code: 0, stdout: []string{"momelotinib", "JAK1", "source"}},
		{args: []string{"kb", "show", "tnbc"}, code: 0, stdout: []string{"tnbc — ", "IKBKE"}},
		{args: []string{"kb", "show", "C19"}, code: 0, stdout: []string{"C19  [claim]", "expected:"}},
		{args: []string{"kb", "show", "M6"}, code: 0, stdout: []string{"M6  [mechanism]", "IKBKE_ub←BIRC2"}},
		{args: []string{"kb", "show", "[8]"}, code: 0, stdout: []string{"zhou2013"}},
		{args: []string{"kb", "show"}, code: 2},
		{args: []string{"kb", "nodes"}, code: 0, stdout: []string{"ID", "IKBKE_ub"}},
		{args: []string{"kb", "drugs"}, code: 0, stdout: []string{"momelotinib"}},
		{args: []string{"kb", "contexts"}, code: 0, stdout: []string{"her2-breast"}},
		{args: []string{"kb", "claims"}, code: 0, stdout: []string{"C32"}},
		{args: []string{"kb", "refs"}, code: 0, stdout: []string{"[29]"}},
		{args: []string{"kb", "facts"}, code: 0},
		{args: []string{"kb", "nodes", "-format", "yaml"}, code: 2, stderr: []string{`unknown -format "yaml"`}},
		{args: []string{"kb", "nods"}, code: 2, stderr: []string{"did you mean nodes?"}},
		{args: []string{"kb"}, code: 2, stderr: []string{"Subcommands:"}},
		{args: []string{"kb", "-h"}, code: 0, stdout: []string{"Subcommands:"}},
		{args: []string{"kb", "show", "-h"}, code: 0, stdout: []string{"Examples:", "-dir DIR"}},
		{args: []string{"kb", "nodes", "-bogus"}, code: 2, stderr: []string{"flag provided but not defined: -bogus"}, noStdout: true},
		{args: []string{"claims", "-smaples", "5"}, code: 2, stderr: []string{"-smaples; did you mean -samples?"}, noStdout: true},
		{args: []string{"claims", "-workers", "x"}, code: 2, stderr: []string{`invalid value "x" for flag -workers`}, noStdout: true},
		{args: []string{"exprt"}, code: 2, stderr: []string{"did you mean export?"}},
		{args: []string{"export", "-format", "png"}, code: 2, stderr: []string{"unknown -format"}},
		{args: []string{"export", "-format", "sif"}, code: 0, stdout: []string{"IKBKE\tactivates\tIKBKE_ub", "NFKBIA\tinhibits\tRELA"}},
		{args: []string{"export"}, code: 0, stdout: []string{"digraph", "->"}},
		{args: []string{"version"}, code: 0, stdout: []string{"ikklab v"}},
		{args: []string{"help"}, code: 0, stdout: []string{"Commands:"}},
		{args: nil, code: 2, stderr: []string{"Commands:"}, noStdout: true},
	}
	for _, tt := range tests {
		code, out, errs := ikklab(t, tt.args...)
		name := strings.Join(tt.args, " ")
		if code != tt.code {
			t.Errorf("ikklab %s: exit %d, want %d\nstdout: %s\nstderr: %s", name, code, tt.code, out, errs)
		}
		for _, s := range tt.stdout {
			if !strings.Contains(out, s) {
				t.Errorf("ikklab %s: stdout lacks %q:\n%s", name, s, out)
			}
		}
		for _, s := range tt.stderr {
			if !strings.Contains(errs, s) {
				t.Errorf("ikklab %s: stderr lacks %q:\n%s", name, s, errs)
			}
		}
		if tt.noStdout && out != "" {
			t.Errorf("ikklab %s: usage error wrote to stdout:\n%s", name, out)
		}
		if tt.code == 2 && len(tt.stderr) > 0 && strings.Count(strings.TrimSpace(errs), "\n") > 0 && !strings.Contains(errs, "Usage") && !strings.Contains(errs, "Subcommands") {
			t.Errorf("ikklab %s: usage error is not one line: %q", name, errs)
		}
	}
}

func TestJSONContracts(t *testing.T) {
	decode := func(args ...string) []map[string]any {
		t.Helper()
		code, out, errs := ikklab(t, args...)
		if code != 0 {
			t.Fatalf("ikklab %v: exit %d: %s", args, code, errs)
		}
		var v []map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("ikklab %v: not a JSON array of objects: %v", args, err)
		}
		for _, o := range v {
			if _, ok := o["id"]; !ok {
				t.Fatalf("ikklab %v: object without id: %v", args, o)
			}
		}
		return v
	}
	for _, o := range decode("kb", "nodes", "-format", "json") {
		for _, f := range []string{"aliases", "kind"} {
			if _, ok := o[f]; !ok {
				t.Errorf("node %v lacks %q", o["id"], f)
			}
		}
		if o["kind"] != "input" && o["rule"] == nil {
			t.Errorf("node %v has no rule", o["id"])
		}
	}
	for _, d := range decode("kb", "drugs", "-format", "json") {
		ts, _ := d["targets"].([]any)
		if len(ts) == 0 {
			t.Errorf("drug %v without targets", d["id"])
		}
		for _, x := range ts {
			tg := x.(map[string]any)
			_, molar := tg["ic50_M"]
			_, value := tg["value"]
			if tg["node"] == nil || tg["source"] == nil || tg["status"] == nil || molar == (value && tg["unit"] != nil) {
				t.Errorf("drug %v target %v breaks the contract", d["id"], tg)
			}
		}
	}
	claims := decode("kb", "claims", "-format", "json")
	if len(claims) != 32 {
		t.Errorf("%d claims, want 32", len(claims))
	}
	for _, c := range claims {
		if c["context"] == nil || c["expect"] == nil {
			t.Errorf("claim %v lacks context or expect", c["id"])
		}
	}
	decode("kb", "contexts", "-format", "json")
	decode("kb", "refs", "-format", "json")
	decode("kb", "facts", "-format", "json")
}

// TestValidateBrokenCopy copies the embedded knowledge base, breaks one rule
// and checks that validation names the file and line.
func TestValidateBrokenCopy(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir("../../kb/data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../kb/data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "rules.yaml" {
			data = bytes.Replace(data, []byte("rule: RELA | STAT3 | STAT1"), []byte("rule: RELA | STAT3 | STAT9"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errs := ikklab(t, "kb", "validate", "-dir", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errs)
	}
	want := filepath.Join(dir, "rules.yaml") + ":"
	if !strings.Contains(errs, want) || !strings.Contains(errs, `rules[IKBKE].rule: unknown node "STAT9"; did you mean STAT1`) {
		t.Errorf("error does not name file, line and field:\n%s", errs)
	}
	code, _, errs = ikklab(t, "kb", "validate", "-dir", filepath.Join(dir, "nope"))
	if code != 2 || !strings.Contains(errs, "nope") {
		t.Errorf("missing dir: exit %d, %s", code, errs)
	}
}

func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"dot", "sif", "json"} {
		out := filepath.Join(dir, "net."+f)
		if code, _, errs := ikklab(t, "export", "-format", f, "-o", out); code != 0 {
			t.Fatalf("export %s: %s", f, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil || len(data) == 0 {
			t.Fatalf("export %s wrote nothing: %v", f, err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "net.json"))
	var g struct {
		Nodes []map[string]any
		Edges []map[string]any
	}
	if err := json.Unmarshal(data, &g); err != nil || len(g.Nodes) != nodeCount(t) || len(g.Edges) < 150 {
		t.Errorf("json graph: %d nodes, %d edges, %v", len(g.Nodes), len(g.Edges), err)
	}
	// Graphviz must accept the DOT output; CI installs it, elsewhere it may be absent.
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("graphviz 'dot' not installed; .ci/run installs it and checks the DOT output")
	}
	cmd := exec.Command(dot, "-Tsvg", filepath.Join(dir, "net.dot"), "-o", filepath.Join(dir, "net.svg"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dot -Tsvg rejected the export: %v\n%s", err, msg)
	}
}

// nodeCount is the number of nodes of the embedded knowledge base.
func nodeCount(t *testing.T) int {
	t.Helper()
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	return len(k.Nodes)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteError: output that cannot be written is exit 3 with a
// message, not a silent success (issue 11, item 8).
func TestStdoutWriteError(t *testing.T) {
	var errb bytes.Buffer
	code := run(context.Background(), []string{"kb", "nodes"}, strings.NewReader(""), failingWriter{}, &errb)
	if code != exitOutput || !strings.Contains(errb.String(), "writing standard output: no space left on device") {
		t.Errorf("exit %d, stderr %q; want 3 and the write error", code, errb.String())
	}
}

// TestHelp: "COMMAND -h" prints its usage once, and "help COMMAND [SUB]"
// prints that command's usage, not the top-level help (issue 11, item 17).
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "-h"}, "Usage: ikklab validate"},
		{[]string{"simulate", "-h"}, "Usage: ikklab simulate"},
		{[]string{"help", "run"}, "Usage: ikklab run"},
		{[]string{"help", "kb"}, "Usage: ikklab kb SUBCOMMAND"},
		{[]string{"help", "kb", "show"}, "Usage: ikklab kb show"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code != 0 || strings.Count(out.String(), "Usage:") != 1 || !strings.HasPrefix(out.String(), tc.want) {
			t.Errorf("%v: exit %d, %d usages, stdout starts %q", tc.args, code, strings.Count(out.String(), "Usage:"), out.String()[:min(40, out.Len())])
		}
	}
}

// TestWorkersRefused: -workers below 1 is a usage error for every command
// that takes it (issue 11, item 11).
func TestWorkersRefused(t *testing.T) {
	for _, cmd := range []string{"simulate", "attractors", "claims", "validate", "run", "screen"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{cmd, "-workers", "0"}, strings.NewReader(""), &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), "-workers 0 outside 1..") {
			t.Errorf("%s -workers 0: exit %d, %q", cmd, code, errb.String())
		}
	}
}

// TestOutputPathChecked: an -o that cannot be written is exit 2 before any
// work; a missing parent directory is created (issue 11, item 9).
func TestOutputPathChecked(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"claims", "-o", dir}, "is a directory, not a file"},
		{[]string{"validate", "-o", filepath.Join(file, "x.md")}, "cannot write"},
		{[]string{"run", "../../examples/quickstart.yaml", "-o", file}, "is a file, not a directory"},
		{[]string{"simulate", "ikklab", "-o", file}, "is a file, not a directory"},
		{[]string{"convert", "ikklab", filepath.Join(file, "x.bnd")}, "cannot write"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
	nested := filepath.Join(dir, "new", "sub", "net.dot")
	if code, _, errs := ikklab(t, "export", "-format", "dot", "-o", nested); code != 0 {
		t.Fatalf("export into a missing directory: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(nested); err != nil {
		t.Error(err)
	}
}

// TestRateText: the progress rate is the mean since the start and is not
// shown before a second has passed (a first reading once said 111,230,581
// traj/s; issue 11, item 17).
func TestRateText(t *testing.T) {
	for _, tc := range []struct {
		done    int64
		elapsed time.Duration
		want    string
	}{
		{8192, 70 * time.Microsecond, ""},
		{8192, 999 * time.Millisecond, ""},
		{300000, 2 * time.Second, "150,000 traj/s"},
	} {
		if got := rateText(tc.done, tc.elapsed, "traj"); got != tc.want {
			t.Errorf("rateText(%d, %v) = %q, want %q", tc.done, tc.elapsed, got, tc.want)
		}
	}
}

// TestKBFlag: every command that uses the knowledge base reads -kb DIR
// (issue 11, item 20): with a copy whose nodes.yaml is broken each fails at
// once naming the file; with a copy whose TNBC context keeps TP53, the
// attractors of -context tnbc hold TP53 on.
func TestKBFlag(t *testing.T) {
	broken := t.TempDir()
	good := t.TempDir()
	files, err := filepath.Glob("../../kb/data/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		b := data
		if name == "nodes.yaml" {
			b = []byte("nodes: [\n")
		}
		g := data
		if name == "contexts.yaml" {
			// TNBC's TP53 loss set to on instead (first TP53 entry after "id: tnbc").
			s := string(data)
			i := strings.Index(s, "id: tnbc")
			j := i + strings.Index(s[i:], "node: TP53\n        value: off")
			g = []byte(s[:j] + "node: TP53\n        value: on" + s[j+len("node: TP53\n        value: off"):])
		}
		os.WriteFile(filepath.Join(broken, name), b, 0o644)
		os.WriteFile(filepath.Join(good, name), g, 0o644)
	}
	out := t.TempDir()
	for _, args := range [][]string{
		{"run", "../../examples/quickstart.yaml", "-q"},
		{"claims", "-only", "C01", "-q"},
		{"validate", "-only", "V101", "-q"},
		{"simulate", "ikklab", "-samples", "10", "-q"},
		{"screen", "-samples", "10", "-q"},
		{"attractors", "ikklab", "-fixed-points", "-q"},
		{"export"},
		{"convert", "ikklab", filepath.Join(out, "x.bnet")},
	} {
		code, _, errs := ikklab(t, append(args, "-kb", broken)...)
		if code != exitUsage || !strings.Contains(errs, filepath.Join(broken, "nodes.yaml")) {
			t.Errorf("%s -kb BROKEN: exit %d, %q; want exit 2 naming nodes.yaml", args[0], code, errs)
		}
	}
	code, stdout, errs := ikklab(t, "attractors", "ikklab", "-kb", good, "-context", "tnbc", "-fixed-points", "-q")
	if code != 0 || !strings.Contains(stdout, "TP53=1") {
		t.Errorf("attractors -kb GOOD -context tnbc: exit %d, %s\n%.300s", code, errs, stdout)
	}
	_, stdout, _ = ikklab(t, "attractors", "ikklab", "-context", "tnbc", "-fixed-points", "-q")
	if !strings.Contains(stdout, "TP53=0") {
		t.Errorf("attractors -context tnbc: want TP53=0 held:\n%.300s", stdout)
	}
}

// TestSimBuildNamesFullCommands: the sim build's list of commands it lacks
// (fullOnly in commands_sim.go, which says "not in the sim build" for
// them) is exactly the full build's extra commands.
func TestSimBuildNamesFullCommands(t *testing.T) {
	src, err := os.ReadFile("commands_sim.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var fullOnly = \[\]string\{([^}]*)\}`).FindSubmatch(src)
	if m == nil {
		t.Fatal("commands_sim.go has no fullOnly list")
	}
	var listed []string
	for _, q := range strings.Split(string(m[1]), ",") {
		listed = append(listed, strings.Trim(strings.TrimSpace(q), `"`))
	}
	var full []string
	for _, c := range buildCommands() {
		full = append(full, c.name)
	}
	if strings.Join(listed, " ") != strings.Join(full, " ") {
		t.Errorf("fullOnly %v, the full build's extra commands %v", listed, full)
	}
}
