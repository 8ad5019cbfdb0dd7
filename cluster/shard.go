package cluster

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/internal/parallel"
	"github.com/ikklab/ikklab/kb"
)

// Task is one run of one plan of a job.
type Task struct{ Plan, Run int }

// Assign splits the job's runs over n shards, balancing estimated cost
// (assign). For a screen with at least as many specs as shards, whole
// specs are the items, so that each task also assembles its specs' results
// (fits, synergy bootstraps: for a pair screen most of the work) and the
// merge only collects them; otherwise runs are. (A run job's result is
// always assembled by the merge: its plots need the fitted curves, which
// a result's JSON does not carry.) Each shard's tasks are in job order.
func Assign(job *Job, plans []*experiment.Plan, n int) [][]Task {
	bySpec := job.Kind != KindRun && len(plans) >= n
	var groups [][]Task
	var costs []float64
	for p, pl := range plans {
		if bySpec {
			g := make([]Task, pl.Len())
			for r := range g {
				g[r] = Task{p, r}
			}
			groups = append(groups, g)
			costs = append(costs, float64(pl.Len())*pl.Cost())
			continue
		}
		for r := 0; r < pl.Len(); r++ {
			groups = append(groups, []Task{{p, r}})
			costs = append(costs, pl.Cost())
		}
	}
	out := make([][]Task, n)
	for s, idx := range assign(costs, n) {
		for _, i := range idx {
			out[s] = append(out[s], groups[i]...)
		}
	}
	return out
}

// assign splits items of the given costs over n shards: the costliest
// first, each onto the shard with the least cost so far (ties: the one
// with fewer items, then the lower shard), in item order among equal
// costs. The split depends only on the
// costs and n; each shard's items are in increasing order.
func assign(costs []float64, n int) [][]int {
	order := make([]int, len(costs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(costs[b], costs[a]) })
	h := make(loads, n)
	for i := range h {
		h[i].shard = i
	}
	out := make([][]int, n)
	for _, i := range order {
		out[h[0].shard] = append(out[h[0].shard], i)
		h[0].cost += costs[i]
		h[0].items++
		heap.Fix(&h, 0)
	}
	for _, idx := range out {
		slices.Sort(idx)
	}
	return out
}

// loads is a min-heap of shards by cost so far, then number of items
// (which spreads items of no cost), then shard index.
type loads []struct {
	cost  float64
	items int
	shard int
}

func (h loads) Len() int { return len(h) }
func (h loads) Less(i, j int) bool {
	a, b := h[i], h[j]
	return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.items, b.items), cmp.Compare(a.shard, b.shard)) < 0
}
func (h loads) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *loads) Push(any)     { panic("fixed size") }
func (h *loads) Pop() any     { panic("fixed size") }

// Shard is what one shard computed: the outcomes of its runs, with the job
// they belong to.
type Shard struct {
	Format    int // shardFormat
	JobHash   string
	Job       Job
	I, N      int
	Tasks     int                 // runs (or a claims job's networks) in the whole job
	IC50Doses []map[string]string // per plan: the doses "IC50" became
	Runs      []ShardRun
	// Results are the result JSON of the plans whose every run is in this
	// shard, assembled here (their runs are not in Runs).
	Results map[int][]byte
	Sets    []claims.SetOutcome // a claims job's networks
}

// ShardRun is one run's outcome.
type ShardRun struct {
	Plan int
	experiment.RunOutcome
}

const (
	shardFormat = 1
	// MaxShards bounds -shard i/N.
	MaxShards = 100000
)

// ShardPlan is one shard of a job, ready to run.
type ShardPlan struct {
	shard   Shard
	plans   []*experiment.Plan
	byPlan  map[int][]int // plan → its runs in this shard
	k       *kb.KB
	claims  *claims.Options // a claims job's options
	units   []int           // a claims job's networks in this shard
	workers int
}

