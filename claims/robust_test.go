package claims

import (
	"math"
	"testing"

	"github.com/ikklab/ikklab/internal/kbtest"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// termShares returns, for the graded node id of net, the share wᵢ / Σ w of
// each of its terms, read off its rates: with only term i holding (every
// node off but those term i needs; NFKBIA's terms are single kinases) the
// off-rate of !(T1 | … | Tn) is f·down·wᵢ/Σ w, and with all of them f·down.
func termShares(t *testing.T, net *model.Network, id string, terms []string) []float64 {
	t.Helper()
	n, ok := net.Node(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	up, _ := n.Rates()
	all := expr.MapEnv{Nodes: map[string]bool{}}
	for _, x := range terms {
		all.Nodes[x] = true
	}
	full := up.Eval(all)
	var out []float64
	for _, x := range terms {
		out = append(out, up.Eval(expr.MapEnv{Nodes: map[string]bool{x: true}})/full)
	}
	return out
}

func TestRobustParameterSet(t *testing.T) {
	k, base := kbtest.Network(t)
	a, err := ParameterSet(k, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParameterSet(k, 1, 7)
	c, _ := ParameterSet(k, 1, 8)

	// The same set gives the same network, expression for expression.
	for i := range a.Nodes {
		au, ad := a.Nodes[i].Rates()
		bu, bd := b.Nodes[i].Rates()
		if au.String() != bu.String() || ad.String() != bd.String() {
			t.Errorf("set 7 twice: %s rates %s; %s vs %s; %s", a.Nodes[i].ID, au, ad, bu, bd)
		}
	}

	// The graded weights differ between sets, each share moved by factors
	// within [0.5, 2] of its unweighted 1/3: wᵢ/Σ w within [1/9, 2/3].
	terms := []string{"STAT3", "RELA", "MAPK1"}
	sa, sc := termShares(t, a, "VEGFA", terms), termShares(t, c, "VEGFA", terms)
	differ := false
	sum := 0.0
	for i := range sa {
		differ = differ || math.Abs(sa[i]-sc[i]) > 1e-9
		sum += sa[i]
		if sa[i] < 1.0/9-1e-12 || sa[i] > 2.0/3+1e-12 || math.Abs(sa[i]-1.0/3) < 1e-9 {
			t.Errorf("set 7: share of %s is %g", terms[i], sa[i])
		}
	}
	if !differ {
		t.Errorf("sets 7 and 8 give the same weights: %v", sa)
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("shares sum to %g", sum)
	}

	// The rates are scaled exactly as Rescaled scales them.
	r, _ := Rescaled(base, 1, 7)
	for _, id := range []string{"VEGFA", "AKT1"} {
		na, _ := a.Node(id)
		nr, _ := r.Node(id)
		if na.Up.Args[0].Value != nr.Up.Args[0].Value || na.Down.Args[0].Value != nr.Down.Args[0].Value {
			t.Errorf("%s: rate factors %s, %s; Rescaled's %s, %s", id, na.Up.Args[0], na.Down.Args[0], nr.Up.Args[0], nr.Down.Args[0])
		}
	}
	// A node that is not graded has Rescaled's rates exactly.
	na, _ := a.Node("MAP2K1")
	nr, _ := r.Node("MAP2K1")
	if na.Up.String() != nr.Up.String() || na.Down.String() != nr.Down.String() {
		t.Errorf("MAP2K1: %s; %s, want %s; %s", na.Up, na.Down, nr.Up, nr.Down)
	}

	// The shared network is untouched.
	if got := termShares(t, base, "VEGFA", terms); math.Abs(got[0]-1.0/3) > 1e-12 || math.Abs(got[2]-1.0/3) > 1e-12 {
		t.Errorf("base network's shares %v", got)
	}
}
