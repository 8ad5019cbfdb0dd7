package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClaimsCLI(t *testing.T) {
	code, out, errs := ikklab(t, "claims", "-only", "C19,C22", "-samples", "300", "-q", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	var rep struct {
		Claims []struct {
			ID       string                    `json:"id"`
			Verdict  string                    `json:"verdict"`
			Measured map[string]map[string]any `json:"measured"`
		} `json:"claims"`
		Passed int `json:"passed"`
		Failed int `json:"failed"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Claims) != 2 || rep.Passed != 2 || rep.Failed != 0 || rep.Claims[0].Verdict != "pass" || len(rep.Claims[0].Measured) == 0 {
		t.Errorf("report %+v", rep)
	}
	html := filepath.Join(t.TempDir(), "claims.html")
	if code, _, errs := ikklab(t, "claims", "-only", "C19", "-samples", "200", "-q", "-format", "html", "-o", html); code != 0 {
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
