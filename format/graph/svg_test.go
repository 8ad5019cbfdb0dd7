package graph

import (
	"encoding/xml"
	"strings"
	"testing"
)

// The map is well-formed SVG with one group per node (data-id), coloured
// by activity, inputs above their targets and phenotypes in the last row.
func TestSVG(t *testing.T) {
	g := toy(t)
	out := string(g.SVG(map[string]float64{"A": 1}))
	d := xml.NewDecoder(strings.NewReader(out))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed: %v", err)
			}
			break
		}
	}
	for _, n := range g.Nodes {
		if !strings.Contains(out, `data-id="`+n.ID+`"`) {
			t.Errorf("no group for %s", n.ID)
		}
	}
	if !strings.Contains(out, `fill="#2166ac"`) || !strings.Contains(out, `fill="#eeeeee"`) {
		t.Error("activity colours missing: A at 1 is dark blue, nodes without a value grey")
	}
	if !strings.Contains(out, `class="legend"`) || !strings.Contains(out, ">no value</text>") {
		t.Error("no legend")
	}
}
