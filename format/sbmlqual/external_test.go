package sbmlqual

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/bnet"
	"github.com/ikklab/ikklab/format/internal/nettest"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/model"
)

// load reads a shared model file with read.
func load(t *testing.T, path string, read func(string) (*model.Network, error)) *model.Network {
	t.Helper()
	net, err := read(path)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// unusedInputs returns the inputs of net that no rule reads: a .bnet file
// cannot list them (BBM's bbm-094 has v_IL16_e in its SBML only).
func unusedInputs(net *model.Network) map[string]bool {
	used := map[string]bool{}
	for _, e := range net.Edges() {
		used[e.Source] = true
	}
	out := map[string]bool{}
	for _, nd := range net.Nodes {
		if nd.Kind == model.Input && !used[nd.ID] {
			out[nd.ID] = true
		}
	}
	return out
}

// withoutNodes returns net less the given input nodes.
func withoutNodes(t *testing.T, net *model.Network, drop map[string]bool) *model.Network {
	t.Helper()
	var nodes []model.Node
	for _, nd := range net.Nodes {
		if !drop[nd.ID] {
			nodes = append(nodes, nd)
		}
	}
	out, err := model.New(net.Name, nodes)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLogicalModels reads every SBML-qual model of
// shared/external/logical-models, checks that it survives Write and Read,
// and compares it with the .bnet of the same model: same nodes, same inputs,
// each rule the same Boolean function.
func TestLogicalModels(t *testing.T) {
	dir := external.Dir(t, "logical-models")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.sbml"))
	if len(files) == 0 {
		t.Fatalf("no .sbml files under %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			net := load(t, f, ReadFile)
			sameTrees(t, net, roundTrip(t, net))
			bf := strings.TrimSuffix(f, ".sbml") + ".bnet"
			if _, err := os.Stat(bf); err != nil {
				return
			}
			b := load(t, bf, bnet.ReadFile)
			if unused := unusedInputs(net); len(unused) > 0 {
				t.Logf("inputs read by no rule, absent from the .bnet: %v", unused)
				net = withoutNodes(t, net, unused)
			}
			if err := nettest.Compare(b, net, false); err != nil {
				t.Errorf(".bnet and .sbml differ: %v", err)
			}
		})
	}
}

// TestBoolNetSBML compares BoolNet's toSBML output with the .bnet it came
// from (shared/external/boolnet/README.md: same networks, same attractors).
func TestBoolNetSBML(t *testing.T) {
	dir := external.Dir(t, "boolnet")
	files, _ := filepath.Glob(filepath.Join(dir, "*.sbml"))
	if len(files) < 2 {
		t.Fatalf("want cellcycle.sbml and calzone_cellfate.sbml under %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			net := load(t, f, ReadFile)
			sameTrees(t, net, roundTrip(t, net))
			b := load(t, strings.TrimSuffix(f, ".sbml")+".bnet", bnet.ReadFile)
			// BoolNet keeps the gene order, so compare in order.
			if err := nettest.Compare(b, net, true); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestMaBoSSCellFate reads the SBML-qual form of the MaBoSS cell-fate model
// (Calzone et al. 2010): 28 species, the constant FASL and TNF among the
// inputs.
func TestMaBoSSCellFate(t *testing.T) {
	dir := external.Dir(t, "maboss")
	net := load(t, filepath.Join(dir, "cell_fate_sbml", "cell_fate.sbml"), ReadFile)
	if len(net.Nodes) != 28 {
		t.Errorf("%d nodes, want 28", len(net.Nodes))
	}
	for _, id := range []string{"FASL", "TNF"} {
		if nd, ok := net.Node(id); !ok || nd.Kind != model.Input {
			t.Errorf("%s should be an input", id)
		}
	}
	sameTrees(t, net, roundTrip(t, net))
}
