package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// checkSVG fails unless svg is well-formed XML with an <svg> root whose
// character data contains every string in want.
func checkSVG(t *testing.T, svg []byte, want ...string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var text strings.Builder
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("root element is %q, want svg", root)
	}
	for _, w := range want {
		if !strings.Contains(text.String(), w) {
			t.Errorf("SVG text lacks %q", w)
		}
	}
}

// render calls f twice and checks that both calls give the same bytes.
func render(t *testing.T, f func() ([]byte, error)) ([]byte, error) {
	t.Helper()
	a, err := f()
	if err != nil {
		return nil, err
	}
	b, err := f()
	if err != nil {
		t.Fatalf("second call failed: %v", err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same input gave different SVG bytes")
	}
	return a, nil
}

func TestTimeCourses(t *testing.T) {
	t3 := []float64{0, 1, 2}
	nan := math.NaN()
	for _, c := range []struct {
		name  string
		bands []Band
		want  []string // in the SVG text
		err   error    // sentinel, or nil
	}{
		{"two arms", []Band{
			{Name: "control", T: t3, Mean: []float64{0.2, 0.5, 0.9}, Lo: []float64{0.1, 0.4, 0.85}, Hi: []float64{0.3, 0.6, 0.95}},
			{Name: "drug", T: t3, Mean: []float64{0.1, 0.2, 0.3}, Lo: []float64{0, 0.1, 0.2}, Hi: []float64{0.2, 0.3, 0.4}},
		}, []string{"P(Proliferation)", "control", "drug", "time", "P(on)"}, nil},
		{"markup in names is escaped", []Band{
			{Name: `a<b & "c"`, T: t3, Mean: t3, Lo: t3, Hi: t3},
		}, []string{`a<b & "c"`}, nil},
		{"single point", []Band{{Name: "one", T: []float64{3}, Mean: []float64{0.5}, Lo: []float64{0.4}, Hi: []float64{0.6}}}, []string{"one"}, nil},
		{"all equal", []Band{{Name: "flat", T: []float64{0, 0}, Mean: []float64{2, 2}, Lo: []float64{2, 2}, Hi: []float64{2, 2}}}, []string{"flat"}, nil},
		{"no bands", nil, nil, ErrEmpty},
		{"no points", []Band{{Name: "a"}}, nil, ErrEmpty},
		{"short mean", []Band{{Name: "a", T: t3, Mean: []float64{1}, Lo: t3, Hi: t3}}, nil, ErrLength},
		{"nil Hi", []Band{{Name: "a", T: t3, Mean: t3, Lo: t3}}, nil, ErrLength},
		{"NaN mean", []Band{{Name: "a", T: t3, Mean: []float64{0, nan, 0}, Lo: t3, Hi: t3}}, nil, ErrNotFinite},
		{"Inf time", []Band{{Name: "a", T: []float64{0, math.Inf(1), 2}, Mean: t3, Lo: t3, Hi: t3}}, nil, ErrNotFinite},
		{"times out of order", []Band{{Name: "a", T: []float64{0, 2, 1}, Mean: t3, Lo: t3, Hi: t3}}, nil, ErrDomain},
		{"swapped bounds", []Band{{Name: "a", T: t3, Mean: t3, Lo: []float64{0, 1, 3}, Hi: []float64{0, 1, 2}}}, nil, ErrDomain},
	} {
		t.Run(c.name, func(t *testing.T) {
			svg, err := render(t, func() ([]byte, error) { return TimeCourses("P(Proliferation)", "time", "P(on)", c.bands) })
			checkErr(t, err, c.err)
			if err == nil {
				checkSVG(t, svg, c.want...)
			}
		})
	}
}

func TestDoseResponse(t *testing.T) {
	hill := func(x float64) float64 { return 1 / (1 + math.Pow(x/3.1e-7, 1.5)) }
	doses := []float64{0, 1e-9, 1e-8, 1e-7, 1e-6}
	vals := []float64{1, 0.98, 0.8, 0.2, 0.02}
	for _, c := range []struct {
		name   string
		curves []DoseCurve
		want   []string
		err    error
	}{
		// Tick labels and the IC50 label by hand: 3.1e-7 M = 310 nM.
		{"fit and IC50", []DoseCurve{{Name: "momelotinib", Doses: doses, Values: vals, Fit: hill, IC50: 3.1e-7}},
			[]string{"momelotinib", "IC50 310 nM", "0", "1 nM", "10 nM", "100 nM", "1 µM", "dose", "P(on)"}, nil},
		{"error bars, two curves", []DoseCurve{
			{Name: "a", Doses: doses, Values: vals, Lo: []float64{0.9, 0.9, 0.7, 0.1, 0}, Hi: []float64{1, 1, 0.9, 0.3, 0.1}},
			{Name: "b", Doses: doses[1:], Values: vals[1:]},
		}, []string{"a", "b"}, nil},
		{"single dose", []DoseCurve{{Name: "one", Doses: []float64{5e-8}, Values: []float64{0.5}, Fit: hill}}, []string{"one", "10 nM", "100 nM"}, nil},
		{"all equal values", []DoseCurve{{Name: "flat", Doses: doses, Values: []float64{3, 3, 3, 3, 3}}}, []string{"flat"}, nil},
		{"fit with NaN is skipped", []DoseCurve{{Name: "x", Doses: doses, Values: vals, Fit: func(float64) float64 { return math.NaN() }}}, []string{"x"}, nil},
		{"no curves", nil, nil, ErrEmpty},
		{"no doses", []DoseCurve{{Name: "a"}}, nil, ErrEmpty},
		{"values short", []DoseCurve{{Name: "a", Doses: doses, Values: vals[:2]}}, nil, ErrLength},
		{"Lo without Hi", []DoseCurve{{Name: "a", Doses: doses, Values: vals, Lo: vals}}, nil, ErrLength},
		{"Hi short", []DoseCurve{{Name: "a", Doses: doses, Values: vals, Lo: vals, Hi: vals[:1]}}, nil, ErrLength},
		{"NaN value", []DoseCurve{{Name: "a", Doses: doses, Values: []float64{1, math.NaN(), 1, 1, 1}}}, nil, ErrNotFinite},
		{"Inf IC50", []DoseCurve{{Name: "a", Doses: doses, Values: vals, IC50: math.Inf(1)}}, nil, ErrNotFinite},
		{"negative IC50", []DoseCurve{{Name: "a", Doses: doses, Values: vals, IC50: -1}}, nil, ErrDomain},
		{"negative dose", []DoseCurve{{Name: "a", Doses: []float64{-1e-9, 1e-9}, Values: []float64{1, 1}}}, nil, ErrDomain},
		{"only zero doses", []DoseCurve{{Name: "a", Doses: []float64{0, 0}, Values: []float64{1, 1}}}, nil, ErrDomain},
	} {
		t.Run(c.name, func(t *testing.T) {
			svg, err := render(t, func() ([]byte, error) { return DoseResponse("dose response", "dose (M)", "P(on)", c.curves) })
			checkErr(t, err, c.err)
			if err == nil {
				checkSVG(t, svg, append(c.want, "dose response")...)
			}
		})
	}
}

func TestHeatmap(t *testing.T) {
	rows, cols := []string{"0", "100 nM"}, []string{"0", "1 nM", "10 nM"}
	m := [][]float64{{1, 0.8, 0.5}, {0.6, 0.4, 0.1}}
	for _, c := range []struct {
		name       string
		rows, cols []string
		values     [][]float64
		diverging  bool
		want       []string
		err        error
	}{
		{"readout", rows, cols, m, false, []string{"1.00", "0.40", "0.10", "100 nM", "10 nM", "trametinib", "momelotinib", "Bliss 0.08"}, nil},
		{"synergy", rows, cols, [][]float64{{0, 0.1, -0.2}, {0.3, -0.001, 0}}, true, []string{"0.30", "-0.20", "0.00"}, nil},
		{"single cell", []string{"0"}, []string{"0"}, [][]float64{{-0.2}}, true, []string{"-0.20"}, nil},
		{"all equal, outside [0,1]", rows, cols, [][]float64{{5, 5, 5}, {5, 5, 5}}, false, []string{"5.00"}, nil},
		{"all zero, diverging", rows, cols, [][]float64{{0, 0, 0}, {0, 0, 0}}, true, []string{"0.00"}, nil},
		{"no rows", nil, cols, nil, false, nil, ErrEmpty},
		{"no columns", rows, nil, [][]float64{{}, {}}, false, nil, ErrEmpty},
		{"row labels short", rows[:1], cols, m, false, nil, ErrLength},
		{"ragged", rows, cols, [][]float64{{1, 2, 3}, {1, 2}}, false, nil, ErrLength},
		{"Inf", rows, cols, [][]float64{{1, 2, 3}, {1, math.Inf(-1), 3}}, false, nil, ErrNotFinite},
	} {
		t.Run(c.name, func(t *testing.T) {
			svg, err := render(t, func() ([]byte, error) {
				return Heatmap(Matrix{Title: "combination", XLabel: "trametinib", YLabel: "momelotinib", RowLabels: c.rows, ColLabels: c.cols, Values: c.values, Diverging: c.diverging, Note: "Bliss 0.08, HSA 0.05", ScaleLabel: "P(on)"})
			})
			checkErr(t, err, c.err)
			if err == nil {
				checkSVG(t, svg, append(c.want, "combination")...)
			}
		})
	}
}

// checkErr fails unless err wraps want (or both are nil) and, when not nil,
// reads "plots: Func: ...".
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error %v, want one wrapping %v", err, want)
	case err != nil && !strings.HasPrefix(err.Error(), "plots: "):
		t.Errorf("error %q does not start with \"plots: \"", err)
	}
}

