package kb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultKB(t *testing.T) {
	k, err := Default()
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			t.Fatalf("embedded knowledge base is invalid:\n%s", ve.Lines())
		}
		t.Fatal(err)
	}
	if cov := k.Coverage(); len(cov) > 0 {
		t.Errorf("review coverage: %v", cov)
	}
	// MitoticArrest is kept, with rule "0", as the phenotype no route of
	// the network produces (its note says why): isolated on purpose.
	for _, w := range k.Warnings {
		if !strings.Contains(w.String(), "nodes[MitoticArrest]: isolated") {
			t.Errorf("warning: %v", w)
		}
	}
	// Issue 2 expected 70–120 nodes from the review; issue 10 added the
	// primary literature beyond it (RIPK1, insulin, mitophagy, A20's two
	// pools, p38/MK2), so the bound is a sanity check, not a target.
	if n := len(k.Nodes); n < 70 || n > 160 {
		t.Errorf("%d nodes, want 70–160", n)
	}
	net, err := k.Network()
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Nodes) != len(k.Nodes) {
		t.Errorf("network has %d nodes, knowledge base %d", len(net.Nodes), len(k.Nodes))
	}
	// Every review drug has at least one target with a potency, a unit and a source.
	for _, id := range ReviewDrugs {
		found := false
		for _, d := range k.Drugs {
			if d.ReviewID != id {
				continue
			}
			for _, tg := range d.Targets {
				found = found || (tg.Dose.Base() > 0 && tg.Source != "")
			}
		}
		if !found {
			t.Errorf("review drug %s has no sourced potency", id)
		}
	}
	// Every potency whose source is an assumption says so in its status.
	for _, d := range k.Drugs {
		for _, tg := range d.Targets {
			if tg.Source == "assumption" && tg.Status != "assumed" {
				t.Errorf("%s → %s: assumed value marked %s", d.ID, tg.Node, tg.Status)
			}
		}
	}
}

func TestNamesResolve(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ kind, name, want string }{
		{"node", "IKKε", "IKBKE"},
		{"node", "ikke", "IKBKE"},
		{"node", "IKK-epsilon", "IKBKE"},
		{"node", "NF-κB", "RELA"},
		{"node", "nfkb", "RELA"},
		{"node", "PD-L1", "CD274"},
		{"node", "her2", "ERBB2"},
		{"node", "IKKβ", "IKBKB"},
		{"drug", "CYT387", "momelotinib"},
		{"drug", "IFN-α", "interferon-alfa"},
		{"context", "TNBC", "tnbc"},
	}
	for _, tt := range tests {
		var got string
		var err error
		switch tt.kind {
		case "node":
			got, err = k.ResolveNode(tt.name)
		case "drug":
			got, err = k.ResolveDrug(tt.name)
		case "context":
			got, err = k.ResolveContext(tt.name)
		}
		if err != nil || got != tt.want {
			t.Errorf("resolve %s %q = %q, %v; want %q", tt.kind, tt.name, got, err, tt.want)
		}
	}
	_, err = k.ResolveNode("IKKX")
	if err == nil || !strings.Contains(err.Error(), "IKBKE") {
		t.Errorf("IKKX: error %v should suggest IKBKE", err)
	}
}

func TestFind(t *testing.T) {
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, want string }{
		{"ikke", "node:IKBKE"},
		{"D1", "drug:momelotinib"},
		{"X2", "context:tnbc"},
		{"c19", "claim:C19"},
		{"M6", "mechanism:M6"},
		{"[8]", "ref:8"},
		{"zhou2013", "paper:zhou2013"},
	}
	for _, tt := range tests {
		ms, err := k.Find(tt.name)
		if err != nil || len(ms) == 0 || fmt.Sprintf("%s:%s", ms[0].Kind, ms[0].ID) != tt.want {
			t.Errorf("Find(%q) = %v, %v; want %s", tt.name, ms, err, tt.want)
		}
	}
}

// overlay returns the mini knowledge base with the files of dir replacing
// (or adding to) its own.
func overlay(t *testing.T, dir string) fs.FS {
	m := fstest.MapFS{}
	for _, d := range []string{"testdata/mini", dir} {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".yaml") {
				data, err := os.ReadFile(path.Join(d, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				m[e.Name()] = &fstest.MapFile{Data: data}
			}
		}
	}
	return m
}

