package hillcube

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// The compositional extension equals the multilinear interpolation of the
// whole truth table, for every rate of the built-in network, at random
// activities.
func TestCompositionalIsMultilinear(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	net, _ := k.Network()
	params, _ := net.ParamValues()
	s, err := Convert(net, params, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// The reference is the whole truth table, which may read more nodes than
	// the engine would tabulate (TBK1's rates read 21: its logic, two brakes and
	// three restraints).
	const referenceInputs = 22
	work := make([]float64, 1<<referenceInputs)
	checked := 0
	for i := range net.Nodes {
		nd := &net.Nodes[i]
		up, down := nd.Rates()
		for _, x := range []struct {
			r      *rate
			selfOn bool
		}{{&s.up[i], false}, {&s.down[i], true}} {
			e := up
			if x.selfOn {
				e = down
			}
			full, err := table(net, nd, i, e, x.selfOn, params, referenceInputs)
			if err != nil {
				t.Fatal(err)
			}
			for trial := 0; trial < 20; trial++ {
				for j := range s.b {
					s.b[j] = rng.Float64()
					if trial%5 == 0 {
						s.b[j] = float64(rng.IntN(2)) // cube corners too
					}
				}
				want := contract(&full, s.b, work)
				got := x.r.f(s.b)
				if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("%s (self %v): compositional %.15g, full table %.15g", nd.ID, x.selfOn, got, want)
				}
			}
			checked++
		}
	}
	t.Logf("%d rates checked", checked)
}

// Products whose parts share nodes are expanded on them: the extension
// still equals the interpolation of the whole table, and (the point of
// expanding) no table as large as the rule's is built.
func TestSharedNodesExpanded(t *testing.T) {
	for _, tc := range []struct {
		rule      string
		wantTable int // entries of the largest fallback table
	}{
		{"(A | B) & !(A & C)", 1},
		{"(A & B) | (A & C)", 1},
		{"(A | (B & C)) & !(B & C & D)", 1},
		{"A ^ (A & B)", 1},
		{"(A | B | C) & !(A & B & C & D)", 1},
		{"((A & B) | (C & D)) & !(A & C & D & E)", 1},
		{"((A & B) | (C & D)) & !(A & B & C & D)", 1 << 4}, // four shared: tabulated, still exact
	} {
		t.Run(tc.rule, func(t *testing.T) {
			rule, err := expr.Parse(tc.rule)
			if err != nil {
				t.Fatal(err)
			}
			nodes := []model.Node{{ID: "X", Kind: model.Gene, Rule: rule}}
			for _, id := range []string{"A", "B", "C", "D", "E"} {
				nodes = append(nodes, model.Node{ID: id, Kind: model.Input})
			}
			net, err := model.NewWith("shared", nodes, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			maxTable := 1
			work := make([]float64, 1<<6)
			c := &compiler{net: net, nd: &net.Nodes[0], self: 0, tables: &maxTable, work: &work}
			p, err := c.compile(rule)
			if err != nil {
				t.Fatal(err)
			}
			if maxTable != tc.wantTable {
				t.Errorf("largest table %d entries, want %d", maxTable, tc.wantTable)
			}
			full, err := table(net, &net.Nodes[0], 0, rule, false, nil, 8)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			b := make([]float64, len(net.Nodes))
			ref := make([]float64, 1<<6)
			for trial := 0; trial < 50; trial++ {
				for j := range b {
					b[j] = rng.Float64()
				}
				if got, want := p.f(b), contract(&full, b, ref); math.Abs(got-want) > 1e-12 {
					t.Fatalf("at %v: expanded %.15g, whole table %.15g", b, got, want)
				}
			}
		})
	}
}
