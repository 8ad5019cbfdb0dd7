package stochastic

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/internal/external"
	"github.com/ikklab/ikklab/model"
)

// cellFate loads the Calzone 2010 cell-fate model with its cfg and extra
// statements.
func cellFate(t testing.TB, extra ...string) (*model.Network, *maboss.Config, map[string]float64) {
	t.Helper()
	dir := external.Dir(t, "maboss")
	net, cfg, err := maboss.ReadFiles(filepath.Join(dir, "CellFateModel/CellFateModel.bnd"),
		[]string{filepath.Join(dir, "CellFateModel/CellFateModel_1.cfg")}, extra...)
	if err != nil {
		t.Fatal(err)
	}
	params, err := maboss.ParamValues(net.Params)
	if err != nil {
		t.Fatal(err)
	}
	return net, cfg, params
}

// TestCellFateQuick compares final output-state probabilities with MaBoSS's
// (../shared/external/maboss/RESULTS.md, table 1) at 20,000 samples.
func TestCellFateQuick(t *testing.T) {
	samples := 20000
	tol := 0.01
	if os.Getenv("IKKLAB_SLOW") != "" {
		samples = 100000
	}
	// name, -e statements, Survival, Apoptosis, NonACD, none (RESULTS.md).
	cases := []struct {
		name   string
		extra  string
		expect [4]float64
	}{
		{"wild type", "$XIAP_del = FALSE;", [4]float64{0.0433, 0.8998, 0.0568, 0}},
		{"TNF off", "$XIAP_del = FALSE; TNF.istate = FALSE;", [4]float64{0, 0, 0, 1}},
		{"CASP8_del", "$XIAP_del = FALSE; $CASP8_del = TRUE;", [4]float64{0.8957, 0, 0.1043, 0}},
		{"RIP1_del", "$XIAP_del = FALSE; $RIP1_del = TRUE;", [4]float64{0, 1, 0, 0}},
		{"cIAP_del", "$XIAP_del = FALSE; $cIAP_del = TRUE;", [4]float64{0, 0.8578, 0.1422, 0}},
		{"NFkB_del", "$XIAP_del = FALSE; $NFkB_del = TRUE;", [4]float64{0, 0.8587, 0.1413, 0}},
		{"FADD_del", "$XIAP_del = FALSE; $FADD_del = TRUE;", [4]float64{0.8933, 0.0138, 0.0929, 0.00003}},
		{"XIAP_del (as shipped)", "", [4]float64{0.0422, 0.9006, 0.0573, 0}},
		{"APAF_del", "$XIAP_del = FALSE; $APAF_del = TRUE;", [4]float64{0.0462, 0, 0.0571, 0.8967}},
		{"cFLIP_del", "$XIAP_del = FALSE; $cFLIP_del = TRUE;", [4]float64{0, 0.9559, 0.0441, 0}},
		{"BCL2_oe", "$XIAP_del = FALSE; $BCL2_oe = TRUE;", [4]float64{0.0809, 0, 0, 0.9191}},
		{"BAX_del", "$XIAP_del = FALSE; $BAX_del = TRUE;", [4]float64{0.0764, 0, 0.0445, 0.8790}},
		{"NFkB_oe", "$XIAP_del = FALSE; $NFkB_oe = TRUE;", [4]float64{1, 0, 0, 0}},
		{"TransRate=1", "$XIAP_del = FALSE; $TransRate = 1;", [4]float64{0.2034, 0.5179, 0.2787, 0}},
		{"TransRate=10", "$XIAP_del = FALSE; $TransRate = 10;", [4]float64{0.2778, 0.4038, 0.3184, 0}},
	}
	for _, c := range cases {
		net, cfg, params := cellFate(t, c.extra)
		res, err := Simulate(context.Background(), net, params, Options{Samples: samples, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed})
		if err != nil {
			t.Fatal(err)
		}
		final := res.Final()
		got := [4]float64{final["Survival"], final["Apoptosis"], final["NonACD"], final["<nil>"]}
		for k, name := range []string{"Survival", "Apoptosis", "NonACD", "<nil>"} {
			if math.Abs(got[k]-c.expect[k]) > tol {
				t.Errorf("%s: %s = %.4f, MaBoSS %.4f", c.name, name, got[k], c.expect[k])
			}
		}
		t.Logf("%-22s %.4f %.4f %.4f %.4f", c.name, got[0], got[1], got[2], got[3])
	}
}

