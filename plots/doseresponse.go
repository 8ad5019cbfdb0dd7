package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DoseCurve is one dose-response series with an optional fitted curve.
type DoseCurve struct {
	Name   string
	Doses  []float64               // molar (> 0; a zero dose is drawn at the left edge of the axis, marked "0")
	Values []float64               // one per dose
	Lo, Hi []float64               // optional 95% CI per point (error bars); nil = none
	Fit    func(x float64) float64 // optional fitted curve of the dose in M, drawn smooth over the dose range
	IC50   float64                 // optional, in M, marked with a dashed vertical line and labelled; 0 = none
	// Midpoint names IC50 ("IC50" or "EC50") in the legend; "" is "IC50".
	Midpoint string
	// FitNote, when set, says the fit is not to be read (e.g. "no IC50: the
	// series is flat"): the curve is drawn dotted, its legend entry says
	// "fit not reported", and the note is printed under the title.
	FitNote string
}

// fitSamples is the number of points at which a Fit is drawn.
const fitSamples = 200

// DoseResponse plots curves on a log10 dose axis with molar tick labels
// (1 nM, 10 nM, 100 nM, 1 µM, ...): each curve's points (with error bars
// when Lo and Hi are given) in its colour, its Fit as a line over its
// positive doses, its IC50 as a dashed vertical line labelled in the legend
// ("IC50 310 nM"). Zero doses are drawn one decade left of the lowest
// labelled decade, at a tick marked "0". Non-finite values of a Fit are
// skipped. The y axis runs from 0 to 1 when every value and bound lies in
// [0, 1].
func DoseResponse(title, xlabel, ylabel string, curves []DoseCurve) ([]byte, error) {
	f, err := doseResponse(title, xlabel, ylabel, curves)
	if err != nil {
		return nil, err
	}
	return f.svg()
}

// doseResponse builds the figure DoseResponse renders.
func doseResponse(title, xlabel, ylabel string, curves []DoseCurve) (figure, error) {
	ax, err := checkCurves(curves)
	if err != nil {
		return figure{}, fmt.Errorf("plots: DoseResponse: %w", err)
	}
	p := newPlot(xlabel, ylabel)
	var notes []string
	legend := newLegend()
	unit := true
	for i, c := range curves {
		col := seriesColour(i)
		pts := make(plotter.XYs, len(c.Doses))
		for k, d := range c.Doses {
			pts[k] = plotter.XY{X: ax.x(d), Y: c.Values[k]}
			unit = unit && inUnit(c.Values[k])
			if c.Lo != nil {
				unit = unit && inUnit(c.Lo[k]) && inUnit(c.Hi[k])
			}
		}
		marks, sc, err := points(pts, c.Lo, c.Hi, col)
		if err != nil {
			return figure{}, fmt.Errorf("plots: DoseResponse: curve %d: %w", i, err)
		}
		p.Add(marks...)
		thumbs := []plot.Thumbnailer{sc}
		var dotted *plotter.Line
		if c.Fit != nil {
			if line := fitLine(c, col); line != nil {
				p.Add(line)
				if c.FitNote != "" {
					line.LineStyle.Dashes = []vg.Length{vg.Points(1), vg.Points(3)}
					line.LineStyle.Width = vg.Points(1)
					dotted = line
				} else {
					thumbs = append(thumbs, line)
				}
			}
		}
		legend.Add(c.Name, thumbs...)
		if dotted != nil {
			legend.Add("fit not reported", dotted)
		}
		if c.FitNote != "" {
			notes = append(notes, c.FitNote)
		}
		if c.IC50 > 0 {
			l := vline{X: math.Log10(c.IC50), Style: draw.LineStyle{
				Color: col, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)},
			}}
			p.Add(l)
			mid := c.Midpoint
			if mid == "" {
				mid = "IC50"
			}
			legend.Add(mid+" "+molar(c.IC50), l)
		}
	}
	p.X.Min, p.X.Max = ax.min, ax.max
	p.X.Tick.Marker = ax
	if unit {
		p.Y.Min, p.Y.Max = 0, 1
	}
	return figure{title: title, note: strings.Join(notes, "; "), main: p, legend: &legend}, nil
}

