package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Matrix is what Heatmap draws: Values[i][j] is row i (labelled
// RowLabels[i], drawn bottom to top) and column j (ColLabels[j]).
type Matrix struct {
	Title, XLabel, YLabel string
	RowLabels, ColLabels  []string
	Values                [][]float64
	// Diverging draws synergy excess: blue < 0 < red, white at 0, on a
	// scale symmetric about 0 that spans at least ±MinDivergingSpan, so
	// that noise of a few hundredths does not look like synergy.
	Diverging bool
	// Note is a line under the title (e.g. the synergy scores with their
	// intervals); ScaleLabel says what the colours mean, above the colour
	// bar (e.g. "Bliss excess", "P(Proliferation on)").
	Note, ScaleLabel string
}

// MinDivergingSpan is the least half-range of a diverging scale.
const MinDivergingSpan = 0.1

// Heatmap draws a matrix of values as coloured cells labelled with their
// values (two decimals), with a colour bar right of it. A sequential scale
// (light to dark) runs over 0–1 when every value lies in [0, 1] and over the
// values' range otherwise; see Matrix.Diverging for the other.
func Heatmap(m Matrix) ([]byte, error) {
	f, err := heatmap(m)
	if err != nil {
		return nil, err
	}
	return f.svg()
}

// heatmap builds the figure Heatmap renders.
func heatmap(m Matrix) (figure, error) {
	lo, hi, err := checkMatrix(m.RowLabels, m.ColLabels, m.Values)
	if err != nil {
		return figure{}, fmt.Errorf("plots: Heatmap: %w", err)
	}
	cmap, err := colourMap(lo, hi, m.Diverging)
	if err != nil {
		return figure{}, fmt.Errorf("plots: Heatmap: %w", err)
	}
	p := newPlot(m.XLabel, m.YLabel)
	p.Add(cells{values: m.Values, cmap: cmap})
	rows, cols := len(m.Values), len(m.ColLabels)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(cols), 0, float64(rows)
	p.X.Tick.Marker, p.Y.Tick.Marker = centred(m.ColLabels), centred(m.RowLabels)
	p.X.Padding, p.Y.Padding = 0, 0
	// Rotate column labels that would collide: the data area is roughly
	// 4 inches wide.
	for _, l := range m.ColLabels {
		if p.X.Tick.Label.Width(l) > 0.9*4*vg.Inch/vg.Length(cols) {
			p.X.Tick.Label.Rotation = math.Pi / 4
			p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YTop
			break
		}
	}

	scale := newPlot("", "")
	scale.Add(colourBar{cmap})
	scale.HideX()
	scale.X.Padding, scale.Y.Padding = 0, 0
	if m.ScaleLabel != "" {
		scale.Title.Text = m.ScaleLabel
		scale.Title.TextStyle.Font = sans(9)
		// Shrink a long label to the width beside the matrix (not below 6 pt).
		if w := scale.Title.TextStyle.Width(m.ScaleLabel); w > scaleWidth {
			scale.Title.TextStyle.Font.Size = vg.Length(math.Max(6, 9*float64(scaleWidth/w)))
		}
	}
	return figure{title: m.Title, note: m.Note, main: p, scale: scale}, nil
}

// checkMatrix validates Heatmap's input and returns the least and greatest
// value.
func checkMatrix(rowLabels, colLabels []string, values [][]float64) (lo, hi float64, err error) {
	if len(values) == 0 {
		return 0, 0, fmt.Errorf("no rows; pass at least one (%w)", ErrEmpty)
	}
	if len(colLabels) == 0 {
		return 0, 0, fmt.Errorf("no column labels; pass one per column (%w)", ErrEmpty)
	}
	if len(rowLabels) != len(values) {
		return 0, 0, fmt.Errorf("%d row labels for %d rows (%w)", len(rowLabels), len(values), ErrLength)
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, row := range values {
		s := fmt.Sprintf("row %d (%q)", i, rowLabels[i])
		if len(row) != len(colLabels) {
			return 0, 0, fmt.Errorf("%s: %d values for %d column labels (%w)", s, len(row), len(colLabels), ErrLength)
		}
		if err := checkFinite(s, "values", row); err != nil {
			return 0, 0, err
		}
		for _, v := range row {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi, nil
}

// colourMap is the heatmap's colour scale for values in [lo, hi].
func colourMap(lo, hi float64, diverging bool) (palette.ColorMap, error) {
	if diverging {
		m := math.Max(MinDivergingSpan, math.Max(math.Abs(lo), math.Abs(hi)))
		cm := moreland.SmoothBlueRed()
		cm.SetMin(-m)
		cm.SetMax(m)
		return cm, nil
	}
	switch {
	case inUnit(lo) && inUnit(hi):
		lo, hi = 0, 1
	case lo == hi:
		lo, hi = lo-0.5, hi+0.5
	}
	// ColorBrewer YlGnBu, dark to light (the order NewLuminance needs),
	// reversed so that larger values are darker.
	ylgnbu, err := brewer.GetPalette(brewer.TypeSequential, "YlGnBu", 9)
	if err != nil {
		return nil, err
	}
	cs := ylgnbu.Colors()
	dark := make([]color.Color, len(cs))
	for i, c := range cs {
		dark[len(cs)-1-i] = c
	}
	cm, err := moreland.NewLuminance(dark)
	if err != nil {
		return nil, err
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return palette.Reverse(cm), nil
}

// cells draws the matrix: cell (i, j) spans [j, j+1] × [i, i+1] in data
// coordinates, filled with its colour and labelled with its value in a font
// sized to the cell.
type cells struct {
	values [][]float64
	cmap   palette.ColorMap
}

var _ plot.Plotter = cells{}

// Plot implements plot.Plotter.
func (m cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rows, cols := len(m.values), len(m.values[0])
	w := (c.Max.X - c.Min.X) / vg.Length(cols)
	h := (c.Max.Y - c.Min.Y) / vg.Length(rows)
	// Text fills at most 80% of a cell's width ("-0.00" is about 2.8 em)
	// and half its height, between 5 and 11 points.
	size := math.Min(float64(0.8*w)/2.8, float64(h)/2)
	size = math.Max(5, math.Min(11, size)) // vg.Length is in points
	sty := text.Style{Font: sans(size), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	gap := draw.LineStyle{Color: color.White, Width: vg.Points(1)}
	for i, row := range m.values {
		for j, v := range row {
			x0, x1 := trX(float64(j)), trX(float64(j+1))
			y0, y1 := trY(float64(i)), trY(float64(i+1))
			fill := m.colour(v)
			rect := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
			c.FillPolygon(fill, rect)
			c.StrokeLines(gap, append(rect, rect[0]))
			sty.Color = textOn(fill)
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, cellText(v))
		}
	}
}

// colour is v's colour; values outside the map's range (never, as the range
// covers the data) are clamped.
func (m cells) colour(v float64) color.Color {
	v = math.Max(m.cmap.Min(), math.Min(m.cmap.Max(), v))
	c, err := m.cmap.At(v)
	if err != nil {
		return color.Gray{Y: 128}
	}
	return c
}

// cellText is v with two decimals, without a sign on a rounded zero.
func cellText(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	if strings.Trim(s, "-0.") == "" {
		return "0.00"
	}
	return s
}

// textOn is black or white, whichever contrasts more with bg (by relative
// luminance, WCAG 2).
func textOn(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lin := func(c uint32) float64 {
		x := float64(c) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	// Contrast with black (l+0.05)/0.05 beats that with white 1.05/(l+0.05)
	// when l > 0.179.
	if l > 0.179 {
		return color.Black
	}
	return color.White
}

// colourBar draws a colour map's range [Min, Max] as a vertical bar of
// stripes. Unlike plotter.ColorBar it draws vector shapes, not an embedded
// image (which vgsvg labels image/jpg although it holds a PNG, and which
// some SVG renderers, e.g. librsvg, then drop).
type colourBar struct{ cmap palette.ColorMap }

var (
	_ plot.Plotter    = colourBar{}
	_ plot.DataRanger = colourBar{}
)

// colourBarStripes is the number of stripes in a colour bar.
const colourBarStripes = 96

// Plot implements plot.Plotter.
func (b colourBar) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	lo, hi := b.cmap.Min(), b.cmap.Max()
	for k := range colourBarStripes {
		v0 := lo + (hi-lo)*float64(k)/colourBarStripes
		v1 := lo + (hi-lo)*float64(k+1)/colourBarStripes
		y0, y1 := trY(v0), trY(v1)
		if k < colourBarStripes-1 {
			y1 += vg.Points(0.5) // overlap the next stripe: no hairline seams
		}
		col := cells{cmap: b.cmap}.colour((v0 + v1) / 2)
		c.FillPolygon(col, []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}})
	}
}

// DataRange implements plot.DataRanger.
func (b colourBar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 1, b.cmap.Min(), b.cmap.Max()
}

// centred labels the unit cells of an axis at their middles.
type centred []string

// Ticks implements plot.Ticker.
func (l centred) Ticks(_, _ float64) []plot.Tick {
	ticks := make([]plot.Tick, len(l))
	for i, s := range l {
		ticks[i] = plot.Tick{Value: float64(i) + 0.5, Label: s}
	}
	return ticks
}
