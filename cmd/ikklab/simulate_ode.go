package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/atomicfile"
	modelformat "github.com/ikklab/ikklab/format"
	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/kinetic"
	"github.com/ikklab/ikklab/kinetic/hoffmann"
	"github.com/ikklab/ikklab/ode"
)

// odeResult is the JSON of an SBML time course.
type odeResult struct {
	Engine    string               `json:"engine"`
	Model     string               `json:"model"`
	Method    string               `json:"method"`
	RelTol    float64              `json:"rtol"`
	Time      []float64            `json:"time"`
	Variables []odeVariable        `json:"variables"`
	Values    map[string][]float64 `json:"values"`
}

type odeVariable struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // "concentration", "amount" (species), "compartment", "parameter"
}

// simulateKinetic runs an SBML core model: a deterministic time course.
// flags set that only apply to logical models are refused.
func simulateKinetic(e *env, path string, set map[string]bool, maxTime float64, points int, method, format, outDir string, sets []string) int {
	for _, f := range []string{"cfg", "e", "context", "knockout", "overexpress", "drugs", "samples", "tick", "seed", "final", "all"} {
		if set[f] {
			return fail(e, "simulate", exitUsage, fmt.Errorf("-%s applies to logical models; %s is an SBML kinetic model (flags: -time, -points, -method, -set, -format, -o)", f, path))
		}
	}
	if !set["time"] {
		maxTime = 100
	}
	if !(maxTime > 0) || math.IsInf(maxTime, 0) {
		return fail(e, "simulate", exitUsage, fmt.Errorf("-time %g must be positive", maxTime))
	}
	if points < 1 || points > 1_000_000 {
		return fail(e, "simulate", exitUsage, fmt.Errorf("-points %d outside 1..1,000,000", points))
	}
	m, err := readKinetic(path)
	if err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	if err := setParams(m, sets); err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	c, err := kinetic.Compile(m)
	if err != nil {
		return fail(e, "simulate", exitUsage, fmt.Errorf("%s: %w", path, err))
	}
	meth, err := ode.ParseMethod(method)
	if err != nil {
		return fail(e, "simulate", exitUsage, err)
	}
	times := make([]float64, points+1)
	for k := range times {
		times[k] = maxTime * float64(k) / float64(points)
	}
	outs := m.Variables()
	opt := kinetic.Options{ODE: ode.Options{Method: meth}}
	rows, err := c.Simulate(e.ctx, times, outs, opt)
	if err != nil {
		if e.ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "ikklab simulate: interrupted")
			return exitStopped
		}
		return fail(e, "simulate", exitFailed, fmt.Errorf("%s: %w", path, err))
	}
	res := odeResult{Engine: "ode", Model: path, Method: meth.String(), RelTol: 1e-10, Time: times, Values: map[string][]float64{}}
	kinds := map[string]string{}
	for _, co := range m.Compartments {
		kinds[co.ID] = "compartment"
	}
	for _, p := range m.Parameters {
		kinds[p.ID] = "parameter"
	}
	for j, o := range outs {
		kind := kinds[o.ID]
		if kind == "" {
			kind = "concentration"
			if o.Amount {
				kind = "amount"
			}
		}
		res.Variables = append(res.Variables, odeVariable{ID: o.ID, Kind: kind})
		col := make([]float64, len(rows))
		for k := range rows {
			col[k] = rows[k][j]
		}
		res.Values[o.ID] = col
	}
	if outDir != "" {
		var b strings.Builder
		if err := writeTimeCourseCSV(&b, res); err != nil {
			return fail(e, "simulate", exitOutput, err)
		}
		js, err := jsonout.Marshal(res)
		if err == nil {
			err = atomicfile.WriteDir(outDir, map[string][]byte{"timecourse.csv": []byte(b.String()), "result.json": js})
		}
		if err != nil {
			return fail(e, "simulate", exitOutput, err)
		}
	}
	switch format {
	case "json":
		return writeJSON(e, "simulate", res)
	case "csv":
		if err := writeTimeCourseCSV(e.stdout, res); err != nil {
			return fail(e, "simulate", exitOutput, err)
		}
	default:
		fmt.Fprintf(e.stdout, "%s: SBML kinetic model, %d species, %d reactions, %d events; ODE (%s, rtol 1e-10) to t = %g\n\n",
			path, len(m.Species), len(m.Reactions), len(m.Events), meth, maxTime)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "variable\tkind\tt = 0\tmin\tmax\tt = "+strconv.FormatFloat(maxTime, 'g', -1, 64)+"\t")
		for _, v := range res.Variables {
			col := res.Values[v.ID]
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, x := range col {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.6g\t%.6g\t%.6g\t%.6g\t\n", v.ID, v.Kind, col[0], lo, hi, col[len(col)-1])
		}
		tw.Flush()
	}
	return exitOK
}

func writeTimeCourseCSV(w io.Writer, res odeResult) error {
	cw := csv.NewWriter(w)
	header := []string{"time"}
	for _, v := range res.Variables {
		header = append(header, v.ID)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for k, t := range res.Time {
		row[0] = strconv.FormatFloat(t, 'g', -1, 64)
		for j, v := range res.Variables {
			row[j+1] = strconv.FormatFloat(res.Values[v.ID][k], 'g', 10, 64)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Built-in kinetic models, by the names simulate and convert accept.
var kineticModels = map[string]func() (*kinetic.Model, error){
	"hoffmann2002":           hoffmann.Base,
	"hoffmann2002-ikke-tbk1": func() (*kinetic.Model, error) { return hoffmann.Extended(0, 0) },
}

// isKineticName reports whether name is a built-in kinetic model or an
// SBML core file.
func isKineticName(name string) (bool, error) {
	if _, ok := kineticModels[name]; ok {
		return true, nil
	}
	return modelformat.IsKinetic(name)
}

// readKinetic reads a built-in kinetic model or an SBML core file.
func readKinetic(name string) (*kinetic.Model, error) {
	if f, ok := kineticModels[name]; ok {
		return f()
	}
	return sbml.ReadFile(name)
}

// setParams applies -set ID=VALUE to parameters of a kinetic model.
func setParams(m *kinetic.Model, sets []string) error {
	for _, kv := range sets {
		id, val, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("-set %q: want ID=VALUE", kv)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("-set %s: %q is not a finite number", id, val)
		}
		found := false
		var ids []string
		for i := range m.Parameters {
			ids = append(ids, m.Parameters[i].ID)
			if m.Parameters[i].ID == id {
				m.Parameters[i].Value, m.Parameters[i].HasValue = v, true
				found = true
			}
		}
		if !found {
			return fmt.Errorf("-set: %q is not a parameter of the model%s", id, suggestion(id, ids))
		}
	}
	return nil
}
