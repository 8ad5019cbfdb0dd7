package claims

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/ikklab/ikklab/internal/kbtest"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
)

// miniKB is the three-rule knowledge base of kb/testdata/mini: TNF →
// IKBKE ⇄ RELA → Proliferation, and claim C01 "losing IKKε lowers RELA"
// (its two-dose trend, uninformative, left out).
func miniKB(t *testing.T) *kb.KB {
	t.Helper()
	k, err := kb.Load(os.DirFS("../kb/testdata/mini"), "mini")
	if err != nil {
		t.Fatal(err)
	}
	k.Claims[0].Expect = k.Claims[0].Expect[:1]
	return k
}

func TestAblateMini(t *testing.T) {
	k := miniKB(t)
	opt := Options{Samples: 300, Only: []string{"C01"}}
	abl, err := Ablate(context.Background(), k, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !abl.Complete || !slices.Equal(abl.Baseline, []string{"C01"}) || abl.Edges != 5 {
		t.Fatalf("ablation %+v", abl)
	}
	// Removing IKBKE → RELA (IKBKE rests off) leaves RELA off in both arms:
	// the claim depends on it. RELA → Proliferation is not upstream of the
	// readout RELA and is not rerun.
	var bearing []string
	for _, l := range abl.LoadBearing {
		bearing = append(bearing, l.Edge)
	}
	if !slices.Contains(bearing, "IKBKE -> RELA (+)") {
		t.Errorf("load-bearing edges %v, want IKBKE -> RELA", bearing)
	}
	if abl.Tested["C01"] != 3 || abl.Holds["C01"] >= 1 || abl.Holds["C01"] < 2.0/5 {
		t.Errorf("C01 tested under %d deletions, holds in %.2f", abl.Tested["C01"], abl.Holds["C01"])
	}
}

func TestRandomizeMini(t *testing.T) {
	k := miniKB(t)
	rw, err := Randomize(context.Background(), k, 3, Options{Samples: 200})
	if err != nil {
		t.Fatal(err)
	}
	if !rw.Complete || rw.Claims != 1 || len(rw.Rewired) != 3 || rw.Real != 1 {
		t.Errorf("rewiring %+v", rw)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rw, err := Randomize(ctx, k, 3, Options{Samples: 200}); err != nil || rw.Complete {
		t.Errorf("cancelled: %+v %v", rw, err)
	}
}

// TestMechanismMini: with via [IKBKE] on an expectation of RELA under TNF,
// the cut would hold IKBKE, the perturbed node itself, so it is left out
// and nothing is stated; a via node that does not carry the effect fails
// the claim as a wrong path.
func TestMechanismMini(t *testing.T) {
	k := miniKB(t)
	c, _ := k.Claim("C01")
	c.Via = []string{"IKBKE"}
	rep, err := Evaluate(context.Background(), k, Options{Samples: 300, Only: []string{"C01"}})
	c.Via = nil
	if err != nil {
		t.Fatal(err)
	}
	ch := rep.Claims[0].Checks[0]
	if ch.Mechanism == nil || ch.Mechanism.Result != MechanismNotStated || ch.Verdict != judge.Pass {
		t.Errorf("check %+v", ch)
	}
	// A stated path that does not carry the effect: Proliferation lies
	// downstream of RELA, so holding it removes none of RELA's drop.
	c.Via = []string{"Proliferation"}
	rep, err = Evaluate(context.Background(), k, Options{Samples: 300, Only: []string{"C01"}})
	c.Via = nil
	if err != nil {
		t.Fatal(err)
	}
	ch = rep.Claims[0].Checks[0]
	if m := ch.Mechanism; m == nil || m.Result != MechanismWrongPath || ch.Verdict != judge.Fail || len(m.Cuts) != 1 || m.Cuts[0].Remaining < 0.9 ||
		rep.Claims[0].Mechanism != MechanismWrongPath {
		t.Errorf("check %+v, mechanism %+v", ch, ch.Mechanism)
	}
}

// TestShortestPathAvoidsGroup: the route a failing cut reports must avoid
// every node of an A+B group, not only a node named like the group. In the
// default network TBK1 reaches SelectiveAutophagy through its receptors
// and, around all three, through autophagic flux.
func TestShortestPathAvoidsGroup(t *testing.T) {
	_, net := kbtest.Network(t)
	receptors := []string{"OPTN", "CALCOCO2", "SQSTM1"}
	next := successorsOf(net)
	direct := next.shortestPath("TBK1", "SelectiveAutophagy")
	if len(direct) != 3 || !slices.Contains(receptors, direct[1]) {
		t.Errorf("direct path %v, want TBK1 → a receptor → SelectiveAutophagy", direct)
	}
	around := next.shortestPath("TBK1", "SelectiveAutophagy", viaNodes("OPTN+CALCOCO2+SQSTM1")...)
	if want := []string{"TBK1", "Autophagy", "SelectiveAutophagy"}; !slices.Equal(around, want) {
		t.Errorf("path around the receptors %v, want %v", around, want)
	}
}
