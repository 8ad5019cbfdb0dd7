package suite_test

import (
	"context"
	"testing"

	"github.com/ikklab/ikklab/format/sbml/suite"
	"github.com/ikklab/ikklab/internal/external"
)

// Every semantic case of the SBML Test Suite (sbmlteam, 1,823 cases):
// each passes or is refused as unsupported with its feature; none may
// give a wrong answer. The counts are floors: all 1,030 core-ODE cases and
// at least 1,450 of all (1,463 pass today).
func TestSBMLTestSuite(t *testing.T) {
	dir := external.Dir(t, "sbml-test-suite")
	cases, err := suite.Cases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1823 {
		t.Fatalf("%d cases, want 1,823", len(cases))
	}
	results, err := suite.RunAll(context.Background(), cases, nil)
	if err != nil {
		t.Fatal(err)
	}
	core := map[string]bool{}
	for _, c := range cases {
		core[c.ID] = c.Core
	}
	for _, r := range results {
		if r.Verdict == suite.Fail {
			t.Errorf("case %s fails: %s", r.ID, r.Reason)
		}
		if r.Verdict == suite.Unsupported && core[r.ID] {
			t.Errorf("core-ODE case %s unsupported: %s", r.ID, r.Reason)
		}
	}
	s := suite.Summarize(results, core)
	t.Logf("all %+v, core %+v", s.All, s.Core)
	if s.Core.Pass != 1030 {
		t.Errorf("%d of the 1,030 core-ODE cases pass", s.Core.Pass)
	}
	if s.All.Pass < 1450 {
		t.Errorf("%d of 1,823 cases pass, want ≥ 1,450", s.All.Pass)
	}
}

// A case's simulated results come out in the suite's own format: the
// header of NNNNN-results.csv and a row per output time.
func TestWriteCSV(t *testing.T) {
	dir := external.Dir(t, "sbml-test-suite")
	cases, err := suite.Cases(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := suite.Run(context.Background(), cases[0])
	path := t.TempDir() + "/00001.csv"
	if err := suite.WriteCSV(path, r); err != nil {
		t.Fatal(err)
	}
	header, rows, err := suite.ReadResults(path)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader, wantRows, _ := suite.ReadResults(cases[0].Dir + "/00001-results.csv")
	if len(header) != len(wantHeader) || len(rows) != len(wantRows) {
		t.Fatalf("written %v × %d rows, suite has %v × %d", header, len(rows), wantHeader, len(wantRows))
	}
	for i := range header {
		if header[i] != wantHeader[i] {
			t.Errorf("column %d: %q, suite %q", i, header[i], wantHeader[i])
		}
	}
}

// Every case that passes still passes after a round trip through the
// writer (SBML Level 3 Version 2): the written model means the same.
func TestRoundTrip(t *testing.T) {
	dir := external.Dir(t, "sbml-test-suite")
	cases, err := suite.Cases(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	n := 0
	for _, c := range cases {
		if r := suite.Run(context.Background(), c); r.Verdict != suite.Pass {
			continue
		}
		if r := suite.RoundTrip(context.Background(), c, tmp); r.Verdict != suite.Pass {
			t.Errorf("%s after writing: %v %s", c.ID, r.Verdict, r.Reason)
		}
		n++
	}
	t.Logf("%d cases round-tripped", n)
}
