package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// points draws pts as filled circles and, when lo and hi are not nil,
// vertical error bars from lo[i] to hi[i]. It returns the plotters and the
// scatter (for a legend entry).
func points(pts plotter.XYs, lo, hi []float64, col color.Color) ([]plot.Plotter, *plotter.Scatter, error) {
	var out []plot.Plotter
	if lo != nil {
		errs := make(plotter.YErrors, len(pts))
		for i, pt := range pts {
			// YErrorBars draws from Y-Low to Y+High, that is from lo to hi.
			errs[i].Low, errs[i].High = pt.Y-lo[i], hi[i]-pt.Y
		}
		bars, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{pts, errs})
		if err != nil {
			return nil, nil, err
		}
		bars.Color, bars.Width, bars.CapWidth = col, vg.Points(1), vg.Points(6)
		out = append(out, bars)
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	return append(out, sc), sc, nil
}

// vline is a vertical line at X across the whole data area, with a legend
// thumbnail; it does not widen the axes (the caller sets their range).
type vline struct {
	X     float64
	Style draw.LineStyle
}

var (
	_ plot.Plotter     = vline{}
	_ plot.Thumbnailer = vline{}
)

// Plot implements plot.Plotter.
func (l vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(l.X)
	c.StrokeLine2(l.Style, x, c.Min.Y, x, c.Max.Y)
}

// Thumbnail implements plot.Thumbnailer: a horizontal stroke in the style.
func (l vline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}
