package experiment

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/plots"
)

// JSON returns the result as indented JSON (deterministic: map keys sorted).
func (r *Result) JSON() ([]byte, error) { return jsonout.Marshal(r) }

// WriteTable prints the result for a reader.
func (r *Result) WriteTable(w io.Writer) error {
	if r.Engine == "ode" {
		fmt.Fprintf(w, "%s — ode (HillCube ODEs, deterministic), context %s, time %g\n", r.Name, r.Context, r.Time)
	} else {
		fmt.Fprintf(w, "%s — %s, context %s, %d samples per run, time %g, seed %d\n", r.Name, r.Engine, r.Context, r.Samples, r.Time, r.Seed)
	}
	if r.Description != "" {
		fmt.Fprintf(w, "%s\n", r.Description)
	}
	if !r.Complete {
		fmt.Fprintln(w, "INCOMPLETE: interrupted before every run finished")
	}
	if len(r.IC50Doses) > 0 && r.Spec != nil && r.Spec.IC50 != nil {
		var parts []string
		for _, d := range slices.Sorted(maps.Keys(r.IC50Doses)) {
			parts = append(parts, d+" "+r.IC50Doses[d])
		}
		fmt.Fprintf(w, "IC50 doses (each drug alone on %s, added to %s): %s\n", r.Spec.IC50.Readout, r.Spec.IC50.Base, strings.Join(parts, ", "))
	}
	if len(r.Arms) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		readouts := r.Spec.Readouts
		fmt.Fprint(tw, "ARM\tSTIMULI\t")
		for _, ro := range readouts {
			fmt.Fprintf(tw, "%s\t", ro)
		}
		fmt.Fprintln(tw)
		for _, a := range r.Arms {
			st := strings.Join(a.Stimuli, ",")
			if st == "" {
				st = "none"
			}
			fmt.Fprintf(tw, "%s\t%s\t", a.Name, st)
			for _, ro := range readouts {
				v := a.Readouts[ro]
				fmt.Fprintf(tw, "%.3f [%.3f, %.3f]\t", v.Value, v.CI95[0], v.CI95[1])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	for _, d := range r.DoseResponse {
		fmt.Fprintf(w, "\ndose response: %s on %s (base arm %s)\n", d.Drug, d.Readout, d.Base)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "DOSE\tVALUE\tCI95\t")
		for i, ds := range d.Doses {
			if i < len(d.Values) {
				fmt.Fprintf(tw, "%s\t%.3f\t[%.3f, %.3f]\t\n", ds, d.Values[i], d.CI95[i][0], d.CI95[i][1])
			}
		}
		tw.Flush()
		if f := d.Fit; f != nil && f.Reported {
			show := func(x float64) string { return fmt.Sprintf("%.3g %s", x, d.Unit) }
			ic50 := f.IC50
			if d.Unit == "" {
				ic50 = f.IC50M
				show = func(x float64) string {
					m := dose.FromMolar(x)
					return fmt.Sprintf("%.3g %s", m.Value, m.Unit.Name)
				}
			}
			ci := "95% CI not determined"
			if f.IC50CI != nil {
				ci = fmt.Sprintf("95%% CI %s to %s", show(f.IC50CI[0]), show(f.IC50CI[1]))
				if f.Beyond {
					ci += ", reaching beyond the tested doses"
				}
			}
			fmt.Fprintf(w, "fit: %s %s (%s), Hill %.2f, Emax %.3f, r² %.3f\n", f.Kind, show(ic50), ci, f.Hill, f.Emax, f.R2)
		}
		if d.FitNote != "" {
			fmt.Fprintf(w, "fit: %s\n", d.FitNote)
		}
	}
	if c := r.Combination; c != nil {
		fmt.Fprintf(w, "\ncombination: %s (rows) × %s (columns) on %s\n", c.Drugs[0], c.Drugs[1], c.Readout)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "\t%s\t\n", strings.Join(c.Doses[1], "\t"))
		for i, row := range c.Matrix {
			fmt.Fprintf(tw, "%s\t", c.Doses[0][i])
			for _, v := range row {
				fmt.Fprintf(tw, "%.3f\t", v)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		if len(c.Synergy) > 0 {
			fmt.Fprintf(w, "synergy (excess effect; > 0 synergy, < 0 antagonism): %s\n", synergyLine(c))
		}
		if c.Note != "" {
			fmt.Fprintf(w, "note: %s\n", c.Note)
		}
	}
	if len(r.Checks) > 0 {
		fmt.Fprintln(w, "\nexpected:")
		ran := map[string]bool{}
		for _, a := range r.Arms {
			ran[a.Name] = true
		}
		value := func(arm string, x float64) string {
			if !ran[arm] {
				return "not run"
			}
			return fmt.Sprintf("%.3f", x)
		}
		for _, c := range r.Checks {
			var others []string
			for i, vs := range c.Vs {
				others = append(others, value(vs, c.Others[i]))
			}
			fmt.Fprintf(w, "  %-13s %s %s in %s (%s) vs %s (%s)", c.Verdict, c.Readout, c.Change, c.Arm, value(c.Arm, c.Value), strings.Join(c.Vs, ", "), strings.Join(others, ", "))
			if c.Criterion != "" {
				fmt.Fprintf(w, ", criterion %s", c.Criterion)
			}
			fmt.Fprintf(w, "\n      %s\n", c.Reason)
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w, "\nwarnings:")
		for _, m := range r.Warnings {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
	fmt.Fprintf(w, "\n%s, model %s\n", r.Version, r.ModelHash)
	return nil
}

// untreated is the readout of a dose series' base arm without its drug,
// for the plot's zero dose; false when the series has a zero dose of its
// own or the arm did not run.
func (r *Result) untreated(d DoseResult) (Value, bool) {
	for _, x := range d.DosesM {
		if x == 0 {
			return Value{}, false
		}
	}
	for _, a := range r.Arms {
		if a.Name == d.Base {
			v, ok := a.Readouts[d.Readout]
			return v, ok
		}
	}
	return Value{}, false
}

func synergyLine(c *ComboResult) string {
	var parts []string
	for _, k := range []struct{ key, name string }{{"bliss", "Bliss"}, {"hsa", "HSA"}, {"loewe", "Loewe"}, {"zip", "ZIP"}} {
		if v, ok := c.Synergy[k.key]; ok {
			p := fmt.Sprintf("%s %+.3f", k.name, v)
			if ci, ok := c.SynergyCI[k.key]; ok {
				p += fmt.Sprintf(" [%+.3f, %+.3f]", ci[0], ci[1])
			}
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// WriteCSV writes the arms' readouts as CSV: arm, readout, value, lower, upper;
// a partial result starts with a "# partial" comment line.
func (r *Result) WriteCSV(w io.Writer) error {
	var b strings.Builder
	if !r.Complete {
		b.WriteString("# partial: interrupted before every run finished\n")
	}
	b.WriteString("arm,readout,value,ci95_low,ci95_high\n")
	for _, a := range r.Arms {
		for _, ro := range r.Spec.Readouts {
			v := a.Readouts[ro]
			fmt.Fprintf(&b, "%s,%s,%g,%g,%g\n", csvField(a.Name), ro, v.Value, v.CI95[0], v.CI95[1])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// WriteDir writes result.json, a CSV per table and the SVG plots into dir,
// through atomicfile.WriteDir: a failed write leaves dir as it was, and a
// second result into dir removes the first one's files it does not write.
func (r *Result) WriteDir(dir string) error {
	files, err := r.Files()
	if err != nil {
		return err
	}
	return atomicfile.WriteDir(dir, files)
}

// Files returns what WriteDir writes, by file name: result.json, a CSV per
// table, and an SVG per plot.
func (r *Result) Files() (map[string][]byte, error) {
	files := map[string][]byte{}
	data, err := r.JSON()
	if err != nil {
		return nil, err
	}
	files["result.json"] = data
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		return nil, err
	}
	files["readouts.csv"] = b.Bytes()
	if len(r.Arms) > 0 {
		var ts strings.Builder
		ts.WriteString("arm,readout,t,value,ci95_low,ci95_high\n")
		for _, a := range r.Arms {
			for _, ro := range r.Spec.Readouts {
				for i, t := range a.Series["t"] {
					fmt.Fprintf(&ts, "%s,%s,%g,%g,%g,%g\n", csvField(a.Name), ro, t, a.Series[ro][i], a.SeriesCI[ro][0][i], a.SeriesCI[ro][1][i])
				}
			}
		}
		files["timecourses.csv"] = []byte(ts.String())
		for _, ro := range r.Spec.Readouts {
			var bands []plots.Band
			for _, a := range r.Arms {
				bands = append(bands, plots.Band{Name: a.Name, T: a.Series["t"], Mean: a.Series[ro], Lo: a.SeriesCI[ro][0], Hi: a.SeriesCI[ro][1]})
			}
			svg, err := plots.TimeCourses(fmt.Sprintf("%s — %s", r.Name, ro), "time (model time units)", "P("+ro+" on)", bands)
			if err != nil {
				return nil, fmt.Errorf("plot %s: %w", ro, err)
			}
			files["timecourse_"+ro+".svg"] = svg
		}
	}
	for i, d := range r.DoseResponse {
		var cs strings.Builder
		cs.WriteString("dose,dose_M,value,ci95_low,ci95_high\n")
		for j, ds := range d.Doses {
			m := ""
			if j < len(d.DosesM) {
				m = fmt.Sprintf("%g", d.DosesM[j])
			}
			if j < len(d.Values) {
				fmt.Fprintf(&cs, "%s,%s,%g,%g,%g\n", ds, m, d.Values[j], d.CI95[j][0], d.CI95[j][1])
			}
		}
		base := fmt.Sprintf("dose_response_%d_%s_%s", i+1, d.Drug, d.Readout)
		files[base+".csv"] = []byte(cs.String())
		if d.Unit == "" && len(d.Values) > 0 && len(d.DosesM) == len(d.Values) { // an interrupted series is not plotted
			curve := plots.DoseCurve{Name: d.Drug, Doses: d.DosesM, Values: d.Values, FitNote: d.FitNote}
			for _, c := range d.CI95 {
				curve.Lo, curve.Hi = append(curve.Lo, c[0]), append(curve.Hi, c[1])
			}
			if base, ok := r.untreated(d); ok {
				// The base arm without the drug, at the axis' "0".
				curve.Doses = append([]float64{0}, curve.Doses...)
				curve.Values = append([]float64{base.Value}, curve.Values...)
				curve.Lo = append([]float64{base.CI95[0]}, curve.Lo...)
				curve.Hi = append([]float64{base.CI95[1]}, curve.Hi...)
			}
			if d.Fit != nil {
				curve.Fit, curve.Midpoint = d.Fit.fitFunc, d.Fit.Kind
				if d.Fit.Reported {
					curve.IC50 = d.Fit.IC50M
				}
			}
			svg, err := plots.DoseResponse(fmt.Sprintf("%s — %s vs %s on arm %s", r.Name, d.Readout, d.Drug, d.Base), "dose of "+d.Drug+" (M)", "P("+d.Readout+" on)", []plots.DoseCurve{curve})
			if err != nil {
				return nil, fmt.Errorf("plot %s: %w", base, err)
			}
			files[base+".svg"] = svg
		}
	}
	if c := r.Combination; c != nil && len(c.Matrix) == len(c.Doses[0]) {
		var cs strings.Builder
		fmt.Fprintf(&cs, "%s\\%s,%s\n", c.Drugs[0], c.Drugs[1], strings.Join(c.Doses[1], ","))
		for i, row := range c.Matrix {
			cs.WriteString(c.Doses[0][i])
			for _, v := range row {
				fmt.Fprintf(&cs, ",%g", v)
			}
			cs.WriteString("\n")
		}
		files["combination.csv"] = []byte(cs.String())
		svg, err := plots.Heatmap(plots.Matrix{Title: fmt.Sprintf("%s — %s", r.Name, c.Readout), XLabel: "dose of " + c.Drugs[1], YLabel: "dose of " + c.Drugs[0],
			RowLabels: c.Doses[0], ColLabels: c.Doses[1], Values: c.Matrix, Note: synergyLine(c), ScaleLabel: "P(" + c.Readout + " on)"})
		if err != nil {
			return nil, fmt.Errorf("plot combination: %w", err)
		}
		files["combination.svg"] = svg
		if ex, ok := c.Excess["bliss"]; ok {
			svg, err := plots.Heatmap(plots.Matrix{Title: fmt.Sprintf("%s — Bliss excess on %s", r.Name, c.Readout), XLabel: "dose of " + c.Drugs[1], YLabel: "dose of " + c.Drugs[0],
				RowLabels: c.Doses[0], ColLabels: c.Doses[1], Values: ex, Diverging: true, Note: synergyLine(c), ScaleLabel: "Bliss excess\n(> 0 synergy)"})
			if err != nil {
				return nil, fmt.Errorf("plot synergy: %w", err)
			}
			files["synergy_bliss.svg"] = svg
		}
	}
	return files, nil
}
