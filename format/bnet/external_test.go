package bnet

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/internal/nettest"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/model"
)

// readExternal reads a shared model file.
func readExternal(t *testing.T, path string) *model.Network {
	t.Helper()
	net, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func ids(net *model.Network, kind func(model.Kind) bool) []string {
	var s []string
	for _, nd := range net.Nodes {
		if kind(nd.Kind) {
			s = append(s, nd.ID)
		}
	}
	return s
}

// TestLogicalModels reads every .bnet of shared/external/logical-models and
// checks it against the BBM metadata (variable, output and input names)
// where there is one, and that it survives Write and Read.
func TestLogicalModels(t *testing.T) {
	dir := external.Dir(t, "logical-models")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.bnet"))
	if len(files) == 0 {
		t.Fatalf("no .bnet files under %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			net := readExternal(t, f)
			back := roundTrip(t, net)
			if err := nettest.Compare(net, back, true); err != nil {
				t.Error(err)
			}
			meta, err := os.ReadFile(strings.TrimSuffix(f, ".bnet") + ".metadata.json")
			if err != nil {
				return // PyBoolNet models have no metadata
			}
			var m struct {
				Vars    []string `json:"variable-names"`
				Outputs []string `json:"output-names"`
				Inputs  []string `json:"input-names"`
			}
			if err := json.Unmarshal(meta, &m); err != nil {
				t.Fatal(err)
			}
			isInput := func(k model.Kind) bool { return k == model.Input }
			gotIn, gotVars := ids(net, isInput), ids(net, func(k model.Kind) bool { return !isInput(k) })
			sort.Strings(gotIn)
			sort.Strings(gotVars)
			vars := append(m.Vars, m.Outputs...)
			sort.Strings(vars)
			if !slices.Equal(gotVars, vars) {
				t.Errorf("variables %v, metadata %v", gotVars, vars)
			}
			// A free input that no rule reads cannot appear in a .bnet file
			// (bbm-094 lists v_IL16_e), so the inputs need only be listed.
			for _, in := range gotIn {
				if !slices.Contains(m.Inputs, in) {
					t.Errorf("input %s is not among the metadata's %v", in, m.Inputs)
				}
			}
			if missing := len(m.Inputs) - len(gotIn); missing > 0 {
				t.Logf("%d metadata inputs read by no rule", missing)
			}
		})
	}
}

// TestBoolNet reads the BoolNet reference networks: their gene order must be
// the "genes" of NAME.attractors.json (BoolNet's bit order), and the temporal
// and probabilistic ones must fail with ErrUnsupported naming their line.
func TestBoolNet(t *testing.T) {
	dir := external.Dir(t, "boolnet")
	files, _ := filepath.Glob(filepath.Join(dir, "*.bnet"))
	if len(files) == 0 {
		t.Fatalf("no .bnet files under %s", dir)
	}
	unsupported := map[string]string{
		// igf.bnet line 3: IRS, (IGF[-2] & ...); examplePBN.bnet line 1: the PBN header.
		"igf":        ":3: not supported: BoolNet temporal predicate",
		"examplePBN": ":1: not supported: probabilistic Boolean network",
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".bnet")
		t.Run(name, func(t *testing.T) {
			if want, ok := unsupported[name]; ok {
				_, err := ReadFile(f)
				if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), f+want) {
					t.Errorf("error %v, want ErrUnsupported with %q", err, f+want)
				}
				return
			}
			net := readExternal(t, f)
			if net.Name != name {
				t.Errorf("Name = %q, want %q", net.Name, name)
			}
			data, err := os.ReadFile(filepath.Join(dir, name+".attractors.json"))
			if err != nil {
				t.Fatal(err)
			}
			var exp struct {
				Genes []string       `json:"genes"`
				Fixed map[string]int `json:"fixed_genes_in_file"`
			}
			if err := json.Unmarshal(data, &exp); err != nil {
				t.Fatal(err)
			}
			if got := ids(net, func(model.Kind) bool { return true }); !slices.Equal(got, exp.Genes) {
				t.Errorf("node order %v, BoolNet genes %v", got, exp.Genes)
			}
			for g, v := range exp.Fixed {
				nd, ok := net.Node(g)
				if !ok || nd.Rule == nil || nd.Rule.String() != map[int]string{0: "0", 1: "1"}[v] {
					t.Errorf("BoolNet fixes %s to %d; rule here %v", g, v, nd.Rule)
				}
			}
			var buf bytes.Buffer
			if err := Write(&buf, net); err != nil {
				t.Fatal(err)
			}
		})
	}
}
