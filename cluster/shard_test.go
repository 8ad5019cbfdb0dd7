package cluster

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

const version = "ikklab test"

func defaultKB(t testing.TB) *kb.KB {
	t.Helper()
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A spec with every kind of run: arms, a dose series, a matrix, an
// expectation with its sham arms, and a drug dosed at its IC50.
const specText = `version: 1
name: shards
context: tnbc
stimuli: [TNF]
time: 20
samples: 200
seed: 11
readouts: [Proliferation, STAT3]
ic50: {readout: Proliferation, base: control}
arms:
  - name: control
  - name: momelotinib
    drugs: {momelotinib: IC50}
  - name: trametinib
    drugs: {trametinib: 10nM}
  - name: combo
    drugs: {momelotinib: IC50, trametinib: 10nM}
dose_response:
  - drug: amlexanox
    doses: [1uM, 10uM, 100uM]
combination:
  drugs: [momelotinib, trametinib]
  doses: [[0, 100nM, 1uM], [0, 3nM, 30nM]]
expect:
  - {readout: Proliferation, arm: combo, vs: [momelotinib, trametinib], change: down, criterion: hsa}
`

func runJob(t *testing.T, k *kb.KB, text string) *Job {
	t.Helper()
	s, err := experiment.ParseSpec("shards.yaml", []byte(text), k)
	if err != nil {
		t.Fatal(err)
	}
	job, err := NewJob(KindRun, k, version, []experiment.SpecSource{{Name: "shards.yaml", Text: []byte(text)}}, []*experiment.Spec{s})
	if err != nil {
		t.Fatal(err)
	}
	return job
}

// files is what a result writes (result.json, CSVs, SVGs).
func files(t *testing.T, res *experiment.Result) map[string][]byte {
	t.Helper()
	f, err := res.Files()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMergeEqualsLocal: N shards, written, read back and merged, give the
// local run's files byte for byte, for N = 1, 3 and 16 (more shards than
// some plans have runs).
func TestMergeEqualsLocal(t *testing.T) {
	k := defaultKB(t)
	job := runJob(t, k, specText)
	specs, err := job.Parse(k)
	if err != nil {
		t.Fatal(err)
	}
	local, err := experiment.Run(context.Background(), k, specs[0], experiment.Options{Version: version})
	if err != nil {
		t.Fatal(err)
	}
	want := files(t, local)
	for _, n := range []int{1, 3, 16} {
		dir := t.TempDir()
		for i := 0; i < n; i++ {
			sh, err := RunShard(context.Background(), k, job, i, n, experiment.Options{Workers: 1 + i%2, Version: version})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sh.Write(dir); err != nil {
				t.Fatal(err)
			}
		}
		shards, err := ReadShards(dir)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Merge(context.Background(), k, shards, version, experiment.Options{})
		if err != nil {
			t.Fatalf("N=%d: %v", n, err)
		}
		got := files(t, m.Results[0])
		if g, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)); !slices.Equal(g, w) {
			t.Fatalf("N=%d: files %v, want %v", n, g, w)
		}
		for name, w := range want {
			if !bytes.Equal(got[name], w) {
				t.Errorf("N=%d: %s differs from the local run's", n, name)
			}
		}
	}
}

