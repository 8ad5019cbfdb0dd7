package plots_test

import (
	"fmt"
	"math"
	"os"

	"github.com/ikklab/ikklab/plots"
)

func ExampleTimeCourses() {
	t := []float64{0, 10, 20, 30}
	svg, err := plots.TimeCourses("P(Proliferation) by arm", "time", "P(Proliferation on)", []plots.Band{
		{Name: "control", T: t, Mean: []float64{0, 0.6, 0.8, 0.85}, Lo: []float64{0, 0.55, 0.75, 0.8}, Hi: []float64{0, 0.65, 0.85, 0.9}},
		{Name: "momelotinib 300 nM", T: t, Mean: []float64{0, 0.3, 0.4, 0.42}, Lo: []float64{0, 0.25, 0.35, 0.37}, Hi: []float64{0, 0.35, 0.45, 0.47}},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(len(svg) > 0)
	// Output: true
}

func ExampleDoseResponse() {
	fit := func(x float64) float64 { return 1 / (1 + math.Pow(x/3.1e-7, 1.2)) }
	doses := []float64{0, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5}
	values := make([]float64, len(doses))
	for i, d := range doses {
		values[i] = fit(d)
	}
	svg, err := plots.DoseResponse("Proliferation vs momelotinib", "dose of momelotinib (M)", "P(Proliferation on)", []plots.DoseCurve{
		{Name: "momelotinib", Doses: doses, Values: values, Fit: fit, IC50: 3.1e-7},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(len(svg) > 0)
	// Output: true
}

func ExampleHeatmap() {
	doses := []string{"0", "10 nM", "100 nM"}
	excess := [][]float64{{0, 0.01, 0.02}, {0.01, 0.08, 0.12}, {0.02, 0.10, 0.05}}
	svg, err := plots.Heatmap(plots.Matrix{Title: "Bliss excess", XLabel: "trametinib", YLabel: "momelotinib", RowLabels: doses, ColLabels: doses,
		Values: excess, Diverging: true, Note: "Bliss 0.08, HSA 0.05, Loewe 0.03, ZIP 0.06", ScaleLabel: "Bliss excess"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(len(svg) > 0)
	// Output: true
}

func Example_errors() {
	_, err := plots.TimeCourses("t", "time", "P", []plots.Band{{Name: "control", T: []float64{0, 1}, Mean: []float64{0.5}, Lo: []float64{0, 0}, Hi: []float64{1, 1}}})
	fmt.Println(err)
	// Output: plots: TimeCourses: band 0 ("control"): 1 values in Mean but 2 in T (plots: lengths differ)
}
