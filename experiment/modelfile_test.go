package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/internal/external"
)

// TestSpecOnModelFile runs an experiment on a model file (issue 11, item
// 19): the Calzone 2010 cell-fate model from PyBoolNet's repository, with a
// stimulus, an inline context, a knock-out and readouts by node id, a drug
// the knowledge base does not know given by its target (an IKK inhibitor),
// and a relative model path. IKK inhibition removes NF-κB and knocking out
// CASP8 removes apoptosis, as the model's logic says; knowledge-base drugs
// whose targets the model lacks, and knowledge-base contexts, are refused
// with the line.
func TestSpecOnModelFile(t *testing.T) {
	src := filepath.Join(external.Dir(t, "logical-models"), "pyboolnet", "calzone_cellfate.bnet")
	dir := t.TempDir()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "calzone.bnet"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	spec := `version: 1
name: calzone-ikk
description: an IKK inhibitor on the Calzone model
model: calzone.bnet
stimuli: [TNF, FADD]
context: {name: cells, mutations: {FASL: off}}
time: 20
samples: 2000
readouts: [NFkB, Apoptosis]
targets:
  ikk-16:
    - {node: IKK, potency: 40 nM}
arms:
  - name: control
  - name: ikk-inhibitor
    drugs: {ikk-16: 1uM}
  - name: casp8-ko
    knockout: [CASP8]
expect:
  - {readout: NFkB, arm: ikk-inhibitor, vs: [control], change: down}
  - {readout: Apoptosis, arm: casp8-ko, vs: [control], change: down}
`
	path := filepath.Join(dir, "spec.yaml")
	os.WriteFile(path, []byte(spec), 0o644)
	k := defaultKB(t)
	s, err := ReadSpec(path, k)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), k, s, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Checks {
		if !c.Pass {
			t.Errorf("%s %s in %s: %s", c.Readout, c.Change, c.Arm, c.Reason)
		}
	}
	for _, bad := range []struct{ from, to, want string }{
		{"drugs: {ikk-16: 1uM}", "drugs: {bx795: 1uM}", "none of bx795's targets"},
		{"context: {name: cells, mutations: {FASL: off}}", "context: tnbc", "knowledge-base context of the built-in model"},
		{"node: IKK,", "node: IKKK,", `unknown node "IKKK"; did you mean IKK?`},
		{"model: calzone.bnet", "model: nosuch.bnet", "model: open"},
	} {
		os.WriteFile(path, []byte(strings.Replace(spec, bad.from, bad.to, 1)), 0o644)
		if _, err := ReadSpec(path, k); err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "spec.yaml:") {
			t.Errorf("%s: got %v, want an error with the line and %q", bad.to, err, bad.want)
		}
	}
}
