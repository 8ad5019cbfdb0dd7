package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClaimsCLI(t *testing.T) {
	code, out, errs := ikklab(t, "claims", "-only", "C31,C19", "-samples", "500", "-q", "-format", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	var rep struct {
		Claims []struct {
			ID        string                    `json:"id"`
			Verdict   string                    `json:"verdict"`
			Class     string                    `json:"class"`
			Mechanism string                    `json:"mechanism"`
			Measured  map[string]map[string]any `json:"measured"`
		} `json:"claims"`
		Passed        int `json:"passed"`
		Failed        int `json:"failed"`
		Uninformative int `json:"uninformative"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// C19's proliferation drop survives holding CCL5 and IL-6, the path the
	// review states: a wrong path, so the claim fails.
	if len(rep.Claims) != 2 || rep.Passed != 1 || rep.Failed != 1 || rep.Claims[0].ID != "C19" || rep.Claims[0].Verdict != "fail" ||
		rep.Claims[0].Mechanism != "wrong path" || rep.Claims[1].Verdict != "pass" || rep.Claims[1].Class == "" || len(rep.Claims[1].Measured) == 0 {
		t.Errorf("report %+v", rep)
	}
	// The gate: a file that expects C19 to pass reports the regression;
	// one written from the run itself does not.
	code, tsv, _ := ikklab(t, "claims", "-only", "C31,C19", "-samples", "500", "-q", "-format", "tsv")
	if code != 1 || !strings.Contains(tsv, "C19\t2\tfail\t") {
		t.Fatalf("tsv (exit %d):\n%s", code, tsv)
	}
	dir := t.TempDir()
	same, pass := filepath.Join(dir, "same.tsv"), filepath.Join(dir, "pass.tsv")
	os.WriteFile(same, []byte(tsv), 0o644)
	os.WriteFile(pass, []byte(strings.ReplaceAll(tsv, "\tfail\t", "\tpass\t")), 0o644)
	if code, _, errs := ikklab(t, "claims", "-only", "C31,C19", "-samples", "500", "-q", "-expect", same); code != 0 || !strings.Contains(errs, "0 regressions") {
		t.Errorf("gate on its own verdicts: exit %d: %s", code, errs)
	}
	if code, _, errs := ikklab(t, "claims", "-only", "C31,C19", "-samples", "500", "-q", "-expect", pass); code != 1 || !strings.Contains(errs, "regression: C19/2") {
		t.Errorf("gate expecting C19 to pass: exit %d: %s", code, errs)
	}
	os.WriteFile(pass, []byte("C01\tx\tpass\n"), 0o644)
	if code, _, errs := ikklab(t, "claims", "-expect", pass); code != 2 || !strings.Contains(errs, "pass.tsv:1: check") {
		t.Errorf("bad verdicts file: exit %d: %s", code, errs)
	}
	html := filepath.Join(t.TempDir(), "claims.html")
	if code, _, errs := ikklab(t, "claims", "-only", "C31", "-samples", "200", "-q", "-format", "html", "-o", html); code > 1 { // 1: a claim failed, the page is still written
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(html)
	if !strings.HasPrefix(string(data), "<!DOCTYPE html>") || strings.Contains(string(data), "<script src") || strings.Contains(string(data), "<link") {
		t.Error("HTML report is not a self-contained page")
	}
	if code, _, errs := ikklab(t, "claims", "-only", "C99"); code != 2 || !strings.Contains(errs, "unknown claim") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// TestRunAndClaimsAgree: a spec written from a claim record and the claim
// itself get the same verdict for each comparison from ikklab run and
// ikklab claims (one judge): C22 (a change, and a "same" with its positive
// control) and C18 (a combination at the claim's fixed doses with its sham
// control), at the claims' default 5,000 samples, where the sham pair's HSA
// excess is significant.
func TestRunAndClaimsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("runs claims and specs at full samples; run without -short")
	}
	specs := map[string]string{
		"C22": `version: 1
name: c22
context: t-cell
samples: 5000
seed: 3
readouts: [CYLD_p]
arms:
  - name: control
  - name: mrt67307
    drugs: {mrt67307: 2 uM}
  - name: bi605906
    drugs: {bi605906: 5 uM}
expect:
  - {readout: CYLD_p, change: down, arm: mrt67307, vs: [control]}
  - {readout: CYLD_p, change: same, arm: bi605906, vs: [control]}
`,
		"C18": `version: 1
name: c18
context: kras-p53-lung
samples: 5000
seed: 3
readouts: [Proliferation]
arms:
  - name: control
  - name: momelotinib
    drugs: {momelotinib: 1 uM}
  - name: selumetinib
    drugs: {selumetinib: 1 uM}
  - name: combo
    drugs: {momelotinib: 1 uM, selumetinib: 1 uM}
expect:
  - {readout: Proliferation, change: down, arm: combo, vs: [momelotinib, selumetinib], criterion: hsa}
  - {readout: Proliferation, change: down, arm: combo, vs: [control]}
`}
	dir := t.TempDir()
	for id, text := range specs {
		path := filepath.Join(dir, id+".yaml")
		os.WriteFile(path, []byte(text), 0o644)
		_, out, errs := ikklab(t, "run", path, "-q", "-format", "json")
		var res struct {
			Checks []struct {
				Verdict string `json:"verdict"`
				Sham    []any  `json:"sham"`
			} `json:"checks"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%s: %v\n%s", id, err, errs)
		}
		_, out, errs = ikklab(t, "claims", "-only", id, "-samples", "5000", "-q", "-format", "json")
		var rep struct {
			Claims []struct {
				Checks []struct {
					Verdict string `json:"verdict"`
				} `json:"checks"`
			} `json:"claims"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Claims) != 1 {
			t.Fatalf("%s: %v\n%s", id, err, errs)
		}
		claim := rep.Claims[0].Checks
		if len(claim) != len(res.Checks) {
			t.Fatalf("%s: %d checks in claims, %d in run", id, len(claim), len(res.Checks))
		}
		for i := range claim {
			if claim[i].Verdict != res.Checks[i].Verdict {
				t.Errorf("%s check %d: claims %s, run %s", id, i, claim[i].Verdict, res.Checks[i].Verdict)
			}
		}
		if id == "C18" && (len(res.Checks[0].Sham) != 2 || res.Checks[0].Verdict != "uninformative") {
			t.Errorf("C18 in run: %+v (want the sham pair to pass hsa too: uninformative)", res.Checks[0])
		}
	}
}