func TestMiniKB(t *testing.T) {
	k, err := Load(overlay(t, "testdata/mini"), "mini")
	if err != nil {
		t.Fatal(err)
	}
	r, _ := k.Rule("Proliferation")
	if r.Expr.String() != "RELA & !TNF" || *r.Down != 0.5 || r.Line != 12 {
		t.Errorf("rule = %q down %v line %d", r.Expr, *r.Down, r.Line)
	}
	net, err := k.Network()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := net.Node("Proliferation")
	if up, down := n.Rates(); up.String() != "@logic ? 1 : 0" || down.String() != "@logic ? 0 : 0.5" {
		t.Errorf("rates %s; %s", up, down)
	}
}

// TestBrokenFixtures loads, for each directory of testdata/broken, the mini
// knowledge base with that directory's files swapped in; each must fail
// with an error naming the file and line in want.txt (line 1) and containing
// the message of line 2.
func TestBrokenFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			dir := path.Join("testdata/broken", d.Name())
			want, err := os.ReadFile(path.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitN(strings.TrimSpace(string(want)), "\n", 2)
			loc, msg := "mini/"+lines[0], ""
			if len(lines) > 1 {
				msg = lines[1]
			}
			_, err = Load(overlay(t, dir), "mini")
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Load = %v, want a validation error", err)
			}
			for _, i := range ve.Issues {
				s := i.String()
				if strings.HasPrefix(s, loc) && strings.Contains(s, msg) && !strings.Contains(s, "\n") {
					return
				}
			}
			t.Errorf("no issue at %s containing %q; got:\n%s", loc, msg, ve.Lines())
		})
	}
}

func ExampleDefault() {
	k, err := Default()
	if err != nil {
		panic(err)
	}
	id, _ := k.ResolveNode("IKKε")
	r, _ := k.Rule("IKBKE_ub")
	fmt.Println(id)
	fmt.Println("IKBKE_ub =", r.Expr)
	// Output:
	// IKBKE
	// IKBKE_ub = IKBKE | IKBKE & TRAF1 & TRAF2 & (BIRC2 | BIRC3) | IKBKE & ((MAVS | TICAM1) & TRAF3 | STING1) & (TANK | AZI2 | TBKBP1)
}

// FuzzLoad feeds arbitrary content as one data file of the mini knowledge
// base: loading must never panic and must return either a knowledge base or
// a validation error whose issues each fit on one line.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"rules.yaml", "nodes.yaml", "drugs.yaml", "claims.yaml"} {
		data, err := os.ReadFile("testdata/mini/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, string(data))
	}
	f.Add("rules.yaml", "rules:\n  - node: RELA\n    rule: ((((\n")
	f.Add("contexts.yaml", "contexts: {a: 1}\n")
	base := fstest.MapFS{}
	entries, _ := os.ReadDir("testdata/mini")
	for _, e := range entries {
		data, _ := os.ReadFile("testdata/mini/" + e.Name())
		base[e.Name()] = &fstest.MapFile{Data: data}
	}
	f.Fuzz(func(t *testing.T, name, content string) {
		if !strings.HasSuffix(name, ".yaml") || strings.ContainsAny(name, "/\\") || name == ".yaml" {
			return
		}
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m[name] = &fstest.MapFile{Data: []byte(content)}
		k, err := Load(m, "mini")
		if err == nil {
			if _, err := k.Network(); err != nil {
				t.Fatalf("valid knowledge base does not compile: %v", err)
			}
			return
		}
		var ve *ValidationError
		if errors.As(err, &ve) {
			for _, i := range ve.Issues {
				if strings.Contains(i.String(), "\n") {
					t.Fatalf("multi-line issue: %q", i.String())
				}
			}
		}
	})
}

func TestEdgeEvidence(t *testing.T) {
	r := Rule{
		Node:     "IRF3",
		Evidence: map[string][]string{"TBK1": {"M4"}, "Tax": {"M10", "[15]"}},
		Brakes: []Modulator{
			{Node: "Tax", Evidence: []string{"M11", "[15]", "yuen2016"}},
			{Node: "CYLD", Evidence: []string{"friedman2008"}},
		},
	}
	tests := []struct {
		source string
		want   string
	}{
		{"TBK1", "M4"},                   // logic only
		{"CYLD", "friedman2008"},         // brake only
		{"Tax", "M10 [15] M11 yuen2016"}, // both, each reference once
		{"MAVS", ""},                     // neither
	}
	for _, tt := range tests {
		if got := strings.Join(r.EdgeEvidence(tt.source), " "); got != tt.want {
			t.Errorf("EdgeEvidence(%s) = %q, want %q", tt.source, got, tt.want)
		}
	}
}
