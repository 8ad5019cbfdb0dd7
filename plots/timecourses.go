package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Band is one arm's time course: mean with a 95% confidence band.
// T, Mean, Lo and Hi have the same length; T is non-decreasing and
// Lo[i] <= Hi[i].
type Band struct {
	Name            string
	T, Mean, Lo, Hi []float64
}

// TimeCourses plots several bands, one colour each: the band shaded, the
// mean as a line, and a legend of the names right of the plot. A band of a
// single time point is drawn as a point with an error bar. The y axis runs
// from 0 to 1 when every mean and bound lies in [0, 1].
func TimeCourses(title, xlabel, ylabel string, bands []Band) ([]byte, error) {
	f, err := timeCourses(title, xlabel, ylabel, bands)
	if err != nil {
		return nil, err
	}
	return f.svg()
}

// timeCourses builds the figure TimeCourses renders.
func timeCourses(title, xlabel, ylabel string, bands []Band) (figure, error) {
	if err := checkBands(bands); err != nil {
		return figure{}, fmt.Errorf("plots: TimeCourses: %w", err)
	}
	p := newPlot(xlabel, ylabel)
	legend := newLegend()
	unit := true
	for i, b := range bands {
		col := seriesColour(i)
		n := len(b.T)
		mean := make(plotter.XYs, n)
		band := make(plotter.XYs, 0, 2*n)
		for k := range n {
			mean[k] = plotter.XY{X: b.T[k], Y: b.Mean[k]}
			band = append(band, plotter.XY{X: b.T[k], Y: b.Hi[k]})
			unit = unit && inUnit(b.Mean[k]) && inUnit(b.Lo[k]) && inUnit(b.Hi[k])
		}
		for k := n - 1; k >= 0; k-- {
			band = append(band, plotter.XY{X: b.T[k], Y: b.Lo[k]})
		}
		shade, err := plotter.NewPolygon(band)
		if err != nil {
			return figure{}, fmt.Errorf("plots: TimeCourses: band %d: %w", i, err)
		}
		shade.Color = color.NRGBA{col.R, col.G, col.B, 56}
		shade.LineStyle.Width = 0
		line, err := plotter.NewLine(mean)
		if err != nil {
			return figure{}, fmt.Errorf("plots: TimeCourses: band %d: %w", i, err)
		}
		line.Color, line.Width = col, vg.Points(1.5)
		if n == 1 {
			// A polygon and a line of one point are invisible: draw the
			// point and its interval instead.
			pts, sc, err := points(mean, b.Lo, b.Hi, col)
			if err != nil {
				return figure{}, fmt.Errorf("plots: TimeCourses: band %d: %w", i, err)
			}
			p.Add(pts...)
			legend.Add(b.Name, sc)
			continue
		}
		p.Add(shade, line)
		legend.Add(b.Name, shade, line)
	}
	if unit {
		p.Y.Min, p.Y.Max = 0, 1
	}
	return figure{title: title, main: p, legend: &legend}, nil
}

// checkBands validates TimeCourses' input.
func checkBands(bands []Band) error {
	if len(bands) == 0 {
		return fmt.Errorf("no bands; pass at least one (%w)", ErrEmpty)
	}
	for i, b := range bands {
		s := seriesName("band", b.Name, i)
		n := len(b.T)
		if n == 0 {
			return fmt.Errorf("%s: no time points (%w)", s, ErrEmpty)
		}
		for _, f := range []struct {
			name string
			xs   []float64
		}{{"T", b.T}, {"Mean", b.Mean}, {"Lo", b.Lo}, {"Hi", b.Hi}} {
			if err := checkLen(s, f.name, f.xs, n, "T"); err != nil {
				return err
			}
			if err := checkFinite(s, f.name, f.xs); err != nil {
				return err
			}
		}
		for k := 1; k < n; k++ {
			if b.T[k] < b.T[k-1] {
				return fmt.Errorf("%s: T[%d] = %g comes before T[%d] = %g; times must be in order (%w)", s, k, b.T[k], k-1, b.T[k-1], ErrDomain)
			}
		}
		if err := checkBounds(s, b.Lo, b.Hi); err != nil {
			return err
		}
	}
	return nil
}

// inUnit reports whether x lies in [0, 1].
func inUnit(x float64) bool { return 0 <= x && x <= 1 }