func TestMolar(t *testing.T) {
	// Expected strings by hand: the unit is the largest one in which the
	// value, rounded to 3 significant digits, is at least 1.
	for _, c := range []struct {
		m    float64
		want string
	}{
		{1e-12, "1 pM"}, {1e-10, "100 pM"}, {1e-9, "1 nM"}, {3.1e-7, "310 nM"},
		{1e-7, "100 nM"}, {9.999e-7, "1 µM"}, {1e-6, "1 µM"}, {2.5e-5, "25 µM"},
		{1e-3, "1 mM"}, {2, "2 M"}, {math.Pow(10, -8), "10 nM"},
	} {
		if got := molar(c.m); got != c.want {
			t.Errorf("molar(%g) = %q, want %q", c.m, got, c.want)
		}
	}
}

func TestCellText(t *testing.T) {
	for v, want := range map[float64]string{0: "0.00", -0.001: "0.00", 0.005: "0.01", -0.25: "-0.25", 12.345: "12.35", math.Copysign(0, -1): "0.00"} {
		if got := cellText(v); got != want {
			t.Errorf("cellText(%g) = %q, want %q", v, got, want)
		}
	}
}

// The sample figures used for the PNG check render to SVG too.
func TestSampleFigures(t *testing.T) {
	for name, f := range sampleFigures(t) {
		svg, err := f.svg()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSVG(t, svg)
	}
}