// fitLine samples c.Fit evenly in log dose over c's positive doses (half a
// decade either side of a single dose); nil when no sample is finite.
func fitLine(c DoseCurve, col color.Color) *plotter.Line {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range c.Doses {
		if d > 0 {
			lo, hi = math.Min(lo, math.Log10(d)), math.Max(hi, math.Log10(d))
		}
	}
	if math.IsInf(lo, 0) {
		return nil
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	var pts plotter.XYs
	for k := range fitSamples {
		x := lo + (hi-lo)*float64(k)/(fitSamples-1)
		y := c.Fit(math.Pow(10, x))
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	if len(pts) < 2 {
		return nil
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil // unreachable: pts are finite
	}
	line.Color, line.Width = col, vg.Points(1.5)
	return line
}

// checkCurves validates DoseResponse's input and returns the dose axis.
func checkCurves(curves []DoseCurve) (doseAxis, error) {
	if len(curves) == 0 {
		return doseAxis{}, fmt.Errorf("no curves; pass at least one (%w)", ErrEmpty)
	}
	lo, hi := math.Inf(1), math.Inf(-1) // log10 of the positive doses and IC50s
	zero := false
	for i, c := range curves {
		s := seriesName("curve", c.Name, i)
		n := len(c.Doses)
		if n == 0 {
			return doseAxis{}, fmt.Errorf("%s: no doses (%w)", s, ErrEmpty)
		}
		if err := checkLen(s, "Values", c.Values, n, "Doses"); err != nil {
			return doseAxis{}, err
		}
		if (c.Lo == nil) != (c.Hi == nil) {
			return doseAxis{}, fmt.Errorf("%s: Lo and Hi must be given together or both nil (%w)", s, ErrLength)
		}
		for _, f := range []struct {
			name string
			xs   []float64
		}{{"Doses", c.Doses}, {"Values", c.Values}, {"Lo", c.Lo}, {"Hi", c.Hi}} {
			if f.xs != nil {
				if err := checkLen(s, f.name, f.xs, n, "Doses"); err != nil {
					return doseAxis{}, err
				}
			}
			if err := checkFinite(s, f.name, f.xs); err != nil {
				return doseAxis{}, err
			}
		}
		if err := checkBounds(s, c.Lo, c.Hi); err != nil {
			return doseAxis{}, err
		}
		for k, d := range c.Doses {
			switch {
			case d < 0:
				return doseAxis{}, fmt.Errorf("%s: Doses[%d] = %g is negative; doses are molar concentrations (%w)", s, k, d, ErrDomain)
			case d == 0:
				zero = true
			default:
				lo, hi = math.Min(lo, math.Log10(d)), math.Max(hi, math.Log10(d))
			}
		}
		switch ic := c.IC50; {
		case math.IsNaN(ic) || math.IsInf(ic, 0):
			return doseAxis{}, fmt.Errorf("%s: IC50 is %v; use 0 for none (%w)", s, ic, ErrNotFinite)
		case ic < 0:
			return doseAxis{}, fmt.Errorf("%s: IC50 = %g is negative; use 0 for none (%w)", s, ic, ErrDomain)
		case ic > 0:
			lo, hi = math.Min(lo, math.Log10(ic)), math.Max(hi, math.Log10(ic))
		}
	}
	if math.IsInf(lo, 0) {
		return doseAxis{}, fmt.Errorf("every dose is 0; a log dose axis needs a positive dose (%w)", ErrDomain)
	}
	return newDoseAxis(lo, hi, zero), nil
}

// doseAxis maps doses to log10 and ticks them in molar units. Decades
// first..last are labelled; zero doses sit at first-1.
type doseAxis struct {
	first, last int
	zero        bool
	min, max    float64 // axis range in log10(M)
}

// newDoseAxis spans log10 doses lo..hi with whole decades.
func newDoseAxis(lo, hi float64, zero bool) doseAxis {
	const eps = 1e-9 // Log10(1e-7) may be -6.999...
	a := doseAxis{first: int(math.Floor(lo + eps)), last: int(math.Ceil(hi - eps)), zero: zero}
	if a.last == a.first {
		a.last++
	}
	a.min, a.max = float64(a.first)-0.15, float64(a.last)+0.15
	if zero {
		a.min = float64(a.first) - 1.15
	}
	return a
}

// x is where dose d (M) is drawn.
func (a doseAxis) x(d float64) float64 {
	if d == 0 {
		return float64(a.first - 1)
	}
	return math.Log10(d)
}

// Ticks implements plot.Ticker: "0" for the zero dose, labelled decades (at
// most about eight labels) and unlabelled minor ticks at 2–9 × 10^e.
func (a doseAxis) Ticks(_, _ float64) []plot.Tick {
	var ticks []plot.Tick
	if a.zero {
		ticks = append(ticks, plot.Tick{Value: float64(a.first - 1), Label: "0"})
	}
	every := (a.last - a.first + 8) / 8
	for e := a.first; e <= a.last; e++ {
		t := plot.Tick{Value: float64(e)}
		if (e-a.first)%every == 0 {
			t.Label = molar(math.Pow(10, float64(e)))
		}
		ticks = append(ticks, t)
		if every == 1 && e < a.last {
			for m := 2; m <= 9; m++ {
				ticks = append(ticks, plot.Tick{Value: float64(e) + math.Log10(float64(m))})
			}
		}
	}
	return ticks
}

// molar formats a concentration in M with the unit that reads best and three
// significant digits: 3.1e-7 → "310 nM", 1e-6 → "1 µM".
func molar(m float64) string {
	// Round first, so that 999.9 nM reads "1 µM", not "1e+03 nM".
	m, _ = strconv.ParseFloat(strconv.FormatFloat(m, 'g', 3, 64), 64)
	for _, u := range []struct {
		name  string
		scale float64
	}{{"pM", 1e-12}, {"nM", 1e-9}, {"µM", 1e-6}, {"mM", 1e-3}} {
		if m < u.scale*1000*(1-1e-12) {
			return strconv.FormatFloat(m/u.scale, 'g', 3, 64) + " " + u.name
		}
	}
	return strconv.FormatFloat(m, 'g', 3, 64) + " M"
}
