package maboss

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

const toyBnd = `// toy
node A { logic = A; rate_up = 0; rate_down = 0; }
Node B
{
  logic = A AND NOT C; /* inline */
  rate_up = @logic ? $k : 0;
  rate_down = @logic ? 0 : 1;
}
node C { logic = B; description = "a node; with {braces} // and slashes"; }
node In { rate_up = 0.0; rate_down = 0.0; }
`

const toyCfg = `
$k = 2/4;
A.istate = 1;
[B, C].istate = 0.3 [0, 1], 0.7 [1, 1];
In.istate = -1;
C.is_internal = TRUE;
time_tick = 0.5; max_time = 10;
sample_count = 100; seed_pseudorandom = 7;
statdist_traj_count = 0;
`

func TestParse(t *testing.T) {
	m, err := ParseBnd("toy.bnd", toyBnd)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyCfg("toy.cfg", toyCfg); err != nil {
		t.Fatal(err)
	}
	net, err := m.Network("toy")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := net.Node("B")
	up, down := b.Rates()
	if b.Rule.String() != "A & !C" || up.String() != "@logic ? $k : 0" || down.String() != "@logic ? 0 : 1" {
		t.Errorf("B = %s / %s / %s", b.Rule, up, down)
	}
	c, _ := net.Node("C")
	if cu, _ := c.Rates(); cu.String() != "@logic ? 1 : 0" || !c.Internal {
		t.Errorf("C default rates %s internal %v", cu, c.Internal)
	}
	in, _ := net.Node("In")
	if in.Kind != model.Input {
		t.Errorf("In kind %v", in.Kind)
	}
	if m.Config.TimeTick != 0.5 || m.Config.MaxTime != 10 || m.Config.SampleCount != 100 || m.Config.Seed != 7 {
		t.Errorf("config %+v", m.Config)
	}
	vals, _ := ParamValues(net.Params)
	if vals["k"] != 0.5 {
		t.Errorf("$k = %g", vals["k"])
	}
	if len(net.Init) != 3 || net.Init[1].Nodes[1] != "C" || net.Init[1].Alts[1].Weight.Value != 0.7 {
		t.Errorf("init %+v", net.Init)
	}
	// -e style override: later statements win.
	if err := m.ApplyCfg("-e", "$k = 3; A.istate = 0;"); err != nil {
		t.Fatal(err)
	}
	net, _ = m.Network("toy")
	if vals, _ := ParamValues(net.Params); vals["k"] != 3 || len(net.Init) != 3 || net.Init[2].Alts[0].Values[0] {
		t.Errorf("override failed: %v %+v", vals, net.Init)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		bnd, cfg string
		msg      string
	}{
		{"node A { logic = A & ; }", "", "toy.bnd:1: node A: logic: column 4: unexpected end of expression"},
		{"node A { logic = B; }", "", `unknown node "B"`},
		{"node A { logic = A; }\nnode A { logic = A; }", "", "toy.bnd:2: node A defined twice"},
		{"node A { logic = A;", "", "missing '}'"},
		{"node A { logic = A }", "", `missing ';'`},
		{"nod A { }", "", `toy.bnd:1: unexpected "nod"`},
		{"node A { rate_up = @logic ? 1 : 0; rate_down = 0; }", "", "reads @logic but the node has no logic"},
		{"node A { logic = A; }", "A.istate = 2;", "toy.cfg:1: A.istate must be 0, 1 or -1"},
		{"node A { logic = A; }", "\nB.istate = 1;", `toy.cfg:2: unknown node "B"; did you mean A?`},
		{"node A { logic = A; }", "max_tim = 3;", `unknown cfg setting "max_tim"; did you mean max_time?`},
		{"node A { logic = A; }", "max_time = -3;", "max_time must be a positive number"},
		{"node A { logic = A; }", "sample_count = 2.5;", "whole number"},
		{"node A { logic = A; }", "A.schedule = 1:0.5;", "schedules are not supported"},
		{"node A { logic = A; }", "$x = $y + 1;", "$x reads $y, which is not defined before it"},
		{"node A { logic = A; t = @u; u = @t; rate_up = @t; rate_down = 0; }", "", "cycle"},
		{"node A { logic = A; rate_up = @nope; rate_down = 0; }", "", "@nope is not an attribute"},
		{"node A { logic = A; }", "[A].istate = 0.5 [0, 1];", "2 values for 1 nodes"},
		{"node A { rate_up = $p; rate_down = 0; }", "", "undefined parameter $p"},
		{"node A { logic = A; }", "/* open", "comment /* is never closed"},
	}
	for _, tt := range tests {
		m, err := ParseBnd("toy.bnd", tt.bnd)
		if err == nil {
			err = m.ApplyCfg("toy.cfg", tt.cfg)
		}
		if err == nil {
			_, err = m.Network("toy")
		}
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("bnd %q cfg %q: error %v, want %q", tt.bnd, tt.cfg, err, tt.msg)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error %q", err)
		}
	}
}

