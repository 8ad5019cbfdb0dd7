package plots

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Size of every figure: a report column at full width.
const (
	width  = 6 * vg.Inch
	height = 4 * vg.Inch
	margin = 6 // points around the figure and between its parts
)

// okabeIto is the colour-blind-safe qualitative palette of Okabe & Ito
// (2008, "Color Universal Design"), darkest first, yellow (hard to see on
// white) last.
var okabeIto = []color.RGBA{
	{0, 114, 178, 255},   // blue
	{213, 94, 0, 255},    // vermillion
	{0, 158, 115, 255},   // bluish green
	{204, 121, 167, 255}, // reddish purple
	{230, 159, 0, 255},   // orange
	{86, 180, 233, 255},  // sky blue
	{0, 0, 0, 255},       // black
	{240, 228, 66, 255},  // yellow
}

// seriesColour is the colour of the i-th series.
func seriesColour(i int) color.RGBA { return okabeIto[i%len(okabeIto)] }

// sans is Liberation Sans (registered by gonum.org/v1/plot) at size points.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// newPlot returns a plot with our fonts and axis labels; the title is drawn
// by figure, above the plot.
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(11)
		a.Tick.Label.Font = sans(9)
	}
	return p
}

// newLegend returns a legend drawn beside the plot, one entry a line.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(10)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(20)
	l.Padding = vg.Points(2)
	return l
}

// figure lays out a title, an optional note under it, a plot and, right of
// the plot's data area, either a legend or a colour scale (a second plot).
type figure struct {
	title, note string
	main        *plot.Plot
	legend      *plot.Legend // nil or empty: none
	scale       *plot.Plot   // colour scale; nil: none
}

// scaleWidth is the room a colour scale takes right of the plot.
const scaleWidth = 0.85 * vg.Inch

// svg renders the figure.
func (f figure) svg() ([]byte, error) {
	c := vgsvg.New(width, height)
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("plots: write SVG: %w", err)
	}
	return b.Bytes(), nil
}

// draw draws the figure on c.
func (f figure) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, margin, -margin, margin, -margin)
	c = f.header(c)

	var side vg.Length
	switch {
	case f.scale != nil:
		side = scaleWidth
	case f.legend != nil && f.legend.Rectangle(c).Size().Y > 0:
		side = f.legend.Rectangle(c).Size().X + 2*margin
		if side > c.Size().X/2 { // very long names: keep the plot readable
			side = c.Size().X / 2
		}
	}
	mainC := draw.Crop(c, 0, -side, 0, 0)
	f.main.Draw(mainC)
	if side == 0 {
		return
	}
	data := f.main.DataCanvas(mainC)
	besides := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: data.Max.X + 2*margin, Y: data.Min.Y},
		Max: vg.Point{X: c.Max.X, Y: data.Max.Y},
	}}
	if f.scale != nil {
		f.scale.Draw(besides)
		return
	}
	f.legend.Draw(besides)
}

// header draws the title (shrunk to fit the width) and the note under it,
// and returns the rest of c.
func (f figure) header(c draw.Canvas) draw.Canvas {
	top := c.Max.Y
	for _, line := range []struct {
		text   string
		size   float64
		colour color.Color
	}{
		{f.title, 13, color.Black},
		{f.note, 10, color.Gray{Y: 70}},
	} {
		if line.text == "" {
			continue
		}
		sty := text.Style{
			Color:   line.colour,
			Font:    sans(line.size),
			XAlign:  draw.XCenter,
			YAlign:  draw.YTop,
			Handler: plot.DefaultTextHandler,
		}
		if w := sty.Width(line.text); w > c.Size().X {
			sty.Font.Size = vg.Length(float64(sty.Font.Size) * float64(c.Size().X/w))
		}
		c.FillText(sty, vg.Point{X: c.Center().X, Y: top}, line.text)
		top -= sty.Height(line.text) + vg.Points(2)
	}
	if top < c.Max.Y {
		top -= margin
	}
	c.Max.Y = top
	return c
}
