package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// size of every plot.
const (
	width  = 6 * vg.Inch
	height = 4 * vg.Inch
)

// palette is a colour-blind-safe qualitative palette (Okabe & Ito 2008).
var palette = []color.RGBA{
	{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
	{230, 159, 0, 255}, {86, 180, 233, 255}, {0, 0, 0, 255}, {240, 228, 66, 255},
}

func colour(i int) color.RGBA { return palette[i%len(palette)] }

// Band is one arm's time course: mean with a 95% confidence band.
type Band struct {
	Name            string
	T, Mean, Lo, Hi []float64
}

func finite(name string, xs ...[]float64) error {
	for _, x := range xs {
		for _, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("plots: %s holds a value that is not finite", name)
			}
		}
	}
	return nil
}

// TimeCourses plots several bands, one colour each: the band shaded, the
// mean as a line, a legend.
func TimeCourses(title, xlabel, ylabel string, bands []Band) ([]byte, error) {
	if len(bands) == 0 {
		return nil, errors.New("plots: no time course to draw")
	}
	p := newPlot(title, xlabel, ylabel)
	all01 := true
	for i, b := range bands {
		n := len(b.T)
		if n == 0 || len(b.Mean) != n || len(b.Lo) != n || len(b.Hi) != n {
			return nil, fmt.Errorf("plots: time course %q: t, mean, lo and hi must have the same, non-zero length", b.Name)
		}
		if err := finite(b.Name, b.T, b.Mean, b.Lo, b.Hi); err != nil {
			return nil, err
		}
		c := colour(i)
		poly := make(plotter.XYs, 0, 2*n)
		line := make(plotter.XYs, n)
		for k := 0; k < n; k++ {
			poly = append(poly, plotter.XY{X: b.T[k], Y: b.Hi[k]})
			line[k] = plotter.XY{X: b.T[k], Y: b.Mean[k]}
			all01 = all01 && inUnit(b.Mean[k], b.Lo[k], b.Hi[k])
		}
		for k := n - 1; k >= 0; k-- {
			poly = append(poly, plotter.XY{X: b.T[k], Y: b.Lo[k]})
		}
		if n > 1 {
			pg, err := plotter.NewPolygon(poly)
			if err != nil {
				return nil, err
			}
			pg.Color = color.RGBA{c.R, c.G, c.B, 60}
			pg.LineStyle.Width = 0
			p.Add(pg)
		}
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = c, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(b.Name, l)
	}
	if all01 {
		p.Y.Min, p.Y.Max = 0, 1.05
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	return render(p)
}

func inUnit(xs ...float64) bool {
	for _, x := range xs {
		if x < 0 || x > 1 {
			return false
		}
	}
	return true
}

// DoseCurve is one dose-response series with an optional fitted curve.
type DoseCurve struct {
	Name   string
	Doses  []float64 // molar; a zero dose is drawn at the left edge, marked "0"
	Values []float64
	Lo, Hi []float64 // optional 95% CI per point
	Fit    func(x float64) float64
	IC50   float64 // optional, marked with a dashed line; 0 = none
}

// DoseResponse plots curves on a log10 dose axis with molar tick labels.
func DoseResponse(title, ylabel string, curves []DoseCurve) ([]byte, error) {
	if len(curves) == 0 {
		return nil, errors.New("plots: no dose-response curve to draw")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	all01 := true
	for _, c := range curves {
		if len(c.Doses) == 0 || len(c.Values) != len(c.Doses) {
			return nil, fmt.Errorf("plots: curve %q: doses and values must have the same, non-zero length", c.Name)
		}
		if (c.Lo != nil || c.Hi != nil) && (len(c.Lo) != len(c.Doses) || len(c.Hi) != len(c.Doses)) {
			return nil, fmt.Errorf("plots: curve %q: confidence bounds must have one value per dose", c.Name)
		}
		if err := finite(c.Name, c.Doses, c.Values, c.Lo, c.Hi); err != nil {
			return nil, err
		}
		for k, d := range c.Doses {
			if d < 0 {
				return nil, fmt.Errorf("plots: curve %q: negative dose %g", c.Name, d)
			}
			if d > 0 {
				lo, hi = math.Min(lo, d), math.Max(hi, d)
			}
			all01 = all01 && inUnit(c.Values[k])
		}
	}
	if math.IsInf(lo, 1) {
		return nil, errors.New("plots: every dose is zero")
	}
	left := math.Floor(math.Log10(lo)) - 1 // where a zero dose is drawn
	right := math.Ceil(math.Log10(hi))
	if right <= left+1 {
		right = left + 2
	}
	lx := func(d float64) float64 {
		if d == 0 {
			return left
		}
		return math.Log10(d)
	}
	p := newPlot(title, "dose", ylabel)
	p.X.Min, p.X.Max = left-0.2, right+0.2
	p.X.Tick.Marker = doseTicks{left: left, right: right}
	for i, c := range curves {
		col := colour(i)
		pts := make(plotter.XYs, len(c.Doses))
		for k, d := range c.Doses {
			pts[k] = plotter.XY{X: lx(d), Y: c.Values[k]}
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = col, vg.Points(3), draw.CircleGlyph{}
		p.Add(sc)
		p.Legend.Add(c.Name, sc)
		if c.Lo != nil {
			errs := make(plotter.YErrors, len(c.Doses))
			for k := range c.Doses {
				errs[k].Low, errs[k].High = c.Values[k]-c.Lo[k], c.Hi[k]-c.Values[k]
			}
			eb, err := plotter.NewYErrorBars(struct {
				plotter.XYer
				plotter.YErrorer
			}{pts, errs})
			if err == nil {
				eb.Color = col
				p.Add(eb)
			}
		}
		if c.Fit != nil {
			n := 200
			curve := make(plotter.XYs, 0, n)
			a, b := math.Log10(lo)-0.3, math.Log10(hi)+0.3
			for k := 0; k < n; k++ {
				x := a + (b-a)*float64(k)/float64(n-1)
				y := c.Fit(math.Pow(10, x))
				if !math.IsNaN(y) && !math.IsInf(y, 0) {
					curve = append(curve, plotter.XY{X: x, Y: y})
				}
			}
			if len(curve) > 1 {
				l, err := plotter.NewLine(curve)
				if err == nil {
					l.Color, l.Width = col, vg.Points(1.5)
					p.Add(l)
				}
			}
		}
		if c.IC50 > 0 && !math.IsInf(c.IC50, 0) {
			x := math.Log10(c.IC50)
			l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1}})
			if err == nil {
				l.Color, l.Dashes = col, []vg.Length{vg.Points(4), vg.Points(3)}
				p.Add(l)
				p.Legend.Add(fmt.Sprintf("IC50 %s", molar(c.IC50)), l)
			}
		}
	}
	if all01 {
		p.Y.Min, p.Y.Max = 0, 1.05
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	return render(p)
}

// doseTicks labels a log10 dose axis with molar units.
type doseTicks struct{ left, right float64 }

func (t doseTicks) Ticks(min, max float64) []plot.Tick {
	ticks := []plot.Tick{{Value: t.left, Label: "0"}}
	for e := t.left + 1; e <= t.right; e++ {
		ticks = append(ticks, plot.Tick{Value: e, Label: molar(math.Pow(10, e))})
	}
	return ticks
}

// molar formats a concentration in the unit that reads best.
func molar(m float64) string {
	for _, u := range []struct {
		name  string
		scale float64
	}{{"pM", 1e-12}, {"nM", 1e-9}, {"µM", 1e-6}, {"mM", 1e-3}} {
		if m < u.scale*1000*(1-1e-9) {
			return strconv.FormatFloat(m/u.scale, 'g', 3, 64) + " " + u.name
		}
	}
	return fmt.Sprintf("%.3g M", m)
}

// Heatmap plots a matrix of values (rows × cols) with each cell's value
// written in it; diverging colours (blue–white–red centred at 0) suit
// synergy excess, sequential ones a readout.
func Heatmap(title, xlabel, ylabel string, rowLabels, colLabels []string, values [][]float64, diverging bool, note string) ([]byte, error) {
	if len(values) == 0 || len(values) != len(rowLabels) {
		return nil, errors.New("plots: heatmap needs one label per row and at least one row")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, row := range values {
		if len(row) != len(colLabels) || len(row) == 0 {
			return nil, fmt.Errorf("plots: heatmap row %d has %d values for %d column labels", i, len(row), len(colLabels))
		}
		if err := finite("heatmap", row); err != nil {
			return nil, err
		}
		for _, v := range row {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if note != "" {
		title += "\n" + note
	}
	p := newPlot(title, xlabel, ylabel)
	rows, cols := len(values), len(colLabels)
	scale := func(v float64) color.RGBA {
		if diverging {
			m := math.Max(math.Abs(lo), math.Abs(hi))
			if m == 0 {
				return color.RGBA{255, 255, 255, 255}
			}
			f := v / m
			if f >= 0 {
				return color.RGBA{255, uint8(255 * (1 - f)), uint8(255 * (1 - f)), 255}
			}
			return color.RGBA{uint8(255 * (1 + f)), uint8(255 * (1 + f)), 255, 255}
		}
		f := 0.5
		if hi > lo {
			f = (v - lo) / (hi - lo)
		}
		// white to deep blue
		return color.RGBA{uint8(255 - 255*f*0.9), uint8(255 - 200*f*0.9), 255 - uint8(60*f), 255}
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := values[i][j]
			cell := plotter.XYs{{X: float64(j), Y: float64(i)}, {X: float64(j + 1), Y: float64(i)}, {X: float64(j + 1), Y: float64(i + 1)}, {X: float64(j), Y: float64(i + 1)}}
			pg, err := plotter.NewPolygon(cell)
			if err != nil {
				return nil, err
			}
			pg.Color = scale(v)
			pg.LineStyle.Color = color.White
			pg.LineStyle.Width = vg.Points(1)
			p.Add(pg)
			lab, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: float64(j) + 0.5, Y: float64(i) + 0.5}}, Labels: []string{fmt.Sprintf("%.2f", v)}})
			if err == nil {
				lab.TextStyle[0].XAlign, lab.TextStyle[0].YAlign = draw.XCenter, draw.YCenter
				if bg := scale(v); int(bg.R)+int(bg.G)+int(bg.B) < 380 {
					lab.TextStyle[0].Color = color.White // legible on dark cells
				}
				p.Add(lab)
			}
		}
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(cols), 0, float64(rows)
	p.X.Tick.Marker = labelTicks(colLabels)
	p.Y.Tick.Marker = labelTicks(rowLabels)
	return render(p)
}

// labelTicks puts one label at the middle of each cell.
type labelTicks []string

func (l labelTicks) Ticks(min, max float64) []plot.Tick {
	ticks := make([]plot.Tick, len(l))
	for i, s := range l {
		ticks[i] = plot.Tick{Value: float64(i) + 0.5, Label: s}
	}
	return ticks
}

func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	return p
}

func render(p *plot.Plot) ([]byte, error) {
	c := vgsvg.New(width, height)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
