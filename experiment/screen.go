package experiment

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
)

// ScreenOptions set a screen; zero values mean the defaults.
type ScreenOptions struct {
	Samples int    // per run; default 10,000
	Readout string // default Proliferation
	Time    float64
	Seed    int64
	Options
}

// ScreenDoses are the eight half-log doses of a screen: 1 nM to 3 µM for
// molar drugs, 1 to 3,000 IU/mL for drugs dosed in activity units.
var ScreenDoses = map[dose.Kind][]string{
	dose.Molar:    {"1nM", "3nM", "10nM", "30nM", "100nM", "300nM", "1uM", "3uM"},
	dose.Activity: {"1 IU/mL", "3 IU/mL", "10 IU/mL", "30 IU/mL", "100 IU/mL", "300 IU/mL", "1000 IU/mL", "3000 IU/mL"},
}

// ScreenResult is one context × drug dose series.
type ScreenResult struct {
	Context string     `json:"context"`
	Drug    string     `json:"drug"`
	Control float64    `json:"control"`
	Dose    DoseResult `json:"dose_response"`
}

// Screen runs every drug of the knowledge base at eight doses in every
// context, each context as one experiment (a control arm and a dose series
// per drug), and returns the dose series with their fits.
func Screen(ctx context.Context, k *kb.KB, opt ScreenOptions) ([]ScreenResult, bool, error) {
	if opt.Samples == 0 {
		opt.Samples = 10000
	}
	if opt.Readout == "" {
		opt.Readout = "Proliferation"
	}
	if opt.Time == 0 {
		opt.Time = 50
	}
	var out []ScreenResult
	complete := true
	for ci, c := range k.Contexts {
		var b strings.Builder
		fmt.Fprintf(&b, "version: 1\nname: screen-%s\ncontext: %s\ntime: %g\nsamples: %d\nseed: %d\nreadouts: [%s]\ndose_response:\n",
			c.ID, c.ID, opt.Time, opt.Samples, RunSeed(opt.Seed, ci), opt.Readout)
		for _, d := range k.Drugs {
			kind := d.Targets[0].Dose.Unit.Kind
			fmt.Fprintf(&b, "  - drug: %s\n    doses: [%s]\n", d.ID, strings.Join(ScreenDoses[kind], ", "))
		}
		s, err := ParseSpec("screen-"+c.ID, []byte(b.String()), k)
		if err != nil {
			return nil, false, err
		}
		res, err := Run(ctx, k, s, opt.Options)
		if err != nil {
			return nil, false, err
		}
		complete = complete && res.Complete
		control := math.NaN()
		if len(res.Arms) > 0 {
			control = res.Arms[0].Readouts[opt.Readout].Value
		}
		for _, dr := range res.DoseResponse {
			out = append(out, ScreenResult{Context: c.ID, Drug: dr.Drug, Control: control, Dose: dr})
		}
		if !res.Complete {
			break
		}
	}
	return out, complete, nil
}

// WriteScreenTable prints, per context and drug, the control value, the
// value at the highest dose and the fitted IC50.
func WriteScreenTable(w io.Writer, rs []ScreenResult, readout string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CONTEXT\tDRUG\t%s CONTROL\tAT TOP DOSE\tIC50\t95%% CI\t\n", readout)
	for _, r := range rs {
		top, ic50, ci := "—", "—", ""
		switch n := len(r.Dose.Values); {
		case n < len(r.Dose.Doses):
			// Interrupted: the series did not finish.
			ic50 = fmt.Sprintf("not run (%d of %d doses)", n, len(r.Dose.Doses))
		default:
			top = fmt.Sprintf("%.3f", r.Dose.Values[n-1])
			if f := r.Dose.Fit; f != nil && f.Reported && f.Kind == "IC50" {
				show := func(x float64) string { return fmt.Sprintf("%.3g %s", x, r.Dose.Unit) }
				x := f.IC50
				if f.IC50M > 0 {
					x, show = f.IC50M, func(x float64) string {
						m := dose.FromMolar(x)
						return fmt.Sprintf("%.3g %s", m.Value, m.Unit.Name)
					}
				}
				ic50 = show(x)
				if f.IC50CI != nil {
					ci = show(f.IC50CI[0]) + " – " + show(f.IC50CI[1])
					if f.Beyond {
						ci += " (beyond the doses)"
					}
				}
			}
		}
		control := "—"
		if !math.IsNaN(r.Control) {
			control = fmt.Sprintf("%.3f", r.Control)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Context, r.Drug, control, top, ic50, ci)
	}
	tw.Flush()
}
