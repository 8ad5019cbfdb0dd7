package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

func validSVG(t *testing.T, svg []byte, want ...string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
	}
	for _, w := range want {
		if !bytes.Contains(svg, []byte(w)) {
			t.Errorf("SVG lacks %q", w)
		}
	}
}

func TestTimeCourses(t *testing.T) {
	bands := []Band{
		{Name: "control", T: []float64{1, 2, 3}, Mean: []float64{0.2, 0.5, 0.9}, Lo: []float64{0.1, 0.4, 0.85}, Hi: []float64{0.3, 0.6, 0.95}},
		{Name: "drug", T: []float64{1, 2, 3}, Mean: []float64{0.1, 0.2, 0.3}, Lo: []float64{0, 0.1, 0.2}, Hi: []float64{0.2, 0.3, 0.4}},
	}
	svg, err := TimeCourses("Proliferation", "time", "P(on)", bands)
	if err != nil {
		t.Fatal(err)
	}
	validSVG(t, svg, "Proliferation", "control", "drug")
	again, _ := TimeCourses("Proliferation", "time", "P(on)", bands)
	if !bytes.Equal(svg, again) {
		t.Error("same input gave different SVG")
	}
}

func TestDoseResponse(t *testing.T) {
	svg, err := DoseResponse("momelotinib", "P(Proliferation on)", []DoseCurve{{
		Name: "momelotinib", Doses: []float64{0, 1e-9, 1e-8, 1e-7, 1e-6}, Values: []float64{1, 0.98, 0.8, 0.2, 0.02},
		Fit: func(x float64) float64 { return 1 / (1 + math.Pow(x/3e-8, 1.5)) }, IC50: 3e-8,
	}})
	if err != nil {
		t.Fatal(err)
	}
	validSVG(t, svg, "momelotinib", "IC50 30 nM", "1 µM", "10 nM")
}

func TestHeatmap(t *testing.T) {
	svg, err := Heatmap("combination", "trametinib", "momelotinib", []string{"0", "100 nM"}, []string{"0", "1 nM", "10 nM"},
		[][]float64{{1, 0.8, 0.5}, {0.6, 0.4, 0.1}}, false, "Bliss 0.05")
	if err != nil {
		t.Fatal(err)
	}
	validSVG(t, svg, "combination", "Bliss 0.05", "0.40", "100 nM")
	if _, err := Heatmap("x", "a", "b", []string{"0"}, []string{"0"}, [][]float64{{-0.2}}, true, ""); err != nil {
		t.Error(err)
	}
}

func TestErrors(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		err  error
	}{
		{"no bands", func() error { _, err := TimeCourses("t", "x", "y", nil); return err }()},
		{"short band", func() error {
			_, err := TimeCourses("t", "x", "y", []Band{{Name: "a", T: []float64{1, 2}, Mean: []float64{1}, Lo: []float64{1}, Hi: []float64{1}}})
			return err
		}()},
		{"NaN", func() error {
			_, err := TimeCourses("t", "x", "y", []Band{{Name: "a", T: []float64{1}, Mean: []float64{nan}, Lo: []float64{0}, Hi: []float64{1}}})
			return err
		}()},
		{"zero doses", func() error {
			_, err := DoseResponse("t", "y", []DoseCurve{{Name: "a", Doses: []float64{0, 0}, Values: []float64{1, 1}}})
			return err
		}()},
		{"negative dose", func() error {
			_, err := DoseResponse("t", "y", []DoseCurve{{Name: "a", Doses: []float64{-1, 1}, Values: []float64{1, 1}}})
			return err
		}()},
		{"ragged matrix", func() error {
			_, err := Heatmap("t", "x", "y", []string{"a", "b"}, []string{"c"}, [][]float64{{1}, {1, 2}}, false, "")
			return err
		}()},
	}
	for _, c := range cases {
		if c.err == nil || !strings.HasPrefix(c.err.Error(), "plots: ") {
			t.Errorf("%s: error %v", c.name, c.err)
		}
	}
}

func ExampleHeatmap() {
	svg, err := Heatmap("Proliferation", "trametinib", "momelotinib", []string{"0", "100 nM"}, []string{"0", "1 nM"}, [][]float64{{1, 0.8}, {0.5, 0.2}}, false, "")
	fmt.Println(err == nil && len(svg) > 0)
	// Output: true
}
