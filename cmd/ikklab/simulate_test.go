package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/internal/external"
)

func TestSimulateContract(t *testing.T) {
	dir := external.Dir(t, "maboss")
	bnd := filepath.Join(dir, "CellFateModel/CellFateModel.bnd")
	cfg := filepath.Join(dir, "CellFateModel/CellFateModel_1.cfg")
	code, out, errs := ikklab(t, "simulate", bnd, "-cfg", cfg, "-e", "$XIAP_del = FALSE;", "-samples", "20000", "-format", "json", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s struct {
		Samples     int                `json:"samples"`
		Time        float64            `json:"time"`
		Seed        int64              `json:"seed"`
		FinalStates map[string]float64 `json:"final_states"`
		FinalNodes  map[string]float64 `json:"final_nodes"`
		FixedPoints []struct {
			State       map[string]int `json:"state"`
			Probability float64        `json:"probability"`
		} `json:"fixed_points"`
		Series struct {
			T      []float64            `json:"t"`
			States map[string][]float64 `json:"states"`
		} `json:"series"`
		Complete bool `json:"complete"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	// MaBoSS 2.6.6, RESULTS.md table 1, wild type: 0.0433 / 0.8998 / 0.0568.
	if s.Samples != 20000 || s.Time != 100 || s.Seed != 300 || !s.Complete ||
		math.Abs(s.FinalStates["Apoptosis"]-0.8998) > 0.01 || math.Abs(s.FinalStates["Survival"]-0.0433) > 0.01 ||
		len(s.FixedPoints) != 3 || len(s.Series.T) != 1000 || s.FinalNodes["CASP3"] < 0.85 {
		t.Errorf("unexpected result: %+v", s.FinalStates)
	}
	// Same seed, other worker count: byte-identical JSON.
	_, out2, _ := ikklab(t, "simulate", bnd, "-cfg", cfg, "-e", "$XIAP_del = FALSE;", "-samples", "20000", "-format", "json", "-q", "-workers", "1")
	_, out3, _ := ikklab(t, "simulate", "-workers", "2", bnd, "-samples", "20000", "-cfg", cfg, "-e", "$XIAP_del = FALSE;", "-format", "json", "-q")
	if out2 != out3 {
		t.Error("JSON differs between -workers 1 and -workers 2")
	}
}

func TestSimulateBuiltin(t *testing.T) {
	code, out, errs := ikklab(t, "simulate", "ikklab", "-context", "her2-breast", "-knockout", "TBK1", "-drugs", "lapatinib=30nM", "-samples", "500", "-time", "20", "-q")
	if code != 0 || !strings.Contains(out, "OUTPUT STATE") || !strings.Contains(out, "Proliferation") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	dir := t.TempDir()
	code, _, errs = ikklab(t, "simulate", "ikklab", "-overexpress", "TNF", "-samples", "200", "-time", "10", "-o", dir, "-q")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, f := range []string{"result.json", "probtraj.csv", "fixed_points.csv", "final_nodes.csv"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

func TestSimulateErrors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"simulate"}, "give one MODEL"},
		{[]string{"simulate", "nope.txt"}, "unknown model format"},
		{[]string{"simulate", "missing.bnd"}, "no such file"},
		{[]string{"simulate", "ikklab", "-knockout", "IKKX"}, `-knockout: unknown node "IKKX"; did you mean`},
		{[]string{"simulate", "ikklab", "-context", "tnbcc"}, `unknown context "tnbcc"; did you mean tnbc`},
		{[]string{"simulate", "ikklab", "-samples", "-5"}, "-samples -5 outside"},
		{[]string{"simulate", "ikklab", "-time", "0"}, "-time 0 must be positive"},
		{[]string{"simulate", "ikklab", "-tick", "1e-9"}, "time_tick 1e-09 over max_time"},
		{[]string{"simulate", "ikklab", "-e", "FOO.istate = 1;"}, `unknown node "FOO"`},
		{[]string{"simulate", "ikklab", "-e", "max_time = ;"}, "-e #1:1"},
		{[]string{"simulate", "ikklab", "-format", "xml"}, "unknown -format"},
		{[]string{"simulate", "ikklab", "-drugs", "momelotinb=1uM"}, `unknown drug "momelotinb"; did you mean momelotinib?`},
		{[]string{"simulate", "ikklab", "-drugs", "momelotinib=1"}, "missing unit"},
		{[]string{"simulate", "ikklab", "-drugs", "momelotinib"}, "want DRUG=DOSE"},
	}
	for _, tt := range tests {
		code, _, errs := ikklab(t, tt.args...)
		if code != 2 || !strings.Contains(errs, tt.msg) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("ikklab %v: exit %d, stderr %q; want 2 and %q on one line", tt.args, code, errs, tt.msg)
		}
	}
}

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	for _, out := range []string{"net.bnd", "net.bnet", "net.sbml"} {
		code, _, errs := ikklab(t, "convert", "ikklab", filepath.Join(dir, out))
		if code != 0 {
			t.Fatalf("convert ikklab %s: %s", out, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "net.cfg")); err != nil {
		t.Error("convert to .bnd wrote no .cfg")
	}
	// Each written file converts on and simulates.
	// The .bnd keeps the graded nodes' rates, which .bnet cannot hold.
	if code, _, errs := ikklab(t, "convert", filepath.Join(dir, "net.bnd"), filepath.Join(dir, "again.bnet")); code != exitUsage || !strings.Contains(errs, "-boolean") {
		t.Errorf("convert net.bnd again.bnet: exit %d, %q; want a failure suggesting -boolean", code, errs)
	}
	for _, in := range []string{"net.bnd", "net.bnet", "net.sbml"} {
		code, _, errs := ikklab(t, "convert", "-boolean", filepath.Join(dir, in), filepath.Join(dir, "again.bnet"))
		if code != 0 {
			t.Errorf("convert %s: %s", in, errs)
		}
		code, _, errs = ikklab(t, "simulate", filepath.Join(dir, in), "-samples", "50", "-time", "5", "-q")
		if code != 0 {
			t.Errorf("simulate %s: %s", in, errs)
		}
	}
	if code, _, errs := ikklab(t, "convert", "ikklab", filepath.Join(dir, "x.txt")); code != 2 || !strings.Contains(errs, "unknown model format") {
		t.Errorf("bad OUT: %d %s", code, errs)
	}
	// OUT must not replace what IN is read from: the model itself, or the
	// .cfg a .bnd is read with (written beside a .bnd OUT of another name
	// in another format's place).
	for _, args := range [][]string{
		{"convert", filepath.Join(dir, "net.bnet"), filepath.Join(dir, "net.bnet")},
		{"convert", "-boolean", filepath.Join(dir, "net.bnd"), filepath.Join(dir, "net.bnd")},
		{"convert", "-cfg", filepath.Join(dir, "net.cfg"), filepath.Join(dir, "net.bnet"), filepath.Join(dir, "net.bnd")},
	} {
		before, _ := os.ReadFile(filepath.Join(dir, "net.cfg"))
		code, _, errs := ikklab(t, args...)
		if code != exitUsage || !strings.Contains(errs, "give another OUT") {
			t.Errorf("ikklab %v: exit %d, %q; want 2, refusing to overwrite the input", args, code, errs)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, "net.cfg")); string(after) != string(before) {
			t.Errorf("ikklab %v changed net.cfg", args)
		}
	}
}

// TestConvertMaBoSSExamples: the README's "ikklab convert cell_fate.bnd
// cell_fate.bnet" works on MaBoSS's own cell_fate_sbml example, whose cfg is
// split in two beside the .bnd (cell_fate.cfg, cell_fate.bnd.cfg) and whose
// rates are "@logic ? $u_X : 0" with $u_X = 1: logic rates (issue 11, item
// 14). The cellfate example has graded rates: refused with exit 2 and a
// hint, converted with -boolean.
func TestConvertMaBoSSExamples(t *testing.T) {
	ext := external.Dir(t, "maboss")
	dir := t.TempDir()
	out := filepath.Join(dir, "cell_fate.bnet")
	if code, _, errs := ikklab(t, "convert", filepath.Join(ext, "cell_fate_sbml/cell_fate.bnd"), out); code != 0 {
		t.Fatalf("convert cell_fate.bnd: exit %d: %s", code, errs)
	}
	if code, _, errs := ikklab(t, "attractors", out, "-fixed-points", "-q"); code != 0 {
		t.Errorf("attractors of the converted file: exit %d: %s", code, errs)
	}
	cf := filepath.Join(ext, "cellfate/cellfate.bnd")
	if code, _, errs := ikklab(t, "convert", cf, filepath.Join(dir, "cellfate.bnet")); code != exitUsage || !strings.Contains(errs, "10 nodes have rates that .bnet cannot hold") {
		t.Errorf("convert cellfate.bnd: exit %d, %q", code, errs)
	}
	if code, _, errs := ikklab(t, "convert", "-boolean", cf, filepath.Join(dir, "cellfate.bnet")); code != 0 {
		t.Errorf("convert -boolean cellfate.bnd: exit %d, %q", code, errs)
	}
}

// TestBadCfgValues: negative, infinite and NaN rates, huge seeds and
// pathological expressions are input errors (exit 2) that name the file,
// the line and the field, and never quote more than 200 bytes of input
// (issue 11, item 10).
func TestBadCfgValues(t *testing.T) {
	ext := external.Dir(t, "maboss")
	dir := t.TempDir()
	bnd := filepath.Join(dir, "cf.bnd")
	for _, f := range []string{"cell_fate.bnd", "cell_fate.bnd.cfg"} {
		data, err := os.ReadFile(filepath.Join(ext, "cell_fate_sbml", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, strings.Replace(f, "cell_fate", "cf", 1)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	neg := filepath.Join(dir, "neg.cfg")
	os.WriteFile(neg, []byte("// a negative speed\n$u_CASP3 = -1;\n"), 0o644)
	deep := filepath.Join(dir, "deep.cfg")
	os.WriteFile(deep, []byte("$x = "+strings.Repeat("(", 100000)+"1;\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-cfg", filepath.Join(dir, "cf.bnd.cfg"), "-cfg", neg}, "rate_up is -1 in state CASP3=0, XIAP=0, apoptosome=1; a rate must be finite and ≥ 0 (it reads $u_CASP3 = -1 set at " + neg + ":2"},
		{[]string{"-e", "$u_CASP3 = 0/0;"}, `-e #1:1: $u_CASP3 = "0/0" is NaN: a parameter must be finite`},
		{[]string{"-e", "$d_CASP3 = 1/0;"}, `$d_CASP3 = "1/0" is +Inf`},
		{[]string{"-e", "seed_pseudorandom = 1e30;"}, "-e #1:1: seed_pseudorandom must be an integer of at most 2^53, not 1e+30"},
		{[]string{"-e", "time_tick = 1e-9;"}, "time_tick 1e-09 over max_time"},
		{[]string{"-cfg", deep}, deep + ":1: $x: column 101: expression nested deeper than 200"},
	} {
		code, _, errs := ikklab(t, append([]string{"simulate", bnd, "-samples", "10", "-q"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 || len(errs) > 600 {
			t.Errorf("%v: exit %d, stderr (%d bytes) %.400q; want exit 2 and %q on one line", tc.args, code, len(errs), errs, tc.want)
		}
	}
}

// TestSimulateInterrupted runs with a cancelled context (as after Ctrl-C):
// the command exits 130 and marks what it wrote as incomplete.
func TestSimulateInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"simulate", "ikklab", "-samples", "100000", "-format", "json", "-q"}, strings.NewReader(""), &out, &errb)
	if code != exitStopped || !strings.Contains(out.String(), `"complete": false`) || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestSimulateConflictingFlags: a node fixed twice, a drug given twice and
// an impossible dose are usage errors (issue 11, item 11).
func TestSimulateConflictingFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-knockout", "TBK1", "-overexpress", "TBK1"}, "TBK1 is already fixed by -knockout"},
		{[]string{"-knockout", "TBK1,TBK1"}, "TBK1 is already fixed by -knockout"},
		{[]string{"-drugs", "momelotinib=1uM,CYT387=2uM"}, "momelotinib given twice"},
		{[]string{"-drugs", "momelotinib=1e300M"}, "not a possible experiment (above 1 M)"},
		{[]string{"-drugs", "momelotinib=100IU/mL"}, "momelotinib is dosed in molar units"},
	} {
		code, _, errs := ikklab(t, append([]string{"simulate", "ikklab", "-q", "-samples", "10"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// TestPartialDirKept: an interrupted simulate -o writes DIR.partial and
// leaves a complete DIR untouched (issue 11, item 6).
func TestPartialDirKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := ikklab(t, "simulate", "ikklab", "-samples", "200", "-q", "-o", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"simulate", "ikklab", "-samples", "100000", "-q", "-o", dir}, strings.NewReader(""), &out, &errb)
	after, _ := os.ReadFile(filepath.Join(dir, "result.json"))
	if code != exitStopped || !bytes.Equal(before, after) {
		t.Fatalf("exit %d (%s); result.json changed: %v", code, errb.String(), !bytes.Equal(before, after))
	}
	if _, err := os.Stat(filepath.Join(dir+".partial", "result.json")); err != nil {
		t.Errorf("no partial result: %v", err)
	}
}

// TestNoEmptyOutputDir: a run that is interrupted before its first result,
// or that stops on bad input after -o was checked, leaves no empty -o
// directory behind (only DIR.partial when there is something in it).
func TestNoEmptyOutputDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "new", "out")
	if code, _, _ := ikklab(t, "simulate", "ikklab", "-context", "nosuch", "-q", "-o", dir); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	if _, err := os.Stat(filepath.Join(root, "new")); !os.IsNotExist(err) {
		t.Errorf("bad input left %s/new behind (%v)", root, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"simulate", "ikklab", "-samples", "100000", "-q", "-o", dir}, strings.NewReader(""), &out, &errb); code != exitStopped {
		t.Fatalf("exit %d (%s), want %d", code, errb.String(), exitStopped)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("an interrupted run left an empty %s (%v)", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir+".partial", "result.json")); err != nil {
		t.Errorf("no partial result: %v", err)
	}
}

// TestSimulateTopStates: the table lists the 20 most probable output states
// and sums the rest; -all lists every one (issue 11, item 17).
func TestSimulateTopStates(t *testing.T) {
	args := []string{"simulate", "ikklab", "-context", "tnbc", "-samples", "500", "-q"}
	count := func(out string) int {
		head, _, _ := strings.Cut(out, "\n\nOUTPUT NODE")
		return strings.Count(head, "\n") - 2 // minus the summary and the header
	}
	code, out, errs := ikklab(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := count(out); n != tableStates+1 || !strings.Contains(out, "more states; -all lists them)") {
		t.Fatalf("%d rows, want %d and a '(N more states' row:\n%s", n, tableStates+1, out)
	}
	_, outAll, _ := ikklab(t, append(args, "-all")...)
	if n := count(outAll); n <= tableStates+1 || strings.Contains(outAll, "more states") {
		t.Errorf("-all: %d rows", n)
	}
}

// TestMassDose: trastuzumab, whose potency is molar and whose knowledge-base
// entry gives its molecular weight (145,531.5 g/mol), dosed at 10 ug/mL is
// the same experiment as 68.71 nM; a drug without a molecular weight refuses
// a mass dose and says why (issue 11, item 21).
func TestMassDose(t *testing.T) {
	args := []string{"simulate", "ikklab", "-context", "her2-breast", "-samples", "300", "-format", "json", "-q", "-drugs"}
	code, mass, errs := ikklab(t, append(args, "trastuzumab=10ug/mL")...)
	if code != 0 {
		t.Fatalf("10 ug/mL: exit %d: %s", code, errs)
	}
	_, molar, _ := ikklab(t, append(args, fmt.Sprintf("trastuzumab=%gM", 10e-3/145531.5))...)
	if mass != molar {
		t.Error("10 ug/mL and the same molar dose give different results")
	}
	_, other, _ := ikklab(t, append(args, "trastuzumab=0.1nM")...)
	if other == mass {
		t.Error("the dose does not matter: the test cannot tell")
	}
	code, _, errs = ikklab(t, "simulate", "ikklab", "-samples", "10", "-q", "-drugs", "momelotinib=1ug/mL")
	if code != exitUsage || !strings.Contains(errs, "need a molecular_weight") {
		t.Errorf("momelotinib=1ug/mL: exit %d, %q", code, errs)
	}
}

// TestSimulateFinal: -final reports the states at max_time (the table says
// so), -format csv writes the final-states table, -o writes
// final_states.csv instead of probtraj.csv, and JSON marks final_only with
// one time point, max_time.
func TestSimulateFinal(t *testing.T) {
	dir := external.Dir(t, "maboss")
	bnd := filepath.Join(dir, "CellFateModel/CellFateModel.bnd")
	cfg := filepath.Join(dir, "CellFateModel/CellFateModel_1.cfg")
	base := []string{"simulate", bnd, "-cfg", cfg, "-e", "$XIAP_del = FALSE;", "-samples", "2000", "-q", "-final"}
	code, out, errs := ikklab(t, base...)
	if code != 0 || !strings.Contains(out, "OUTPUT STATE (at time 100)") || !strings.Contains(out, "final states only") {
		t.Fatalf("table: exit %d: %s%s", code, out, errs)
	}
	code, out, _ = ikklab(t, append(base, "-format", "csv")...)
	if code != 0 || !strings.HasPrefix(out, "State\tProba\tErrorProba\nApoptosis\t") {
		t.Fatalf("csv: exit %d: %.200s", code, out)
	}
	od := filepath.Join(t.TempDir(), "out")
	if code, _, errs = ikklab(t, append(base, "-o", od)...); code != 0 {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(od, "final_states.csv")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(od, "probtraj.csv")); err == nil {
		t.Error("-final -o wrote probtraj.csv")
	}
	code, out, _ = ikklab(t, append(base, "-format", "json")...)
	var s struct {
		FinalOnly bool `json:"final_only"`
		Series    struct {
			T []float64 `json:"t"`
		} `json:"series"`
		FinalStates map[string]float64 `json:"final_states"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil || code != 0 || !s.FinalOnly || len(s.Series.T) != 1 || s.Series.T[0] != 100 || s.FinalStates["Apoptosis"] < 0.8 {
		t.Errorf("json: exit %d, %v, %+v", code, err, s)
	}
}
