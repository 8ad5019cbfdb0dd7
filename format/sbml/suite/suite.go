package suite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/kinetic"
)

// Settings are a case's NNNNN-settings.txt.
type Settings struct {
	Start, Duration       float64
	Steps                 int
	Variables             []string
	Absolute, Relative    float64
	Amount, Concentration map[string]bool
}

// Verdict is a case's outcome.
type Verdict int

const (
	Pass Verdict = iota
	Fail
	Unsupported
)

func (v Verdict) String() string { return [...]string{"pass", "fail", "unsupported"}[v] }

// Result is one case's outcome.
type Result struct {
	ID      string
	Verdict Verdict
	// Reason: the feature (Unsupported), the first differing point or the
	// error (Fail).
	Reason string
	Tags   []string
	// Header and Rows are the simulated results in the suite's format
	// (nil unless simulated).
	Header []string
	Rows   [][]float64
}

// Case is one test case's files.
type Case struct {
	ID, Dir, Model string
	Tags           []string
	// Core marks the core-ODE subset (cases.tsv's core_ode column: no
	// events, delays, algebraic rules, fast reactions, constraints or
	// packages).
	Core bool
}

// Cases lists the cases under dir (semantic/NNNNN), with their tags from
// cases.tsv when present (else from each NNNNN-model.m).
func Cases(dir string) ([]Case, error) {
	sem := filepath.Join(dir, "semantic")
	if _, err := os.Stat(sem); err != nil {
		sem = dir
	}
	entries, err := os.ReadDir(sem)
	if err != nil {
		return nil, err
	}
	tags, core := readTags(filepath.Join(dir, "cases.tsv"))
	var out []Case
	for _, e := range entries {
		if !e.IsDir() || len(e.Name()) != 5 {
			continue
		}
		id := e.Name()
		cdir := filepath.Join(sem, id)
		model := ""
		for _, lv := range []string{"l3v2", "l3v1", "l2v5", "l2v4", "l2v3", "l2v2", "l2v1"} {
			p := filepath.Join(cdir, id+"-sbml-"+lv+".xml")
			if _, err := os.Stat(p); err == nil {
				model = p
				break
			}
		}
		c := Case{ID: id, Dir: cdir, Model: model, Tags: tags[id], Core: core[id]}
		if c.Tags == nil {
			c.Tags = tagsFromM(filepath.Join(cdir, id+"-model.m"))
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func readTags(path string) (map[string][]string, map[string]bool) {
	tags, core := map[string][]string{}, map[string]bool{}
	f, err := os.Open(path)
	if err != nil {
		return tags, core
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 {
			continue
		}
		tags[f[0]] = splitList(f[2] + "," + f[3])
		if len(f) > 8 && f[8] == "yes" {
			core[f[0]] = true
		}
	}
	return tags, core
}

func tagsFromM(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var tags []string
	for _, line := range strings.Split(string(b), "\n") {
		for _, key := range []string{"componentTags:", "testTags:"} {
			if strings.HasPrefix(line, key) {
				tags = append(tags, splitList(strings.TrimPrefix(line, key))...)
			}
		}
	}
	return tags
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ReadSettings parses a settings file.
func ReadSettings(path string) (*Settings, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Settings{Amount: map[string]bool{}, Concentration: map[string]bool{}}
	for i, line := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		num := func() (float64, error) {
			if v == "" {
				return math.NaN(), nil
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: %s %q is not a number", path, i+1, k, v)
			}
			return f, nil
		}
		switch k {
		case "start":
			s.Start, err = num()
		case "duration":
			s.Duration, err = num()
		case "steps":
			var f float64
			f, err = num()
			s.Steps = int(f)
		case "absolute":
			s.Absolute, err = num()
		case "relative":
			s.Relative, err = num()
		case "variables":
			s.Variables = splitList(v)
		case "amount":
			for _, x := range splitList(v) {
				s.Amount[x] = true
			}
		case "concentration":
			for _, x := range splitList(v) {
				s.Concentration[x] = true
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ReadResults parses an expected NNNNN-results.csv: header and rows.
func ReadResults(path string) ([]string, [][]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n")
	var header []string
	var rows [][]float64
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, ",")
		if header == nil {
			for _, h := range f {
				header = append(header, strings.TrimSpace(h))
			}
			continue
		}
		row := make([]float64, len(f))
		for j, x := range f {
			v, err := parseValue(strings.TrimSpace(x))
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: column %d: %v", path, i+1, j+1, err)
			}
			row[j] = v
		}
		rows = append(rows, row)
	}
	return header, rows, nil
}

func parseValue(s string) (float64, error) {
	switch strings.ToUpper(s) {
	case "NAN":
		return math.NaN(), nil
	case "INF", "+INF", "INFINITY":
		return math.Inf(1), nil
	case "-INF", "-INFINITY":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

// Run simulates one case and judges it.
func Run(ctx context.Context, c Case) Result {
	res := Result{ID: c.ID, Tags: c.Tags}
	fail := func(err error) Result {
		var u *kinetic.Unsupported
		if errors.As(err, &u) {
			res.Verdict, res.Reason = Unsupported, u.Feature
		} else {
			res.Verdict, res.Reason = Fail, err.Error()
		}
		return res
	}
	for _, t := range c.Tags {
		// The fbc package's cases are flux balance analyses, not time
		// courses.
		if t == "fbc" || strings.HasPrefix(t, "fbc:") {
			return fail(&kinetic.Unsupported{Feature: "package fbc"})
		}
	}
	if c.Model == "" {
		return fail(errors.New("no SBML file"))
	}
	set, err := ReadSettings(filepath.Join(c.Dir, c.ID+"-settings.txt"))
	if err != nil {
		return fail(err)
	}
	header, want, err := ReadResults(filepath.Join(c.Dir, c.ID+"-results.csv"))
	if err != nil {
		return fail(err)
	}
	m, err := sbml.ReadFile(c.Model)
	if err != nil {
		return fail(err)
	}
	if len(m.Unsupported) > 0 {
		return fail(&kinetic.Unsupported{Feature: strings.Join(m.Unsupported, ", ")})
	}
	comp, err := kinetic.Compile(m)
	if err != nil {
		return fail(err)
	}
	if set.Steps <= 0 || math.IsNaN(set.Duration) {
		return fail(fmt.Errorf("settings without a time course (steps %d, duration %g)", set.Steps, set.Duration))
	}
	times := make([]float64, set.Steps+1)
	for k := range times {
		times[k] = set.Start + float64(k)*set.Duration/float64(set.Steps)
	}
	species := map[string]bool{}
	for _, sp := range m.Species {
		species[sp.ID] = true
	}
	vars := header[1:]
	outs := make([]kinetic.Output, len(vars))
	for j, v := range vars {
		outs[j] = kinetic.Output{ID: v, Amount: species[v] && (set.Amount[v] || !set.Concentration[v])}
	}
	rows, err := comp.Simulate(ctx, times, outs, kinetic.Options{})
	if err != nil {
		return fail(err)
	}
	res.Header = header
	for k, t := range times {
		res.Rows = append(res.Rows, append([]float64{t}, rows[k]...))
	}
	if len(want) != len(res.Rows) {
		res.Verdict, res.Reason = Fail, fmt.Sprintf("%d expected rows, %d simulated", len(want), len(res.Rows))
		return res
	}
	for k := range want {
		for j := 1; j < len(header) && j < len(want[k]); j++ {
			c, u := want[k][j], res.Rows[k][j]
			if !within(c, u, set.Absolute, set.Relative) {
				res.Verdict = Fail
				res.Reason = fmt.Sprintf("%s at t = %g: %.10g, expected %.10g", header[j], res.Rows[k][0], u, c)
				return res
			}
		}
	}
	res.Verdict = Pass
	return res
}

func within(c, u, abs, rel float64) bool {
	switch {
	case math.IsNaN(c):
		return math.IsNaN(u)
	case math.IsInf(c, 0):
		return u == c
	case math.IsNaN(u) || math.IsInf(u, 0):
		return false
	}
	return math.Abs(c-u) <= abs+rel*math.Abs(c)
}

// WriteCSV writes a result in the suite's results format.
func WriteCSV(path string, r Result) error {
	var b strings.Builder
	b.WriteString(strings.Join(r.Header, ","))
	b.WriteByte('\n')
	for _, row := range r.Rows {
		for j, v := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			switch {
			case math.IsNaN(v):
				b.WriteString("NaN")
			case math.IsInf(v, 1):
				b.WriteString("INF")
			case math.IsInf(v, -1):
				b.WriteString("-INF")
			default:
				b.WriteString(strconv.FormatFloat(v, 'g', 17, 64))
			}
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// RoundTrip writes a case's model as SBML Level 3 Version 2 to
// dir/NNNNN.xml and runs the case from that file: the written model must
// mean the same as the original.
func RoundTrip(ctx context.Context, c Case, dir string) Result {
	m, err := sbml.ReadFile(c.Model)
	if err != nil {
		return Result{ID: c.ID, Tags: c.Tags, Verdict: Fail, Reason: err.Error()}
	}
	c.Model = filepath.Join(dir, c.ID+".xml")
	if err := sbml.WriteFile(c.Model, m); err != nil {
		return Result{ID: c.ID, Tags: c.Tags, Verdict: Fail, Reason: "write: " + err.Error()}
	}
	return Run(ctx, c)
}