// TestReadFilesNodeLine: an error in a node's rule or rates found when the
// network is built names the file and the line of that node, as the
// parser's own errors do (it named the file only).
func TestReadFilesNodeLine(t *testing.T) {
	tests := []struct{ bnd, want string }{
		{"node A { logic = A; }\nnode C {\n logic = B;\n}", "m.bnd:2: rule of C: unknown node \"B\"; did you mean A, C?"},
		{"node A { logic = A; }\n\nnode C { logic = A; rate_up = $u; rate_down = 0; }", "m.bnd:3: rate_up of C: undefined parameter $u"},
		{"node A { logic = A; }\nnode B { rate_up = 1; }", "m.bnd:2: node B has no logic, so it needs both rate_up and rate_down"},
		{"node A { logic = A; }\nnode B { logic = A; rate_up = @nope; rate_down = 0; }", "m.bnd:2: node B: @nope is not an attribute of the node"},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "m.bnd")
		if err := os.WriteFile(path, []byte(tt.bnd), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := ReadFiles(path, nil)
		if err == nil || !strings.HasPrefix(err.Error(), filepath.Dir(path)+"/"+tt.want) {
			t.Errorf("ReadFiles(%q) = %v, want %s/%s…", tt.bnd, err, filepath.Dir(path), tt.want)
		}
	}
}

// TestRoundTrip writes a model and reads it back.
func TestRoundTrip(t *testing.T) {
	m, err := ParseBnd("toy.bnd", toyBnd)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyCfg("toy.cfg", toyCfg); err != nil {
		t.Fatal(err)
	}
	net, _ := m.Network("toy")
	same(t, net, &m.Config)
}

func same(t *testing.T, net *model.Network, c *Config) {
	t.Helper()
	var bnd, cfg bytes.Buffer
	if err := Write(&bnd, &cfg, net, c); err != nil {
		t.Fatal(err)
	}
	m2, err := ParseBnd("again.bnd", bnd.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, bnd.String())
	}
	if err := m2.ApplyCfg("again.cfg", cfg.String()); err != nil {
		t.Fatalf("%v\n%s", err, cfg.String())
	}
	net2, err := m2.Network(net.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(net2.Nodes) != len(net.Nodes) {
		t.Fatalf("%d nodes, want %d", len(net2.Nodes), len(net.Nodes))
	}
	for i := range net.Nodes {
		a, b := &net.Nodes[i], &net2.Nodes[i]
		au, ad := a.Rates()
		bu, bd := b.Rates()
		if a.ID != b.ID || a.Kind != b.Kind || a.Internal != b.Internal || !expr.Equal(au, bu) || !expr.Equal(ad, bd) ||
			(a.Rule == nil) != (b.Rule == nil) || a.Rule != nil && !expr.Equal(a.Rule, b.Rule) {
			t.Errorf("node %s changed: %v/%s/%s -> %v/%s/%s", a.ID, a.Rule, au, ad, b.Rule, bu, bd)
		}
	}
	if c.TimeTick != m2.Config.TimeTick || c.MaxTime != m2.Config.MaxTime || c.SampleCount != m2.Config.SampleCount || c.Seed != m2.Config.Seed {
		t.Errorf("config %+v -> %+v", *c, m2.Config)
	}
	if len(net.Init) != len(net2.Init) || len(net.Params) != len(net2.Params) {
		t.Errorf("init or params changed: %d/%d -> %d/%d", len(net.Init), len(net.Params), len(net2.Init), len(net2.Params))
	}
}

