package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/internal/external"
)

// An SBML core model simulates as ODEs: the JSON contract, CSV, the table,
// and -o's files.
func TestSimulateSBML(t *testing.T) {
	model := filepath.Join(external.Dir(t, "biomodels"), "BIOMD0000000140.xml")
	code, out, errs := ikklab(t, "simulate", model, "-time", "2100", "-points", "21", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Engine    string    `json:"engine"`
		Method    string    `json:"method"`
		Time      []float64 `json:"time"`
		Variables []struct{ ID, Kind string }
		Values    map[string][]float64 `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Engine != "ode" || r.Method != "rodas5p" || len(r.Time) != 22 || r.Time[21] != 2100 || len(r.Values["NFkB_nuc"]) != 22 {
		t.Fatalf("unexpected JSON: engine %q method %q, %d times", r.Engine, r.Method, len(r.Time))
	}
	// IKK is raised at t = 2000 (the model's event): nuclear NF-κB rises.
	if nf := r.Values["NFkB_nuc"]; !(nf[21] > 10*nf[20]) {
		t.Errorf("nuclear NF-κB %g at 2000, %g at 2100: no response to the stimulus", nf[20], nf[21])
	}
	code, out, _ = ikklab(t, "simulate", model, "-time", "10", "-points", "2", "-format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "time,IkBalpha,NFkB,") {
		t.Errorf("csv: exit %d, %d lines, header %q", code, len(lines), lines[0])
	}
	dir := t.TempDir()
	code, out, _ = ikklab(t, "simulate", model, "-time", "10", "-o", dir)
	if code != 0 || !strings.Contains(out, "NFkB_nuc") || !strings.Contains(out, "24 species, 45 reactions, 1 events") {
		t.Errorf("table: exit %d: %s", code, out)
	}
	for _, f := range []string{"timecourse.csv", "result.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("-o: %v", err)
		}
	}
	// Flags of the other engine are refused, both ways.
	for _, args := range [][]string{
		{"simulate", model, "-samples", "10"},
		{"simulate", model, "-points", "0"},
		{"simulate", model, "-method", "euler"},
		{"simulate", "ikklab", "-points", "10"},
	} {
		if code, _, errs := ikklab(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want a one-line usage error", args, code, errs)
		}
	}
}

// convert writes an SBML core model as SBML Level 3 Version 2 that reads
// and simulates the same.
func TestConvertSBML(t *testing.T) {
	model := filepath.Join(external.Dir(t, "biomodels"), "BIOMD0000000139.xml")
	out := filepath.Join(t.TempDir(), "written.xml")
	if code, _, errs := ikklab(t, "convert", model, out); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), `level="3" version="2"`) {
		t.Error("not written as L3v2")
	}
	_, a, _ := ikklab(t, "simulate", model, "-time", "2500", "-points", "5", "-format", "csv")
	_, w, _ := ikklab(t, "simulate", out, "-time", "2500", "-points", "5", "-format", "csv")
	if a != w || a == "" {
		t.Errorf("the written model simulates differently:\n%s\n%s", a, w)
	}
	if code, _, errs := ikklab(t, "convert", model, filepath.Join(t.TempDir(), "x.bnet")); code != 2 || !strings.Contains(errs, "converts to SBML") {
		t.Errorf("kinetic to .bnet: exit %d, %q", code, errs)
	}
}

// The built-in kinetic models simulate and convert by name, and -set
// changes a parameter (with a suggestion for a wrong one).
func TestKineticBuiltins(t *testing.T) {
	code, out, errs := ikklab(t, "simulate", "hoffmann2002-ikke-tbk1", "-time", "10", "-points", "2", "-set", "IKKe_activity=1", "-format", "json")
	if code != 0 || !strings.Contains(out, `"ikk_boost"`) {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct{ Values map[string][]float64 }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if b := r.Values["ikk_boost"]; len(b) != 3 || b[0] != 1.25 {
		t.Errorf("ikk_boost %v, want 1.25 with IKKe_activity = 1", b)
	}
	code, _, errs = ikklab(t, "simulate", "hoffmann2002", "-set", "IKKe=1")
	if code != 2 || !strings.Contains(errs, `"IKKe" is not a parameter of the model`) {
		t.Errorf("-set IKKe: exit %d, %q", code, errs)
	}
	path := filepath.Join(t.TempDir(), "ext.xml")
	if code, _, errs := ikklab(t, "convert", "hoffmann2002-ikke-tbk1", path); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "identifiers.org/uniprot/Q14164") {
		t.Error("the exported model has no IKKε annotation")
	}
}