// PlanShard prepares shard i of n (0 ≤ i < n) of the job, which must be
// of this ikklab version (opt.Version). Finding IC50 doses runs
// simulations here; nil, with no error, when interrupted.
func PlanShard(ctx context.Context, k *kb.KB, job *Job, i, n int, opt experiment.Options) (*ShardPlan, error) {
	if n < 1 || n > MaxShards || i < 0 || i >= n {
		return nil, fmt.Errorf("shard %d/%d: want 0 ≤ i < N ≤ %d", i, n, MaxShards)
	}
	if job.Version != opt.Version {
		return nil, fmt.Errorf("the job was made by %s; this is %s", job.Version, opt.Version)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	sp := &ShardPlan{k: k, byPlan: map[int][]int{}, workers: opt.Workers, shard: Shard{Format: shardFormat, JobHash: job.Hash(), Job: *job, I: i, N: n}}
	if c := job.Claims; c != nil {
		if h, err := KBHash(k); err != nil || h != job.KB {
			return nil, fmt.Errorf("the job was made with another knowledge base")
		}
		units, err := claims.Units(c.Analysis, c.Sets)
		if err != nil {
			return nil, err
		}
		o, err := c.options(k, opt)
		if err != nil {
			return nil, err
		}
		sp.claims = &o
		sp.shard.Tasks = len(units)
		for _, u := range assign(unitCosts(len(units)), n)[i] {
			sp.units = append(sp.units, units[u])
		}
		return sp, nil
	}
	specs, err := job.Parse(k)
	if err != nil {
		return nil, err
	}
	plans, err := Prepare(ctx, k, specs, opt, nil)
	if err != nil || ctx.Err() != nil {
		return nil, err
	}
	sp.plans = plans
	sp.shard.IC50Doses = make([]map[string]string, len(plans))
	for p, pl := range plans {
		sp.shard.Tasks += pl.Len()
		sp.shard.IC50Doses[p] = pl.IC50Doses()
	}
	for _, t := range Assign(job, plans, n)[i] {
		sp.byPlan[t.Plan] = append(sp.byPlan[t.Plan], t.Run)
	}
	return sp, nil
}

// Trajectories is the number of trajectories the shard simulates (0 for
// a claims job: not known in advance).
func (sp *ShardPlan) Trajectories() int64 {
	var n int64
	for p, runs := range sp.byPlan {
		n += int64(len(runs)) * int64(sp.plans[p].Samples())
	}
	return n
}

// Run runs the shard's runs; nil, with no error, when interrupted (an
// interrupted shard has nothing to write).
func (sp *ShardPlan) Run(ctx context.Context, progress experiment.Progress) (*Shard, error) {
	sh := sp.shard
	if sp.claims != nil {
		o := *sp.claims
		o.Progress = progress
		outs, complete, err := claims.EvaluateSets(ctx, sp.k, sh.Job.Claims.Analysis, sp.units, o)
		if err != nil || !complete {
			return nil, err
		}
		sh.Sets = outs
		return &sh, nil
	}
	// The shard's runs, of many plans, go side by side on the workers
	// (a shard of a screen holds about one run of each of many specs).
	var tasks []Task
	for _, p := range slices.Sorted(maps.Keys(sp.byPlan)) {
		for _, r := range sp.byPlan[p] {
			tasks = append(tasks, Task{p, r})
		}
	}
	if progress != nil {
		progress = experiment.LockProgress(progress)
	}
	inner := max(1, sp.workers/max(1, min(sp.workers, len(tasks)))) // workers left over go into each run
	errs := make([]error, len(tasks))
	parallel.For(ctx, len(tasks), sp.workers, func(i int) {
		errs[i] = sp.plans[tasks[i].Plan].ExecuteRun(ctx, tasks[i].Run, inner, progress)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, nil
	}
	var whole []int // plans with every run here: assembled here
	for _, p := range slices.Sorted(maps.Keys(sp.byPlan)) {
		if len(sp.byPlan[p]) == sp.plans[p].Len() {
			whole = append(whole, p)
			continue
		}
		outs, err := sp.plans[p].Outcomes(sp.byPlan[p])
		if err != nil {
			return nil, err
		}
		for _, o := range outs {
			sh.Runs = append(sh.Runs, ShardRun{Plan: p, RunOutcome: o})
		}
	}
	plans := make([]*experiment.Plan, len(whole))
	for i, p := range whole {
		plans[i] = sp.plans[p]
	}
	results := make([]*experiment.Result, len(plans))
	if err := experiment.ResultsOf(ctx, plans, sp.workers, results); err != nil {
		if ctx.Err() != nil {
			return nil, nil
		}
		return nil, err
	}
	sh.Results = map[int][]byte{}
	for i, p := range whole {
		data, err := results[i].JSON()
		if err != nil {
			return nil, err
		}
		sh.Results[p] = data
	}
	return &sh, nil
}

// RunShard is PlanShard and Run.
func RunShard(ctx context.Context, k *kb.KB, job *Job, i, n int, opt experiment.Options) (*Shard, error) {
	sp, err := PlanShard(ctx, k, job, i, n, opt)
	if err != nil || sp == nil {
		return nil, err
	}
	return sp.Run(ctx, opt.Progress)
}

// ShardExt is the extension of shard files.
const ShardExt = ".ikkshard"

// FileName is the shard's file name, e.g. shard-0003-of-0016.ikkshard.
func (sh *Shard) FileName() string { return ShardFileName(sh.I, sh.N) }

// ShardFileName is shard i of n's file name.
func ShardFileName(i, n int) string { return fmt.Sprintf("shard-%04d-of-%04d%s", i, n, ShardExt) }

// Write writes the shard into dir atomically and returns its path.
func (sh *Shard) Write(dir string) (string, error) {
	var b bytes.Buffer
	b.WriteString(shardMagic)
	if err := gob.NewEncoder(&b).Encode(sh); err != nil {
		return "", err
	}
	path := filepath.Join(dir, sh.FileName())
	return path, atomicfile.Write(path, b.Bytes())
}

const shardMagic = "ikklab shard\n"

// maxShardBytes bounds a shard file read back.
const maxShardBytes = 4 << 30

// ReadShards reads shard files; a directory stands for the shard files in
// it.
func ReadShards(paths ...string) ([]*Shard, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p) // not Glob: the directory's name may hold [ * ?
		if err != nil {
			return nil, err
		}
		var found []string
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ShardExt) {
				found = append(found, filepath.Join(p, e.Name()))
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no shard files (*%s)", p, ShardExt)
		}
		files = append(files, found...)
	}
	var out []*Shard
	for _, f := range files {
		sh, err := readShard(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		out = append(out, sh)
	}
	return out, nil
}