func TestWorkersIdentical(t *testing.T) {
	net, cfg, params := cellFate(t, "$XIAP_del = FALSE;")
	var prev *Result
	for _, w := range []int{1, 2, 3} {
		res, err := Simulate(context.Background(), net, params, Options{Samples: 5000, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: 11, Workers: w, Series: []string{"NFkB", "CASP3"}})
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil {
			if len(prev.States) != len(res.States) {
				t.Fatalf("workers %d: %d states, before %d", w, len(res.States), len(prev.States))
			}
			for i := range res.States {
				for k := range res.States[i].Prob {
					if res.States[i].Prob[k] != prev.States[i].Prob[k] || res.States[i].Err[k] != prev.States[i].Err[k] {
						t.Fatalf("workers %d: state %s window %d differs", w, res.States[i].Label, k)
					}
				}
			}
			for k := range res.TH {
				if res.TH[k] != prev.TH[k] || res.Nodes["NFkB"][k] != prev.Nodes["NFkB"][k] {
					t.Fatalf("workers %d: window %d differs", w, k)
				}
			}
		}
		prev = res
	}
}

// TestProbTrajRegression replays MaBoSS's own regression case
// (cellfate/refer/res_probtraj.csv, reproduced byte for byte by MaBoSS 2.6.6
// with any thread count): same model, cfg, seeds and semantics must give the
// same time-averaged probabilities in every window.
func TestProbTrajRegression(t *testing.T) {
	dir := external.Dir(t, "maboss")
	net, cfg, err := maboss.ReadFiles(filepath.Join(dir, "cellfate/cellfate.bnd"), []string{filepath.Join(dir, "cellfate/cellfate.cfg")})
	if err != nil {
		t.Fatal(err)
	}
	params, _ := maboss.ParamValues(net.Params)
	res, err := Simulate(context.Background(), net, params, Options{Samples: cfg.SampleCount, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed})
	if err != nil {
		t.Fatal(err)
	}
	want := readProbTraj(t, filepath.Join(dir, "cellfate/refer/res_probtraj.csv"))
	if len(want) != len(res.Times) {
		t.Fatalf("%d windows, MaBoSS %d", len(res.Times), len(want))
	}
	worst := 0.0
	for k, row := range want {
		got := map[string]float64{}
		for _, s := range res.States {
			if s.Prob[k] > 0 {
				got[s.Label] = s.Prob[k]
			}
		}
		for label, p := range row {
			worst = math.Max(worst, math.Abs(got[label]-p))
		}
		for label, p := range got {
			if _, ok := row[label]; !ok {
				worst = math.Max(worst, p)
			}
		}
	}
	t.Logf("largest difference from MaBoSS over %d windows: %.2g", len(want), worst)
	if worst > 1e-6 {
		t.Errorf("probabilities differ from MaBoSS's regression output by up to %.2g", worst)
	}
}

func readProbTraj(t *testing.T, path string) []map[string]float64 {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]float64
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	head := strings.Split(lines[0], "\t")
	first := 0
	for i, h := range head {
		if h == "State" {
			first = i
			break
		}
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		row := map[string]float64{}
		for i := first; i+1 < len(f); i += 3 {
			v, _ := strconv.ParseFloat(f[i+1], 64)
			row[f[i]] = v
		}
		rows = append(rows, row)
	}
	return rows
}

// TestLargeModelsAsMaBoSS: on Sizek 2019 (87 nodes) and Montagud 2022 (133
// nodes), 100,000 samples with the shipped cfgs give MaBoSS 2.6.6's own
// last-window probabilities (../shared/external/maboss/large/*.maboss-final.tsv)
// to the 6 decimals printed: with the nodes scanned in MaBoSS's numbering
// (model.Network.ScanOrder) each seed gives MaBoSS's trajectory, and the
// state names are MaBoSS's. In declaration order the same runs differ by
// sampling noise.
func TestLargeModelsAsMaBoSS(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: two 100,000-sample runs of large models (about 5 s)")
	}
	large := filepath.Join(external.Dir(t, "maboss"), "large")
	for _, name := range []string{"sizek", "Montagud2022_Prostate_Cancer"} {
		net, cfg, err := maboss.ReadFiles(filepath.Join(large, name+".bnd"), []string{filepath.Join(large, name+".cfg")}, "use_physrandgen = 0;")
		if err != nil {
			t.Fatal(err)
		}
		params, err := maboss.ParamValues(net.Params)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Simulate(context.Background(), net, params, Options{Samples: 100000, MaxTime: cfg.MaxTime, TimeTick: cfg.TimeTick, Seed: cfg.Seed})
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(large, name+".maboss-final.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		got := res.Final()
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
		for _, l := range lines {
			f := strings.Split(l, "\t")
			want, _ := strconv.ParseFloat(f[1], 64)
			if math.Abs(got[f[0]]-want) > 6e-7 {
				t.Errorf("%s: %s = %.6f, MaBoSS %.6f", name, f[0], got[f[0]], want)
			}
		}
		if len(got) != len(lines) {
			t.Errorf("%s: %d output states, MaBoSS %d", name, len(got), len(lines))
		}
	}
}