// TestHonestScales: a diverging scale spans at least ±0.1 (noise of a few
// hundredths must not fill the colour range), the colour bar carries its
// label, and a dose curve whose fit is not reported says so in the legend
// and under the title (issue 11, item 16).
func TestHonestScales(t *testing.T) {
	cm, err := colourMap(-0.02, 0.03, true)
	if err != nil {
		t.Fatal(err)
	}
	if cm.Min() != -MinDivergingSpan || cm.Max() != MinDivergingSpan {
		t.Errorf("diverging scale [%g, %g], want ±%g", cm.Min(), cm.Max(), MinDivergingSpan)
	}
	if cm, _ := colourMap(-0.4, 0.2, true); cm.Min() != -0.4 || cm.Max() != 0.4 {
		t.Errorf("diverging scale [%g, %g], want ±0.4", cm.Min(), cm.Max())
	}
	svg, err := Heatmap(Matrix{Title: "t", RowLabels: []string{"0", "1nM"}, ColLabels: []string{"0", "1nM"}, Values: [][]float64{{0, 0.01}, {0.02, -0.01}}, Diverging: true, ScaleLabel: "Bliss excess"})
	if err != nil || !strings.Contains(string(svg), "Bliss excess") {
		t.Errorf("colour bar label missing (%v)", err)
	}
	fit := func(x float64) float64 { return 0.3 }
	svg, err = DoseResponse("t", "dose of d (M)", "P", []DoseCurve{{Name: "d", Doses: []float64{0, 1e-9, 1e-8, 1e-7}, Values: []float64{0.3, 0.3, 0.31, 0.3}, Fit: fit, FitNote: "no IC50: the series is flat"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fit not reported", "no IC50: the series is flat", "dose of d (M)"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the plot lacks %q", want)
		}
	}
}
