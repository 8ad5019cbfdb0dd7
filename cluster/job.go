package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/kb"
)

// Kinds of job: what its results become once merged.
const (
	KindRun    = "run"    // one spec: its result
	KindScreen = "screen" // single drugs: the screen table
	KindPairs  = "pairs"  // drug pairs: the pair table
	KindClaims = "claims" // claims on many networks (-robustness, -random): the analysis
)

// Job is work that can be split: specs as text, each with the seed and
// samples it runs with, so that any machine rebuilds the same plans.
type Job struct {
	Kind    string    `json:"kind"`
	Specs   []JobSpec `json:"specs"`
	Readout string    `json:"readout,omitempty"` // screens: the node read
	Seed    int64     `json:"seed"`              // screens: the screen's seed
	Samples int       `json:"samples"`           // screens: per run
	Version string    `json:"version"`           // the ikklab that made the job
	KB      string    `json:"kb"`                // the knowledge base's fingerprint (KBHash)
	// Claims is the analysis of a claims job (no specs: its units are
	// networks, claims.Units).
	Claims *ClaimsJob `json:"claims,omitempty"`
}

// ClaimsJob is ikklab claims -robustness K or -random K, with the options
// every evaluation runs with.
type ClaimsJob struct {
	Analysis string   `json:"analysis"` // claims.AnalysisRobustness or claims.AnalysisRandom
	Sets     int      `json:"sets"`
	Only     []string `json:"only,omitempty"`
	Samples  int      `json:"samples"`
	Time     float64  `json:"time"`
	Seed     int64    `json:"seed"`
	Margin   float64  `json:"margin"`
	Engine   string   `json:"engine,omitempty"`
	Boolean  bool     `json:"boolean,omitempty"` // on the network's Boolean abstraction
}

// NewClaimsJob makes the job of a claims analysis.
func NewClaimsJob(k *kb.KB, version string, c ClaimsJob) (*Job, error) {
	if _, err := claims.Units(c.Analysis, c.Sets); err != nil {
		return nil, err
	}
	h, err := KBHash(k)
	if err != nil {
		return nil, err
	}
	return &Job{Kind: KindClaims, Version: version, KB: h, Claims: &c}, nil
}

// options are the claims options of the job (workers and progress from
// opt).
func (c *ClaimsJob) options(k *kb.KB, opt experiment.Options) (claims.Options, error) {
	o := claims.Options{Only: c.Only, Samples: c.Samples, Time: c.Time, Seed: c.Seed, Margin: c.Margin, Engine: c.Engine, Options: opt}
	if c.Boolean {
		net, err := k.Network()
		if err != nil {
			return o, err
		}
		if o.Network, _, err = net.Boolean(); err != nil {
			return o, err
		}
	}
	return o, nil
}

// JobSpec is one spec of a job.
type JobSpec struct {
	Name    string `json:"name"` // the file name messages use (a spec's model path is relative to it)
	Text    string `json:"text"`
	Seed    int64  `json:"seed"`
	Samples int    `json:"samples"`
	// Model identifies the network of the spec's model file, which every
	// task reads again ("" for the built-in network).
	Model string `json:"model,omitempty"`
}

// NewJob makes a job of parsed specs and their sources.
func NewJob(kind string, k *kb.KB, version string, srcs []experiment.SpecSource, specs []*experiment.Spec) (*Job, error) {
	if len(srcs) != len(specs) || len(specs) == 0 {
		return nil, fmt.Errorf("a job needs one source per spec and at least one spec")
	}
	h, err := KBHash(k)
	if err != nil {
		return nil, err
	}
	j := &Job{Kind: kind, Version: version, KB: h}
	for i, s := range specs {
		j.Specs = append(j.Specs, JobSpec{Name: srcs[i].Name, Text: string(srcs[i].Text), Seed: s.Seed, Samples: s.Samples, Model: s.ModelFileHash()})
	}
	return j, nil
}

