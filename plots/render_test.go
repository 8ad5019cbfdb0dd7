package plots

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// To look at the figures as PNG (no SVG viewer needed):
//
//	go test ./plots/ -run TestRenderPNG -png /tmp/plots
var pngDir = flag.String("png", "", "write PNG renderings of the sample figures to this directory")

// sampleFigures are realistic figures, for the PNG check and the tests.
func sampleFigures(t *testing.T) map[string]figure {
	t.Helper()
	ts := make([]float64, 41)
	arms := []struct {
		name       string
		rate, plat float64
	}{{"control", 0.15, 0.85}, {"momelotinib 300 nM", 0.1, 0.45}, {"trametinib 10 nM", 0.12, 0.55}, {"momelotinib + trametinib", 0.08, 0.12}}
	var bands []Band
	for _, a := range arms {
		b := Band{Name: a.name, T: ts}
		for k := range ts {
			ts[k] = float64(k)
			m := a.plat * (1 - math.Exp(-a.rate*ts[k]))
			half := 1.96 * math.Sqrt(m*(1-m)/200)
			b.Mean = append(b.Mean, m)
			b.Lo = append(b.Lo, math.Max(0, m-half))
			b.Hi = append(b.Hi, math.Min(1, m+half))
		}
		bands = append(bands, b)
	}
	hill := func(ic50, n float64) func(float64) float64 {
		return func(x float64) float64 { return 0.05 + 0.9/(1+math.Pow(x/ic50, n)) }
	}
	doses := []float64{0, 1e-9, 3e-9, 1e-8, 3e-8, 1e-7, 3e-7, 1e-6, 3e-6, 1e-5}
	var curves []DoseCurve
	for i, d := range []struct {
		name     string
		ic50, n  float64
		withBars bool
	}{{"momelotinib", 3.1e-7, 1.2, true}, {"trametinib", 8e-9, 1, false}} {
		f := hill(d.ic50, d.n)
		c := DoseCurve{Name: d.name, Doses: doses, Fit: f, IC50: d.ic50}
		for k, x := range doses {
			v := f(x) + 0.03*math.Sin(float64(3*k+i))
			c.Values = append(c.Values, v)
			if d.withBars {
				c.Lo, c.Hi = append(c.Lo, math.Max(0, v-0.05)), append(c.Hi, math.Min(1, v+0.05))
			}
		}
		curves = append(curves, c)
	}
	labels := []string{"0", "1 nM", "10 nM", "100 nM", "1 µM"}
	readout := make([][]float64, 5)
	excess := make([][]float64, 5)
	for i := range readout {
		for j := range labels {
			a, b := 1/(1+math.Pow(10, float64(i)-2.5)), 1/(1+math.Pow(10, float64(j)-3))
			v := a * b * (1 - 0.1*float64(i*j)/16)
			readout[i] = append(readout[i], v)
			excess[i] = append(excess[i], a*b-v-0.02*float64(i-j)/4)
		}
	}
	figs := map[string]figure{}
	var err error
	if figs["timecourses"], err = timeCourses("tnbc — P(Proliferation) by arm", "time (steps)", "P(Proliferation on)", bands); err != nil {
		t.Fatal(err)
	}
	if figs["doseresponse"], err = doseResponse("tnbc — Proliferation vs dose", "dose of momelotinib (M)", "P(Proliferation on)", curves); err != nil {
		t.Fatal(err)
	}
	if figs["heatmap"], err = heatmap(Matrix{Title: "tnbc — Proliferation", XLabel: "trametinib", YLabel: "momelotinib", RowLabels: labels, ColLabels: labels, Values: readout, ScaleLabel: "P(Proliferation on)"}); err != nil {
		t.Fatal(err)
	}
	if figs["synergy"], err = heatmap(Matrix{Title: "tnbc — Bliss excess", XLabel: "trametinib", YLabel: "momelotinib", RowLabels: labels, ColLabels: labels, Values: excess, Diverging: true, Note: "Bliss 0.08, HSA 0.05, Loewe 0.03, ZIP 0.06", ScaleLabel: "Bliss excess\n(> 0 synergy)"}); err != nil {
		t.Fatal(err)
	}
	// Edge cases: single points, all-equal data, one dose, many columns.
	if figs["edge-single"], err = timeCourses("single time point", "time", "P", []Band{
		{Name: "a", T: []float64{5}, Mean: []float64{0.4}, Lo: []float64{0.3}, Hi: []float64{0.5}},
		{Name: "flat", T: []float64{0, 10}, Mean: []float64{0.7, 0.7}, Lo: []float64{0.7, 0.7}, Hi: []float64{0.7, 0.7}},
	}); err != nil {
		t.Fatal(err)
	}
	if figs["edge-dose"], err = doseResponse("one dose, values above 1", "dose (M)", "fold change", []DoseCurve{
		{Name: "x", Doses: []float64{2.5e-7}, Values: []float64{3}, IC50: 1e-4},
	}); err != nil {
		t.Fatal(err)
	}
	wide := make([]string, 12)
	row := make([]float64, 12)
	for j := range wide {
		wide[j] = molar(1e-9 * math.Pow(10, float64(j)/2))
		row[j] = -3.14159 * float64(j)
	}
	if figs["edge-heatmap"], err = heatmap(Matrix{Title: "one row, twelve columns, values far from [0, 1], a very long title that has to shrink to fit", XLabel: "drug B", YLabel: "drug A", RowLabels: []string{"10 nM"}, ColLabels: wide, Values: [][]float64{row}, Note: "note"}); err != nil {
		t.Fatal(err)
	}
	return figs
}

// TestRenderPNG writes the sample figures as PNG when -png is set, for a
// person to look at.
func TestRenderPNG(t *testing.T) {
	if *pngDir == "" {
		t.Skip("set -png DIR to write PNG renderings")
	}
	if err := os.MkdirAll(*pngDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, f := range sampleFigures(t) {
		c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(150))}
		f.draw(draw.New(c))
		out, err := os.Create(filepath.Join(*pngDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.WriteTo(out); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
