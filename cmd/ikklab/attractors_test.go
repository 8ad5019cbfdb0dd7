package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cellcycleBnet is BoolNet's data(cellcycle) (Fauré et al. 2006), as in
// shared/external/boolnet/cellcycle.bnet.
const cellcycleBnet = `targets, factors
CycD, CycD
Rb, (! CycA & ! CycB & ! CycD & ! CycE) | (p27 & ! CycB & ! CycD)
E2F, (! Rb & ! CycA & ! CycB) | (p27 & ! Rb & ! CycB)
CycE, (E2F & ! Rb)
CycA, (E2F & ! Rb & ! Cdc20 & ! (Cdh1 & UbcH10)) | (CycA & ! Rb & ! Cdc20 & ! (Cdh1 & UbcH10))
p27, (! CycD & ! CycE & ! CycA & ! CycB) | (p27 & ! (CycE & CycA) & ! CycB &! CycD)
Cdc20, CycB
Cdh1, (! CycA & ! CycB) | (Cdc20) | (p27 & ! CycB)
UbcH10, ! Cdh1 | (Cdh1 & UbcH10 & (Cdc20 | CycA | CycB))
CycB, ! Cdc20 & ! Cdh1
`

type attractorsDoc struct {
	Update     string `json:"update"`
	Attractors []struct {
		Kind   string           `json:"kind"`
		States []map[string]int `json:"states"`
		Basin  *int64           `json:"basin_size"`
	} `json:"attractors"`
}

func cellcycleFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "cellcycle.bnet")
	if err := os.WriteFile(p, []byte(cellcycleBnet), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func decodeAttractors(t *testing.T, out string) attractorsDoc {
	t.Helper()
	var d attractorsDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("output is not the attractors JSON: %v\n%s", err, out)
	}
	return d
}