// Hash identifies the job: two shards belong together when their jobs
// hash alike.
func (j *Job) Hash() string {
	data, _ := json.Marshal(j) // a Job has only strings and numbers: cannot fail
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Parse rebuilds the job's specs (seed and samples as the job says).
func (j *Job) Parse(k *kb.KB) ([]*experiment.Spec, error) {
	h, err := KBHash(k)
	if err != nil {
		return nil, err
	}
	if h != j.KB {
		return nil, fmt.Errorf("the job was made with another knowledge base (%.12s, this one is %.12s)", j.KB, h)
	}
	specs := make([]*experiment.Spec, len(j.Specs))
	for i, js := range j.Specs {
		s, err := experiment.ParseSpec(js.Name, []byte(js.Text), k)
		if err != nil {
			return nil, err
		}
		if h := s.ModelFileHash(); h != js.Model {
			return nil, fmt.Errorf("%s: its model file changed since the job was made (network %.12s, the job's %.12s)", js.Name, h, js.Model)
		}
		s.Seed, s.Samples = js.Seed, js.Samples
		specs[i] = s
	}
	return specs, nil
}

// Prepare builds the plans of the specs (ic50, when not nil, gives each
// plan's IC50 doses already found).
func Prepare(ctx context.Context, k *kb.KB, specs []*experiment.Spec, opt experiment.Options, ic50 []map[string]string) ([]*experiment.Plan, error) {
	plans := make([]*experiment.Plan, len(specs))
	for i, s := range specs {
		o := opt
		if ic50 != nil {
			o.IC50Doses = ic50[i]
			if o.IC50Doses == nil && len(experiment.IC50Drugs(s.Arms)) > 0 {
				return nil, fmt.Errorf("spec %s: no IC50 doses recorded", s.Name)
			}
		}
		p, err := experiment.Prepare(ctx, k, s, o)
		if err != nil {
			return nil, err
		}
		plans[i] = p
	}
	return plans, nil
}

// CheckIC50 finds the IC50 doses of the job's specs that dose a drug at its
// IC50, as every task will again, so that a drug without an IC50 on the
// readout is an error at submit rather than in every task of the array. An
// interrupted check returns the context's error.
func CheckIC50(ctx context.Context, k *kb.KB, job *Job, opt experiment.Options) error {
	if job.Claims != nil {
		return nil
	}
	specs, err := job.Parse(k)
	if err != nil {
		return err
	}
	for _, s := range specs {
		if len(experiment.IC50Drugs(s.Arms)) == 0 {
			continue
		}
		if _, err := experiment.Prepare(ctx, k, s, opt); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		if err := ctx.Err(); err != nil {
			return err // interrupted: nothing was checked
		}
	}
	return nil
}

// KBHash fingerprints what a task reads from the knowledge base: the
// network, the drugs and the contexts that runs use, and the claims,
// findings and mechanisms that a claims job's checks and paths come from.
// Record positions are not part of it, so moving a record within its file
// does not change it.
func KBHash(k *kb.KB) (string, error) {
	net, err := k.Network()
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(struct {
		Net        string
		Drugs      []kb.Drug
		Contexts   []kb.Context
		Claims     []kb.Claim
		Findings   []kb.Finding
		Mechanisms []kb.Mechanism
	}{net.Hash(), k.Drugs, k.Contexts, k.Claims, k.Findings, k.Mechanisms})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// Split counts a job's units (runs, or a claims job's networks) and how
// many of them each of at most n shards gets (fewer shards when there are
// fewer units). Finding IC50 doses is skipped: the runs do not depend on
// their values.
func Split(ctx context.Context, k *kb.KB, job *Job, n int) (total int, perShard []int, err error) {
	var costs []float64
	if c := job.Claims; c != nil {
		units, err := claims.Units(c.Analysis, c.Sets)
		if err != nil {
			return 0, nil, err
		}
		costs = unitCosts(len(units))
	} else {
		specs, err := job.Parse(k)
		if err != nil {
			return 0, nil, err
		}
		ic50 := make([]map[string]string, len(specs))
		for i, s := range specs {
			if drugs := experiment.IC50Drugs(s.Arms); len(drugs) > 0 {
				ic50[i] = map[string]string{}
				for _, d := range drugs {
					ic50[i][d] = "1 uM" // a stand-in: only counting
				}
			}
		}
		plans, err := Prepare(ctx, k, specs, experiment.Options{Version: job.Version}, ic50)
		if err != nil {
			return 0, nil, err
		}
		for _, p := range plans {
			total += p.Len()
		}
		if total == 0 {
			return 0, nil, fmt.Errorf("the job has no runs")
		}
		for _, ts := range Assign(job, plans, min(n, total)) {
			perShard = append(perShard, len(ts))
		}
		return total, perShard, nil
	}
	if len(costs) == 0 {
		return 0, nil, fmt.Errorf("the job has no runs")
	}
	for _, idx := range assign(costs, min(n, len(costs))) {
		perShard = append(perShard, len(idx))
	}
	return len(costs), perShard, nil
}

// unitCosts are the costs of a claims job's networks: alike (each runs
// every claim), and not zero, so that assign spreads them.
func unitCosts(n int) []float64 {
	c := make([]float64, n)
	for i := range c {
		c[i] = 1
	}
	return c
}
