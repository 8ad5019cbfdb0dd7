package hoffmann_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/sbml"
	"github.com/ikklab/ikklab/kinetic"
	"github.com/ikklab/ikklab/kinetic/hoffmann"
)

// nfkb returns nuclear NF-κB each minute for 300 min after the stimulus
// (t = 2000), with IKK raised to ikk by the model's event.
func nfkb(t *testing.T, m *kinetic.Model, ikk float64) []float64 {
	t.Helper()
	for i := range m.Events {
		for j := range m.Events[i].Assignments {
			if a := &m.Events[i].Assignments[j]; a.Symbol == "IKK" {
				a.Math = kinetic.N(ikk)
			}
		}
	}
	c, err := kinetic.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	var times []float64
	for k := 0; k <= 300; k++ {
		times = append(times, 2000+float64(k))
	}
	rows, err := c.Simulate(context.Background(), times, []kinetic.Output{{ID: "NFkB_nuc"}}, kinetic.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}

func peak(v []float64) (float64, int) {
	best, at := 0.0, 0
	for i, x := range v {
		if x > best {
			best, at = x, i
		}
	}
	return best, at
}

// With IKKε and TBK1 at 0 the extension is the published model; active,
// they raise and hasten the first NF-κB peak; without IKK (IKKβ loss) they
// do nothing.
func TestExtension(t *testing.T) {
	base, err := hoffmann.Base()
	if err != nil {
		t.Fatal(err)
	}
	off, _ := hoffmann.Extended(0, 0)
	on, _ := hoffmann.Extended(1, 1)
	b, o, x := nfkb(t, base, 0.1), nfkb(t, off, 0.1), nfkb(t, on, 0.1)
	for i := range b {
		if math.Abs(b[i]-o[i]) > 1e-12 {
			t.Fatalf("activities 0: minute %d differs from the published model (%g vs %g)", i, o[i], b[i])
		}
	}
	pb, tb := peak(b)
	px, tx := peak(x)
	t.Logf("first peak: published %.4f µM at %d min; IKKε and TBK1 active %.4f µM at %d min", pb, tb, px, tx)
	if !(px > pb) || tx > tb {
		t.Errorf("active kinases: peak %.4g at %d min, published %.4g at %d: want higher and no later", px, tx, pb, tb)
	}
	onNoIKK, _ := hoffmann.Extended(1, 1)
	z := nfkb(t, onNoIKK, 0)
	if pz, _ := peak(z); pz > 1.5*z[0]+1e-9 {
		t.Errorf("without IKK (IKKβ loss) nuclear NF-κB still rises to %.4g from %.4g", pz, z[0])
	}
	if _, err := hoffmann.Extended(1.5, 0); err == nil {
		t.Error("an activity of 1.5 accepted")
	}
}

// The exported SBML reads back and simulates the same, and carries its
// MIRIAM annotations.
func TestExport(t *testing.T) {
	m, err := hoffmann.Extended(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := sbml.Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{"identifiers.org/uniprot/Q14164", "identifiers.org/uniprot/Q9UHD2", "identifiers.org/pubmed/12424381",
		"identifiers.org/pubmed/10970862", `metaid="meta_IKKe_activity"`, "bqbiol:isVersionOf", "Bonnard 2000"} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	back, err := sbml.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	a, b := nfkb(t, m, 0.1), nfkb(t, back, 0.1)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			t.Fatalf("minute %d: %g written and read back, %g before", i, b[i], a[i])
		}
	}
}