// TestExternalModels reads every MaBoSS model of the reference suite with its
// cfg files and round-trips it.
func TestExternalModels(t *testing.T) {
	dir := external.Dir(t, "maboss")
	cases := []struct{ bnd, cfg string }{
		{"CellFateModel/CellFateModel.bnd", "CellFateModel/CellFateModel_1.cfg"},
		{"cellfate/cellfate.bnd", "cellfate/cellfate.cfg"},
		{"cell_fate_sbml/cell_fate.bnd", "cell_fate_sbml/cell_fate.bnd.cfg"},
		{"Paper_examples/Four_cycle.bnd", "Paper_examples/Four_cycle_run.cfg"},
		{"Paper_examples/p53_Mdm2.bnd", "Paper_examples/p53_Mdm2_runcfg.cfg"},
		{"doc/basic-network.bnd", "doc/basic-network.cfg"},
	}
	for _, c := range cases {
		net, cfg, err := ReadFiles(filepath.Join(dir, c.bnd), []string{filepath.Join(dir, c.cfg)})
		if err != nil {
			t.Errorf("%s: %v", c.bnd, err)
			continue
		}
		same(t, net, cfg)
	}
	_, _, err := ReadFiles(filepath.Join(dir, "cellfate/cellfate.bnd"), []string{filepath.Join(dir, "cellfate/cellfate_schedule.cfg")})
	if err == nil || !strings.Contains(err.Error(), "schedules are not supported") {
		t.Errorf("schedule cfg: %v", err)
	}
}

func TestReadFilesMissing(t *testing.T) {
	_, _, err := ReadFiles(filepath.Join(t.TempDir(), "none.bnd"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v", err)
	}
}

// FuzzParse checks that any bnd/cfg text either fails with a one-line error
// or gives a network that writes and reads back the same.
func FuzzParse(f *testing.F) {
	f.Add(toyBnd, toyCfg)
	f.Add("node A { logic = A | !A; }", "A.istate = -1;")
	f.Add("node X { rate_up = 1; rate_down = 2; }", "$a = 1; [X].istate = 1 [1];")
	f.Fuzz(func(t *testing.T, bnd, cfg string) {
		m, err := ParseBnd("f.bnd", bnd)
		if err == nil {
			err = m.ApplyCfg("f.cfg", cfg)
		}
		var net *model.Network
		if err == nil {
			net, err = m.Network("f")
		}
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		same(t, net, &m.Config)
	})
}

func TestApply(t *testing.T) {
	m, _ := ParseBnd("toy.bnd", toyBnd)
	_ = m.ApplyCfg("toy.cfg", toyCfg)
	net, _ := m.Network("toy")
	out, cfg, err := Apply(net, &m.Config, "$k = 4; B.is_internal = 1; max_time = 3;", "In.istate = 1;")
	if err != nil {
		t.Fatal(err)
	}
	vals, _ := ParamValues(out.Params)
	b, _ := out.Node("B")
	if vals["k"] != 4 || !b.Internal || cfg.MaxTime != 3 || cfg.SampleCount != 100 || out.Init[len(out.Init)-1].Nodes[0] != "In" {
		t.Errorf("Apply: k=%g internal=%v cfg=%+v init=%+v", vals["k"], b.Internal, cfg, out.Init)
	}
	if _, _, err := Apply(net, nil, "Q.istate = 1;"); err == nil || !strings.Contains(err.Error(), `-e #1:1: unknown node "Q"`) {
		t.Errorf("error %v", err)
	}
}

// TestPhysRandGen: use_physrandgen = 1 (the shipped Sizek and Montagud
// cfgs) is accepted and flagged for a warning, and a later statement can
// turn it off (issue 11, item 13).
func TestPhysRandGen(t *testing.T) {
	m, err := ParseBnd("m.bnd", "node A { logic = A; }")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyCfg("m.cfg", "use_physrandgen = 1.0;"); err != nil || !m.Config.PhysRandGen {
		t.Fatalf("use_physrandgen = 1: %v, flag %v", err, m.Config.PhysRandGen)
	}
	if err := m.ApplyCfg("-e", "use_physrandgen = 0;"); err != nil || m.Config.PhysRandGen {
		t.Errorf("-e use_physrandgen = 0: %v, flag %v", err, m.Config.PhysRandGen)
	}
}