// TestAssignBalanced: every task lands in exactly one shard, the split
// does not depend on anything but the plans and N, and loads differ by at
// most one item's cost (a run; a whole spec when there are as many specs
// as shards).
func TestAssignBalanced(t *testing.T) {
	k := defaultKB(t)
	srcs, err := experiment.ScreenSpecs(k, experiment.ScreenOptions{Samples: 10, Time: 5, Contexts: []string{"tnbc", "atl"}})
	if err != nil {
		t.Fatal(err)
	}
	specs, err := experiment.ParseSpecs(k, srcs)
	if err != nil {
		t.Fatal(err)
	}
	specs[1].Samples = 30 // unequal costs
	screenJob := &Job{Kind: KindScreen}
	plans, err := Prepare(context.Background(), k, specs, experiment.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	total := plans[0].Len() + plans[1].Len()
	for _, n := range []int{1, 2, 7, 16, total + 5} {
		a, b := Assign(screenJob, plans, n), Assign(screenJob, plans, n)
		seen := map[Task]bool{}
		lo, hi := 1e300, 0.0
		for s := range a {
			if !slices.Equal(a[s], b[s]) {
				t.Fatalf("N=%d: two splits differ", n)
			}
			load := 0.0
			for _, tk := range a[s] {
				if seen[tk] {
					t.Fatalf("N=%d: %v twice", n, tk)
				}
				seen[tk] = true
				load += plans[tk.Plan].Cost()
			}
			lo, hi = min(lo, load), max(hi, load)
		}
		if len(seen) != total {
			t.Errorf("N=%d: %d of %d tasks assigned", n, len(seen), total)
		}
		item := plans[1].Cost() // the largest item: a run, or a whole spec when specs ≥ shards
		if len(plans) >= n {
			item = float64(plans[1].Len()) * plans[1].Cost()
		}
		if hi-lo > item {
			t.Errorf("N=%d: loads %g..%g differ by more than one item (%g)", n, lo, hi, item)
		}
	}
}

// TestAssignSpreads: items of equal cost, zero included, go round the
// shards, never all onto one.
func TestAssignSpreads(t *testing.T) {
	for _, cost := range []float64{0, 1} {
		costs := []float64{cost, cost, cost, cost, cost}
		got := assign(costs, 3)
		if len(got[0]) != 2 || len(got[1]) != 2 || len(got[2]) != 1 {
			t.Errorf("cost %g: %v, want 2, 2 and 1 items", cost, got)
		}
	}
}

// TestMergeRefuses: shards of another job (another seed), a shard given
// twice or missing, another version, a truncated file.
func TestMergeRefuses(t *testing.T) {
	k := defaultKB(t)
	text := "version: 1\nname: small\ncontext: tnbc\ntime: 5\nsamples: 20\nreadouts: [Proliferation]\narms:\n  - name: control\n  - name: ko\n    knockout: [TBK1]\n  - name: ko2\n    knockout: [IKBKE]\n"
	job := runJob(t, k, text)
	other := runJob(t, k, strings.Replace(text, "samples: 20", "samples: 20\nseed: 5", 1))
	shard := func(j *Job, i, n int) *Shard {
		sh, err := RunShard(context.Background(), k, j, i, n, experiment.Options{Version: version})
		if err != nil {
			t.Fatal(err)
		}
		return sh
	}
	a0, a1, b1 := shard(job, 0, 2), shard(job, 1, 2), shard(other, 1, 2)
	c1 := shard(job, 1, 3)
	for _, c := range []struct {
		name    string
		shards  []*Shard
		version string
		want    string
	}{
		{"another seed", []*Shard{a0, b1}, version, "another job"},
		{"twice", []*Shard{a0, a0, a1}, version, "given twice"},
		{"missing", []*Shard{a0}, version, "shards missing: 1 of 2"},
		{"another split", []*Shard{a0, c1}, version, "split the job differently"},
		{"another version", []*Shard{a0, a1}, "ikklab other", "made by ikklab test"},
	} {
		_, err := Merge(context.Background(), k, c.shards, c.version, experiment.Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	dir := t.TempDir()
	path, err := a0.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	cut := filepath.Join(dir, "cut"+ShardExt)
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	if _, err := ReadShards(cut); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("truncated shard: %v", err)
	}
	if _, err := ReadShards(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no shard files") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := RunShard(context.Background(), k, job, 2, 2, experiment.Options{Version: version}); err == nil {
		t.Error("shard 2/2 accepted")
	}
}

// TestShardInterrupted: a cancelled shard returns nothing to write.
func TestShardInterrupted(t *testing.T) {
	k := defaultKB(t)
	job := runJob(t, k, specText)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sh, err := RunShard(ctx, k, job, 0, 1, experiment.Options{Version: version})
	if err != nil || sh != nil {
		t.Errorf("cancelled shard: %v, %v; want nothing", sh, err)
	}
}

// TestMergeScreenEqualsLocal: a pair screen (105 specs: whole specs go to
// the shards and are assembled there) merges into the local results,
// byte for byte, for N = 1, 3 and 16.
func TestMergeScreenEqualsLocal(t *testing.T) {
	k := defaultKB(t)
	opt := experiment.ScreenOptions{Samples: 20, Time: 10, Pairs: true, PairDoses: 2, Contexts: []string{"tnbc"}}
	srcs, err := experiment.ScreenSpecs(k, opt)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := experiment.ParseSpecs(k, srcs)
	if err != nil {
		t.Fatal(err)
	}
	job, err := NewJob(KindPairs, k, version, srcs, specs)
	if err != nil {
		t.Fatal(err)
	}
	local, complete, err := experiment.Screen(context.Background(), k, specs, experiment.Options{Version: version})
	if err != nil || !complete {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3, 16} {
		var shards []*Shard
		for i := 0; i < n; i++ {
			sh, err := RunShard(context.Background(), k, job, i, n, experiment.Options{Version: version})
			if err != nil {
				t.Fatal(err)
			}
			if len(sh.Runs) != 0 || len(sh.Results) == 0 {
				t.Fatalf("N=%d shard %d: %d runs and %d results; want whole specs only", n, i, len(sh.Runs), len(sh.Results))
			}
			shards = append(shards, sh)
		}
		m, err := Merge(context.Background(), k, shards, version, experiment.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for p := range local {
			a, _ := local[p].JSON()
			b, _ := m.Results[p].JSON()
			if !bytes.Equal(a, b) {
				t.Fatalf("N=%d: spec %s differs", n, local[p].Name)
			}
		}
	}
}

// TestModelFileChanged: a spec on a model file is rebuilt from the file by
// every task and by the merge; a file edited after the job was made is
// refused, not mixed in.
func TestModelFileChanged(t *testing.T) {
	k := defaultKB(t)
	dir := t.TempDir()
	model := filepath.Join(dir, "toy.bnet")
	os.WriteFile(model, []byte("targets, factors\nA, A\nB, A\nC, B & !A\n"), 0o644)
	spec := filepath.Join(dir, "spec.yaml")
	text := "version: 1\nname: toy\nmodel: toy.bnet\ncontext: {name: cells, initial: {A: on}}\ntime: 5\nsamples: 20\nreadouts: [B]\narms:\n  - name: control\n  - name: ko\n    knockout: [A]\n"
	os.WriteFile(spec, []byte(text), 0o644)
	s, err := experiment.ReadSpec(spec, k)
	if err != nil {
		t.Fatal(err)
	}
	job, err := NewJob(KindRun, k, version, []experiment.SpecSource{{Name: spec, Text: []byte(text)}}, []*experiment.Spec{s})
	if err != nil {
		t.Fatal(err)
	}
	if job.Specs[0].Model == "" {
		t.Fatal("no model hash recorded")
	}
	if _, err := job.Parse(k); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(model, []byte("targets, factors\nA, A\nB, !A\nC, B & !A\n"), 0o644)
	if _, err := job.Parse(k); err == nil || !strings.Contains(err.Error(), "model file changed") {
		t.Errorf("edited model file: %v", err)
	}
}

// TestKBHashCovers: the fingerprint changes with everything a task reads
// (a rule, a drug potency, a context, a claim's expectation, a finding, a
// mechanism) and not with where a record sits in its file.
func TestKBHashCovers(t *testing.T) {
	fresh := func() *kb.KB { // a copy of its own: kb.Default is shared
		k, err := kb.Load(kb.DefaultFS(), kb.DefaultDir)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base, err := KBHash(fresh())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		edit    func(k *kb.KB)
		changes bool
	}{
		{"a drug potency", func(k *kb.KB) { k.Drugs[0].Targets[0].Potency = "12 nM" }, true},
		{"a context setting", func(k *kb.KB) { k.Contexts[0].Sets = nil }, true},
		{"a claim's expectation", func(k *kb.KB) { k.Claims[0].Expect[0].Change = "up" }, true},
		{"a finding's arms", func(k *kb.KB) { k.Findings[0].Arms = k.Findings[0].Arms[:1] }, true},
		{"a mechanism", func(k *kb.KB) { k.Mechanisms[0].Statement += " (edited)" }, true},
		{"a record's line", func(k *kb.KB) { k.Claims[0].Line += 10; k.Drugs[0].Line += 3 }, false},
	} {
		k := fresh()
		c.edit(k)
		h, err := KBHash(k)
		if err != nil {
			t.Fatal(err)
		}
		if (h != base) != c.changes {
			t.Errorf("%s: hash changed %v, want %v", c.name, h != base, c.changes)
		}
	}
}

// TestCheckIC50: a drug dosed at an IC50 it does not have on the readout
// (zidovudine acts only on HTLV-1's reverse transcriptase) is refused before
// submit; one that has it passes.
func TestCheckIC50(t *testing.T) {
	k := defaultKB(t)
	none := strings.NewReplacer("momelotinib: IC50", "zidovudine: IC50").Replace(specText)
	for _, c := range []struct {
		name, text, want string
	}{
		{"has an IC50", specText, ""},
		{"has none", none, "zidovudine has no IC50 on Proliferation"},
	} {
		err := CheckIC50(context.Background(), k, runJob(t, k, c.text), experiment.Options{Version: version})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
