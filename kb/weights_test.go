package kb

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/logic/expr"
)

// testdata/weighted gives the mini knowledge base's Proliferation the graded
// rule RELA | (IKBKE & RELA) | !TNF with weights 1 (written), 2 and 0.5 and
// rate_up 2: Σ w = 3.5.
const (
	weightedUp   = "2 * ((RELA + 2 * (IKBKE & RELA) + 0.5 * !TNF) / 3.5)"
	weightedDown = "(3.5 - (RELA + 2 * (IKBKE & RELA) + 0.5 * !TNF)) / 3.5"
)

func loadWeighted(t *testing.T) *KB {
	t.Helper()
	k, err := Load(overlay(t, "testdata/weighted"), "mini")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestTermWeights(t *testing.T) {
	k := loadWeighted(t)
	r, _ := k.Rule("Proliferation")
	terms, w := r.TermWeights()
	wantTerms, wantW := []string{"RELA", "IKBKE & RELA", "!TNF"}, []float64{1, 2, 0.5}
	if len(terms) != 3 || len(w) != 3 {
		t.Fatalf("terms %v weights %v", terms, w)
	}
	for i := range terms {
		if terms[i].String() != wantTerms[i] || w[i] != wantW[i] {
			t.Errorf("term %d: %s weight %g, want %s weight %g", i, terms[i], w[i], wantTerms[i], wantW[i])
		}
	}
	// The entry written "IKBKE & RELA" is the rule's "(IKBKE & RELA)".
	if e, ok := r.WeightOf(terms[1]); !ok || e.Status != "read" || e.Evidence[0] != "zhou2013" {
		t.Errorf("WeightOf(%s) = %+v, %v", terms[1], e, ok)
	}
	// A graded rule without entries weighs every term 1; a rule that is not
	// graded has no terms.
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	vg, _ := d.Rule("VEGFA")
	if terms, w := vg.TermWeights(); len(terms) != 3 || w[0] != 1 || w[2] != 1 {
		t.Errorf("VEGFA: terms %v weights %v", terms, w)
	}
	if terms, w := (Rule{Expr: expr.MustParse("A | B")}).TermWeights(); terms != nil || w != nil {
		t.Errorf("non-graded rule: terms %v weights %v", terms, w)
	}
}

func TestWeightedNetwork(t *testing.T) {
	k := loadWeighted(t)
	net, err := k.Network()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := net.Node("Proliferation")
	up, down := n.Rates()
	if up.String() != weightedUp || down.String() != weightedDown {
		t.Errorf("rates\n  %s\n  %s\nwant\n  %s\n  %s", up, down, weightedUp, weightedDown)
	}
	// With TNF off and RELA on but not IKBKE: G = (1 + 0.5)/3.5.
	env := expr.MapEnv{Nodes: map[string]bool{"RELA": true}}
	if g, u := 1.5/3.5, up.Eval(env); math.Abs(u-2*g) > 1e-12 {
		t.Errorf("rate_up %g, want %g", u, 2*g)
	}

	// Scaled weights: a new network each call, the cached one untouched.
	scaled, err := k.NetworkWeighted(func(node string, term int) float64 {
		if node != "Proliferation" {
			t.Errorf("scale asked for %s, which is not graded", node)
		}
		return float64(term + 1) // weights 1, 4, 1.5
	})
	if err != nil {
		t.Fatal(err)
	}
	if scaled == net {
		t.Fatal("NetworkWeighted returned the cached network")
	}
	sn, _ := scaled.Node("Proliferation")
	if got, want := sn.Up.String(), "2 * ((RELA + 4 * (IKBKE & RELA) + 1.5 * !TNF) / 6.5)"; got != want {
		t.Errorf("scaled rate_up %s, want %s", got, want)
	}
	if n2, _ := net.Node("Proliferation"); n2.Up.String() != weightedUp {
		t.Errorf("cached network changed: %s", n2.Up)
	}
	if _, err := k.NetworkWeighted(func(string, int) float64 { return 0 }); err == nil {
		t.Error("a zero scale factor was accepted")
	}
}

// With no weights in the data, NetworkWeighted(nil) and a scale of 1 give
// the rates of the unweighted rules (those of Network).
func TestNetworkWeightedDefault(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	base, err := k.Network()
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []func(string, int) float64{nil, func(string, int) float64 { return 1 }} {
		net, err := k.NetworkWeighted(scale)
		if err != nil {
			t.Fatal(err)
		}
		for i := range base.Nodes {
			au, ad := base.Nodes[i].Rates()
			bu, bd := net.Nodes[i].Rates()
			if au.String() != bu.String() || ad.String() != bd.String() {
				t.Errorf("%s: %s; %s -> %s; %s", base.Nodes[i].ID, au, ad, bu, bd)
			}
		}
	}
}

// The MaBoSS export writes the weights into rate_up and rate_down, and
// reading the .bnd back gives the same rates.
func TestWeightedMaBoSS(t *testing.T) {
	net, err := loadWeighted(t).Network()
	if err != nil {
		t.Fatal(err)
	}
	var bnd, cfg bytes.Buffer
	if err := maboss.Write(&bnd, &cfg, net, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rate_up = " + weightedUp + ";", "rate_down = " + weightedDown + ";"} {
		if !strings.Contains(bnd.String(), want) {
			t.Errorf(".bnd lacks %q:\n%s", want, bnd.String())
		}
	}
	m, err := maboss.ParseBnd("weighted.bnd", bnd.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyCfg("weighted.cfg", cfg.String()); err != nil {
		t.Fatal(err)
	}
	back, err := m.Network("back")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := back.Node("Proliferation")
	if up, down := n.Rates(); up.String() != weightedUp || down.String() != weightedDown {
		t.Errorf("read back: %s; %s", up, down)
	}
}