func readShard(path string) (*Shard, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := io.LimitReader(f, maxShardBytes)
	magic := make([]byte, len(shardMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != shardMagic {
		return nil, fmt.Errorf("not an ikklab shard file")
	}
	var sh Shard
	if err := gob.NewDecoder(r).Decode(&sh); err != nil {
		return nil, fmt.Errorf("unreadable shard (cut short?): %v", err)
	}
	if sh.Format != shardFormat {
		return nil, fmt.Errorf("shard format %d; this ikklab reads %d", sh.Format, shardFormat)
	}
	if err := sh.check(); err != nil {
		return nil, fmt.Errorf("not a consistent shard: %v", err)
	}
	return &sh, nil
}

// check refuses a shard whose parts do not fit together (a damaged or
// hand-made file): Merge indexes by them.
func (sh *Shard) check() error {
	j := &sh.Job
	switch {
	case sh.N < 1 || sh.N > MaxShards || sh.I < 0 || sh.I >= sh.N:
		return fmt.Errorf("shard %d of %d", sh.I, sh.N)
	case sh.JobHash != j.Hash():
		return fmt.Errorf("its job does not hash to %.12s", sh.JobHash)
	case j.Claims != nil:
		return nil
	case len(j.Specs) == 0 || j.Kind == KindRun && len(j.Specs) != 1:
		return fmt.Errorf("a %s job of %d specs", j.Kind, len(j.Specs))
	case len(sh.IC50Doses) != len(j.Specs):
		return fmt.Errorf("IC50 doses for %d of %d specs", len(sh.IC50Doses), len(j.Specs))
	}
	for _, r := range sh.Runs {
		if r.Plan < 0 || r.Plan >= len(j.Specs) {
			return fmt.Errorf("a run of spec %d, outside the job", r.Plan)
		}
	}
	for p := range sh.Results {
		if p < 0 || p >= len(j.Specs) {
			return fmt.Errorf("a result of spec %d, outside the job", p)
		}
	}
	return nil
}

// Merged is what the shards of a job make together: a result per spec,
// or a claims analysis.
type Merged struct {
	Job        *Job
	Results    []*experiment.Result
	Robustness *claims.Robustness // a claims -robustness job
	Rewiring   *claims.Rewiring   // a claims -random job
}

// Merge checks that the shards are all of one job, once each, from this
// ikklab version, and assembles the job's results exactly as a local run
// does.
func Merge(ctx context.Context, k *kb.KB, shards []*Shard, version string, opt experiment.Options) (*Merged, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("no shards")
	}
	first := shards[0]
	seen := map[int]bool{}
	for _, sh := range shards {
		switch {
		case sh.JobHash != first.JobHash || sh.Job.Hash() != sh.JobHash:
			return nil, fmt.Errorf("shard %d/%d is of another job (spec, seed, samples or version differ: %.12s vs %.12s)", sh.I, sh.N, sh.JobHash, first.JobHash)
		case sh.N != first.N:
			return nil, fmt.Errorf("shard %d/%d and shard %d/%d split the job differently", sh.I, sh.N, first.I, first.N)
		case seen[sh.I]:
			return nil, fmt.Errorf("shard %d/%d given twice", sh.I, sh.N)
		}
		seen[sh.I] = true
	}
	var missing []string
	for i := 0; i < first.N; i++ {
		if !seen[i] {
			missing = append(missing, fmt.Sprint(i))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shards missing: %s of %d (rerun them; ikklab slurm submit -retry-failed does)", strings.Join(missing, ", "), first.N)
	}
	job := first.Job
	if job.Version != version {
		return nil, fmt.Errorf("the shards were made by %s; this is %s", job.Version, version)
	}
	if h, err := KBHash(k); err != nil || h != job.KB {
		return nil, fmt.Errorf("the shards were made with another knowledge base")
	}
	if job.Claims != nil {
		return mergeClaims(&job, shards)
	}
	for _, sh := range shards[1:] {
		for p := range sh.IC50Doses {
			if p >= len(first.IC50Doses) || !maps.Equal(sh.IC50Doses[p], first.IC50Doses[p]) {
				return nil, fmt.Errorf("shards %d and %d found different IC50 doses for %s", first.I, sh.I, job.Specs[p].Name)
			}
		}
	}
	specs, err := job.Parse(k)
	if err != nil {
		return nil, err
	}
	opt.Version = version
	plans, err := Prepare(ctx, k, specs, opt, first.IC50Doses)
	if err != nil {
		return nil, err
	}
	m := &Merged{Job: &job, Results: make([]*experiment.Result, len(plans))}
	byPlan := map[int][]experiment.RunOutcome{}
	for _, sh := range shards {
		for _, r := range sh.Runs {
			if r.Plan < 0 || r.Plan >= len(plans) {
				return nil, fmt.Errorf("shard %d/%d: spec %d outside the job", sh.I, sh.N, r.Plan)
			}
			byPlan[r.Plan] = append(byPlan[r.Plan], r.RunOutcome)
		}
		for p, data := range sh.Results {
			if p < 0 || p >= len(plans) || m.Results[p] != nil {
				return nil, fmt.Errorf("shard %d/%d: the result of spec %d is outside the job or given twice", sh.I, sh.N, p)
			}
			if m.Results[p], err = plans[p].ResultFromJSON(data); err != nil {
				return nil, fmt.Errorf("shard %d/%d: %s: %v", sh.I, sh.N, job.Specs[p].Name, err)
			}
		}
	}
	// The plans the shards shared runs of are assembled here (fits,
	// synergy bootstraps), side by side.
	var rest []int
	for p, pl := range plans {
		if m.Results[p] != nil {
			if len(byPlan[p]) > 0 {
				return nil, fmt.Errorf("%s: given both as a result and as runs", job.Specs[p].Name)
			}
			continue
		}
		if err := pl.SetOutcomes(byPlan[p]); err != nil {
			return nil, fmt.Errorf("%s: %v", job.Specs[p].Name, err)
		}
		if miss := pl.Missing(); len(miss) > 0 {
			return nil, fmt.Errorf("%s: %d runs missing from the shards (first: %d)", job.Specs[p].Name, len(miss), miss[0])
		}
		rest = append(rest, p)
	}
	restPlans := make([]*experiment.Plan, len(rest))
	for i, p := range rest {
		restPlans[i] = plans[p]
	}
	results := make([]*experiment.Result, len(rest))
	if err := experiment.ResultsOf(ctx, restPlans, opt.Workers, results); err != nil {
		return nil, err
	}
	for i, p := range rest {
		m.Results[p] = results[i]
	}
	return m, nil
}

// mergeClaims puts a claims job's networks back in order and sums them
// as the local analysis does.
func mergeClaims(job *Job, shards []*Shard) (*Merged, error) {
	units, err := claims.Units(job.Claims.Analysis, job.Claims.Sets)
	if err != nil {
		return nil, err
	}
	got := map[int]claims.SetOutcome{}
	for _, sh := range shards {
		for _, o := range sh.Sets {
			if _, dup := got[o.Unit]; dup {
				return nil, fmt.Errorf("network %d given twice", o.Unit)
			}
			if len(o.IDs) != len(o.Pass) {
				return nil, fmt.Errorf("network %d: %d claims but %d verdicts", o.Unit, len(o.IDs), len(o.Pass))
			}
			got[o.Unit] = o
		}
	}
	outs := make([]claims.SetOutcome, 0, len(units))
	for _, u := range units {
		o, ok := got[u]
		if !ok {
			return nil, fmt.Errorf("network %d missing from the shards", u)
		}
		outs = append(outs, o)
	}
	if len(got) != len(units) {
		return nil, fmt.Errorf("the shards hold networks outside the job")
	}
	m := &Merged{Job: job}
	switch job.Claims.Analysis {
	case claims.AnalysisRobustness:
		m.Robustness = claims.RobustnessOf(outs, true)
	case claims.AnalysisRandom:
		m.Rewiring = claims.RewiringOf(outs, true)
	}
	return m, nil
}
