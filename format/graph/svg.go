package graph

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"sort"
)

// SVG draws the graph as a layered map: inputs in the top row, phenotypes
// in the bottom row, every other node in the row of its shortest distance
// from an input, rows ordered by the barycentre heuristic (four sweeps)
// to shorten edges, and rows longer than 12 nodes wrapped. A node is
// filled by its activity in [0, 1] (white to blue; grey when activity has
// no entry) and carries data-id for scripts; edges are green (activates),
// red (inhibits) or grey, with arrowheads.
//
// Written here because no Go library lays out a layered drawing, and the
// server must not depend on Graphviz being installed.
func (g *Graph) SVG(activity map[string]float64) []byte {
	const (
		boxW, boxH = 104.0, 26.0
		gapX, gapY = 14.0, 58.0
		wrap       = 12
		margin     = 20.0
	)
	idx := map[string]int{}
	for i, n := range g.Nodes {
		idx[n.ID] = i
	}
	succ := make([][]int, len(g.Nodes))
	pred := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		s, okS := idx[e.Source]
		t, okT := idx[e.Target]
		if okS && okT && s != t {
			succ[s] = append(succ[s], t)
			pred[t] = append(pred[t], s)
		}
	}
	// Rows: distance from the inputs; phenotypes last.
	depth := make([]int, len(g.Nodes))
	for i := range depth {
		depth[i] = -1
	}
	var queue []int
	for i, n := range g.Nodes {
		if n.Kind == "input" {
			depth[i] = 0
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range succ[v] {
			if depth[w] < 0 {
				depth[w] = depth[v] + 1
				queue = append(queue, w)
			}
		}
	}
	maxDepth := 0
	for i, d := range depth {
		if d < 0 {
			depth[i] = 1 // unreachable from the inputs
		}
		if g.Nodes[i].Kind != "phenotype" {
			maxDepth = max(maxDepth, depth[i])
		}
	}
	for i, n := range g.Nodes {
		if n.Kind == "phenotype" {
			depth[i] = maxDepth + 1
		} else if depth[i] > maxDepth {
			depth[i] = maxDepth
		}
	}
	layers := make([][]int, maxDepth+2)
	for i := range g.Nodes {
		layers[depth[i]] = append(layers[depth[i]], i)
	}
	pos := make([]float64, len(g.Nodes)) // order within the row
	for _, l := range layers {
		sort.Slice(l, func(a, b int) bool { return g.Nodes[l[a]].ID < g.Nodes[l[b]].ID })
		for k, v := range l {
			pos[v] = float64(k)
		}
	}
	bary := func(l []int, nb [][]int) {
		for _, v := range l {
			if len(nb[v]) == 0 {
				continue
			}
			s := 0.0
			for _, w := range nb[v] {
				s += pos[w]
			}
			pos[v] = s / float64(len(nb[v]))
		}
		sort.SliceStable(l, func(a, b int) bool { return pos[l[a]] < pos[l[b]] })
		for k, v := range l {
			pos[v] = float64(k)
		}
	}
	for sweep := 0; sweep < 4; sweep++ {
		for i := 1; i < len(layers); i++ {
			bary(layers[i], pred)
		}
		for i := len(layers) - 2; i >= 0; i-- {
			bary(layers[i], succ)
		}
	}
	// Coordinates, wrapping long rows.
	x := make([]float64, len(g.Nodes))
	y := make([]float64, len(g.Nodes))
	widest := 0
	for _, l := range layers {
		widest = max(widest, min(len(l), wrap))
	}
	width := 2*margin + float64(widest)*(boxW+gapX)
	row := 0.0
	for _, l := range layers {
		for start := 0; start < len(l); start += wrap {
			part := l[start:min(start+wrap, len(l))]
			offset := (width - float64(len(part))*(boxW+gapX)) / 2
			for k, v := range part {
				x[v] = offset + float64(k)*(boxW+gapX) + gapX/2
				y[v] = margin + row*(boxH+gapY)
			}
			row++
		}
	}
	const legendH = 30.0
	height := 2*margin + row*(boxH+gapY) - gapY + legendH
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	b.WriteString(`<defs>`)
	for _, m := range []struct{ id, color string }{{"up", "#1a9850"}, {"down", "#d73027"}, {"any", "#999999"}} {
		fmt.Fprintf(&b, `<marker id="arrow-%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`, m.id, m.color)
	}
	b.WriteString("</defs>\n<g class=\"edges\" fill=\"none\" stroke-width=\"1\" opacity=\"0.55\">\n")
	for _, e := range g.Edges {
		s, okS := idx[e.Source]
		t, okT := idx[e.Target]
		if !okS || !okT || s == t {
			continue
		}
		color, marker := "#999999", "any"
		switch e.Sign {
		case 1:
			color, marker = "#1a9850", "up"
		case -1:
			color, marker = "#d73027", "down"
		}
		x1, y1 := x[s]+boxW/2, y[s]+boxH
		x2, y2 := x[t]+boxW/2, y[t]
		if y[t] <= y[s] { // same row or upwards: leave from the side
			y1, y2 = y[s]+boxH/2, y[t]+boxH/2
		}
		mid := (y1 + y2) / 2
		fmt.Fprintf(&b, `<path d="M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f" stroke="%s" marker-end="url(#arrow-%s)"><title>%s %s %s</title></path>`+"\n",
			x1, y1, x1, mid, x2, mid, x2, y2, color, marker, html.EscapeString(e.Source), e.Interaction, html.EscapeString(e.Target))
	}
	b.WriteString("</g>\n<g class=\"nodes\">\n")
	for i, n := range g.Nodes {
		fill, label := "#eeeeee", "no value"
		if a, ok := activity[n.ID]; ok && !math.IsNaN(a) {
			fill, label = blue(a), fmt.Sprintf("%.3f", a)
		}
		stroke, sw := "#555555", 1.0
		switch n.Kind {
		case "input":
			stroke, sw = "#222222", 2
		case "phenotype":
			stroke, sw = "#6a3d9a", 2
		}
		textColor := "#111111"
		if a, ok := activity[n.ID]; ok && a > 0.6 {
			textColor = "#ffffff"
		}
		fmt.Fprintf(&b, `<g class="node" data-id="%s" transform="translate(%.1f,%.1f)" style="cursor:pointer"><title>%s (%s): %s</title>`+
			`<rect width="%.0f" height="%.0f" rx="6" fill="%s" stroke="%s" stroke-width="%.0f"/>`+
			`<text x="%.0f" y="%.0f" text-anchor="middle" fill="%s">%s</text></g>`+"\n",
			html.EscapeString(n.ID), x[i], y[i], html.EscapeString(n.ID), n.Kind, label,
			boxW, boxH, fill, stroke, sw, boxW/2, boxH/2+4, textColor, html.EscapeString(clip(n.ID, 15)))
	}
	b.WriteString("</g>\n")
	legend(&b, margin, height-margin-legendH/2)
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// blue maps an activity in [0, 1] from white to dark blue.
// legend explains the colours in one line starting at (x, y): the
// activity ramp, grey for no value, and the edge colours.
func legend(b *bytes.Buffer, x, y float64) {
	fmt.Fprintf(b, `<g class="legend" transform="translate(%.0f,%.0f)" fill="#333333">`, x, y)
	b.WriteString(`<defs><linearGradient id="ramp"><stop offset="0" stop-color="` + blue(0) + `"/><stop offset="1" stop-color="` + blue(1) + `"/></linearGradient></defs>`)
	b.WriteString(`<text x="0" y="4">activity 0</text><rect x="62" y="-6" width="90" height="12" fill="url(#ramp)" stroke="#999999"/><text x="158" y="4">1</text>`)
	b.WriteString(`<rect x="184" y="-6" width="22" height="12" fill="#eeeeee" stroke="#999999"/><text x="212" y="4">no value</text>`)
	b.WriteString(`<path d="M284,0 h30" stroke="#1a9850" marker-end="url(#arrow-up)"/><text x="320" y="4">activates</text>`)
	b.WriteString(`<path d="M386,0 h30" stroke="#d73027" marker-end="url(#arrow-down)"/><text x="422" y="4">inhibits</text>`)
	b.WriteString(`<rect x="484" y="-6" width="22" height="12" fill="#ffffff" stroke="#222222" stroke-width="2"/><text x="512" y="4">input</text>`)
	b.WriteString(`<rect x="556" y="-6" width="22" height="12" fill="#ffffff" stroke="#6a3d9a" stroke-width="2"/><text x="584" y="4">phenotype</text></g>` + "\n")
}

func blue(a float64) string {
	a = math.Min(math.Max(a, 0), 1)
	r := 255 - a*(255-33)
	gr := 255 - a*(255-102)
	bl := 255 - a*(255-172)
	return fmt.Sprintf("#%02x%02x%02x", int(r), int(gr), int(bl))
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
