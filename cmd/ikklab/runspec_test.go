package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunSpec(t *testing.T) {
	dir := t.TempDir()
	// Enough samples for the IKKε knock-out's −0.06 on proliferation to
	// clear the 0.03 margin: the quickstart's expectations must hold.
	code, out, errs := ikklab(t, "run", "../../examples/quickstart.yaml", "-samples", "3000", "-q", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"quickstart", "momelotinib", "expected:", "warnings:", "model sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	for _, f := range []string{"result.json", "readouts.csv", "timecourses.csv", "timecourse_Proliferation.svg"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	code, out, _ = ikklab(t, "run", "../../examples/quickstart.yaml", "-samples", "3000", "-q", "-format", "json", "-seed", "5")
	var res struct {
		Seed     int64 `json:"seed"`
		Samples  int   `json:"samples"`
		Complete bool  `json:"complete"`
		Arms     []struct {
			Name     string `json:"name"`
			Readouts map[string]struct {
				Value float64    `json:"value"`
				CI95  [2]float64 `json:"ci95"`
			} `json:"readouts"`
		} `json:"arms"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("exit %d, bad JSON: %v", code, err)
	}
	if res.Seed != 5 || res.Samples != 3000 || !res.Complete || len(res.Arms) != 3 || len(res.Warnings) == 0 {
		t.Errorf("result %+v", res)
	}
}

func TestRunSpecErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nname: x\ncontext: tnbc\nreadouts: [Proliferation]\narms:\n  - name: control\n  - name: d\n    drugs: {momelotinb: 1uM}\n"), 0o644)
	code, _, errs := ikklab(t, "run", bad)
	if code != 2 || !strings.Contains(errs, "bad.yaml:8: arms.[1].drugs.momelotinb: unknown drug") || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("exit %d: %q", code, errs)
	}
	typos := filepath.Join(dir, "typos.yaml")
	os.WriteFile(typos, []byte("version: 1\nname: x\ncontext: tnbcc\nreadouts: [Prolif]\narms:\n  - name: d\n    knockout: [TBK2]\n"), 0o644)
	code, _, errs = ikklab(t, "run", typos)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if code != 2 || len(lines) != 3 || !strings.HasPrefix(lines[2], "ikklab run: "+typos+":7: arms.[0].knockout.[0]: unknown node \"TBK2\"") {
		t.Errorf("three typos: exit %d, want one prefixed line each:\n%s", code, errs)
	}
	failing := filepath.Join(dir, "fail.yaml")
	os.WriteFile(failing, []byte("version: 1\nname: x\ncontext: tnbc\nsamples: 200\nreadouts: [Proliferation]\narms:\n  - name: control\n  - name: ko\n    knockout: [IKBKE]\nexpect:\n  - {readout: Proliferation, arm: ko, vs: [control], change: up}\n"), 0o644)
	code, out, errs := ikklab(t, "run", failing, "-q")
	if code != 1 || !strings.Contains(out, "  fail ") || !strings.Contains(out, "goes down, not up") || !strings.Contains(errs, "does not hold") {
		t.Errorf("failing expectation: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := ikklab(t, "run", filepath.Join(dir, "none.yaml")); code != 2 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing spec: exit %d %q", code, errs)
	}
}

// TestRunInterrupted: with a cancelled context (Ctrl-C) the command exits
// 130 and what it prints is marked incomplete.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"run", "../../examples/quickstart.yaml", "-format", "json", "-q"}, strings.NewReader(""), &out, &errb)
	if code != exitStopped || !strings.Contains(out.String(), `"complete": false`) {
		t.Errorf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}