func TestAttractorsSyncJSON(t *testing.T) {
	// BoolNet 2.1.7 (shared/external/boolnet/cellcycle.attractors.json,
	// wt.sync.exhaustive): the fixed point 0100010100 and the 7-cycle from
	// 1001100000, basins 512 and 512.
	code, out, errs := ikklab(t, "attractors", cellcycleFile(t), "-format", "json", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	d := decodeAttractors(t, out)
	if d.Update != "sync" || len(d.Attractors) != 2 {
		t.Fatalf("got %+v", d)
	}
	kinds := map[string]int{}
	for _, a := range d.Attractors {
		kinds[a.Kind] = len(a.States)
		if a.Basin == nil || *a.Basin != 512 {
			t.Errorf("%s: basin %v, want 512", a.Kind, a.Basin)
		}
	}
	if kinds["cycle"] != 7 || kinds["fixed_point"] != 1 {
		t.Errorf("got kinds %v, want a 7-cycle and a fixed point", kinds)
	}
	cyc := d.Attractors[0].States[0]
	if cyc["CycD"] != 1 || cyc["CycE"] != 1 || cyc["CycA"] != 1 || cyc["Rb"] != 0 || cyc["CycB"] != 0 {
		t.Errorf("cycle starts at %v, want BoolNet's canonical state 1001100000", cyc)
	}
	// States are keyed in network order.
	if i, j := strings.Index(out, `"CycD"`), strings.Index(out, `"Rb"`); i < 0 || j < i {
		t.Error("state keys are not in network order")
	}
}

func TestAttractorsAsyncJSON(t *testing.T) {
	// BoolNet (cellcycle ko_Rb.async, exact check): complex attractors of
	// 112 and 224 states.
	code, out, errs := ikklab(t, "attractors", "-update", "async", "-fix", "rb=0", "-format", "json", cellcycleFile(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	d := decodeAttractors(t, out)
	if d.Update != "async" || len(d.Attractors) != 2 {
		t.Fatalf("got update %s, %d attractors", d.Update, len(d.Attractors))
	}
	sizes := map[int]bool{}
	for _, a := range d.Attractors {
		if a.Kind != "complex" || a.Basin != nil {
			t.Errorf("got kind %s basin %v, want complex without basin_size", a.Kind, a.Basin)
		}
		sizes[len(a.States)] = true
		for _, s := range a.States {
			if s["Rb"] != 0 {
				t.Fatal("Rb is not held at 0")
			}
		}
	}
	if !sizes[112] || !sizes[224] {
		t.Errorf("sizes %v, want 112 and 224", sizes)
	}
	if strings.Contains(out, "basin_size") {
		t.Error("basin_size printed for async")
	}
}

func TestAttractorsFallsBackToFixedPoints(t *testing.T) {
	// ATG5 is held off: with autophagy, TBK1 and its autophagy receptors
	// form a negative feedback loop and TNF leaves no fixed point.
	code, out, errs := ikklab(t, "attractors", "ikklab", "-fix", "TNF=1,ATG5=0", "-format", "json")
	if code != exitOutput {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "listing fixed points only") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q, want one line saying fixed points only", errs)
	}
	d := decodeAttractors(t, out)
	if len(d.Attractors) == 0 {
		t.Fatal("no fixed points")
	}
	for _, a := range d.Attractors {
		if a.Kind != "fixed_point" || a.Basin != nil || a.States[0]["TNF"] != 1 {
			t.Fatalf("got %s basin %v TNF=%d", a.Kind, a.Basin, a.States[0]["TNF"])
		}
	}
}

func TestAttractorsCLI(t *testing.T) {
	cc := cellcycleFile(t)
	tests := []struct {
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{args: []string{"attractors", cc}, code: 0, stdout: []string{"2 attractors (sync update, 10 nodes, 2^10 states", "#1 cycle of 7 states  basin 512 (50%)", "t0   on: CycD CycE CycA", "#2 fixed_point  basin 512", "on: Rb p27 Cdh1"}},
		{args: []string{"attractors", cc, "-fix", "CycD=0"}, code: 0, stdout: []string{"1 attractors", "fixed: CycD=0", "#1 fixed_point  basin 512"}},
		{args: []string{"attractors", cc, "-update", "async", "-workers", "1"}, code: 0, stdout: []string{"complex of 112 states", "varying:"}},
		{args: []string{"attractors", "ikklab"}, code: 3, stdout: []string{fmt.Sprintf("fixed points (%d nodes", nodeCount(t))}, stderr: []string{"listing fixed points only", "-fixed-points"}},
		{args: []string{"attractors", "ikklab", "-fixed-points"}, code: 0, stdout: []string{fmt.Sprintf("fixed points (%d nodes", nodeCount(t))}},
		{args: []string{"attractors", cc, "-max-states", "1000"}, code: 3, stdout: []string{"fixed points (10 nodes"}, stderr: []string{"sync attractors: needs 2^10 states (4.0 KiB), above the states budget of 1000 states", "raise -max-states"}},
		{args: []string{"attractors", cc, "-update", "async", "-max-memory", "10KiB"}, code: 3, stderr: []string{"needs 2^10 states (24 KiB), above the memory budget of 10 KiB", "raise -max-memory"}},
		{args: []string{"attractors", cc, "-max-memory", "lots"}, code: 2, stderr: []string{`-max-memory: "lots": want a size`}},
		{args: []string{"attractors", cc, "-max-results", "0"}, code: 2, stderr: []string{"-max-results 0 outside"}},
		{args: []string{"attractors", cc, "-max-time", "-1s"}, code: 2, stderr: []string{"-max-time -1s"}},
		{args: []string{"attractors", cc, "-trapspaces", "-fixed-points"}, code: 2, stderr: []string{"give one"}},
		{args: []string{"attractors", "ikklab", "-trapspaces", "-max-results", "5"}, code: 3, stdout: []string{"PARTIAL", "5 trap spaces found so far"}, stderr: []string{"trap spaces: stopped at the results budget of 5", "raise -max-results"}},
		{args: []string{"attractors", cc, "-fix", "Rb"}, code: 2, stderr: []string{`-fix: bad item "Rb": want NODE=0 or NODE=1`}},
		{args: []string{"attractors", cc, "-fix", "Rb=on"}, code: 2, stderr: []string{`bad item "Rb=on"`}},
		{args: []string{"attractors", cc, "-fix", "Rbb=0"}, code: 2, stderr: []string{`unknown node "Rbb"`, "did you mean Rb?"}},
		{args: []string{"attractors", cc, "-fix", "Rb=0,Rb=1"}, code: 2, stderr: []string{"Rb given both 0 and 1"}},
		{args: []string{"attractors", cc, "-update", "asynch"}, code: 2, stderr: []string{`unknown -update "asynch"`, "did you mean async?"}},
		{args: []string{"attractors", cc, "-format", "csv"}, code: 2, stderr: []string{`unknown -format "csv"`}},
		{args: []string{"attractors", cc, "-workers", "-1"}, code: 2, stderr: []string{"-workers -1"}},
		{args: []string{"attractors"}, code: 2, stderr: []string{"want one MODEL argument"}},
		{args: []string{"attractors", "nosuchfile.bnet"}, code: 2, stderr: []string{"nosuchfile.bnet"}},
		{args: []string{"attractors", "-h"}, code: 0, stdout: []string{"Usage: ikklab attractors", "-update", "-fix", "Examples:"}},
		{args: []string{"help"}, code: 0, stdout: []string{"attractors"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := ikklab(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
			if tt.code == 2 && strings.Count(errs, "\n") != 1 {
				t.Errorf("want a one-line error, got %q", errs)
			}
		})
	}
}

func TestTrapSpacesCLI(t *testing.T) {
	code, out, errs := ikklab(t, "attractors", "ikklab", "-fix", "TNF=1,IL1B=0,IL6_ext=0,IFNG=0,LPS=0,ViralRNA=0,CytosolicDNA=0,EGF=0,Chemotherapy=0,Radiation=0,Starvation=0,MitoDamage=0,Tax=0", "-trapspaces", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v struct {
		TrapSpaces []struct {
			Fixed map[string]int `json:"fixed"`
			Free  []string       `json:"free"`
		} `json:"trap_spaces"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.TrapSpaces) == 0 {
		t.Fatalf("bad JSON or no trap space: %v\n%s", err, out)
	}
	for _, ts := range v.TrapSpaces {
		if ts.Fixed["TNF"] != 1 || len(ts.Fixed)+len(ts.Free) != nodeCount(t) {
			t.Errorf("trap space %v does not hold TNF=1 over %d nodes", ts, nodeCount(t))
		}
	}
}
