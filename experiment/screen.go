package experiment

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/internal/parallel"
	"github.com/ikklab/ikklab/kb"
)

// ScreenOptions set a screen; zero values mean the defaults.
type ScreenOptions struct {
	Samples int    // per run; default 10,000
	Readout string // default Proliferation
	Time    float64
	Seed    int64
	// Contexts are the context ids screened (default: every context).
	Contexts []string
	// Pairs screens every pair of drugs on a dose matrix instead of every
	// drug on a dose series.
	Pairs bool
	// PairDoses is the side of a pair's dose matrix, 0 included (default
	// 4: 0 and three doses a decade apart, ScreenDoses[2], [4] and [6]).
	PairDoses int
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
	Control *float64   `json:"control"` // null when the control arm did not run (interrupted)
	Dose    DoseResult `json:"dose_response"`
}

// PairResult is one context × drug pair dose matrix with its synergy.
type PairResult struct {
	Context     string       `json:"context"`
	Drugs       []string     `json:"drugs"`
	Control     *float64     `json:"control"` // null when the control arm did not run (interrupted)
	Combination *ComboResult `json:"combination"`
}

// SpecSource is a spec as text with the name its messages use.
type SpecSource struct {
	Name string
	Text []byte
}

func (o *ScreenOptions) defaults() {
	if o.Samples == 0 {
		o.Samples = 10000
	}
	if o.Readout == "" {
		o.Readout = "Proliferation"
	}
	if o.Time == 0 {
		o.Time = 50
	}
	if o.PairDoses == 0 {
		o.PairDoses = 4
	}
}

// ScreenSpecs writes a screen as specs: per context, a control arm and a
// dose series of every drug (ScreenDoses); with Pairs, per context and
// drug pair (knowledge-base order), a control arm and the pair's dose
// matrix. The specs of the c-th context are seeded with RunSeed(opt.Seed,
// c): the pairs of one context share their random streams (common random
// numbers), so their control arms agree and their differences are the
// drugs', not the noise's.
func ScreenSpecs(k *kb.KB, opt ScreenOptions) ([]SpecSource, error) {
	opt.defaults()
	contexts := opt.Contexts
	if len(contexts) == 0 {
		for _, c := range k.Contexts {
			contexts = append(contexts, c.ID)
		}
	}
	if opt.PairDoses < 2 || opt.PairDoses > len(ScreenDoses[dose.Molar])+1 {
		return nil, fmt.Errorf("a pair's dose matrix is 2..%d doses a side, not %d", len(ScreenDoses[dose.Molar])+1, opt.PairDoses)
	}
	head := func(name, context string, i int) *strings.Builder {
		var b strings.Builder
		fmt.Fprintf(&b, "version: 1\nname: %s\ncontext: %s\ntime: %g\nsamples: %d\nseed: %d\nreadouts: [%s]\n",
			name, context, opt.Time, opt.Samples, RunSeed(opt.Seed, i), opt.Readout)
		return &b
	}
	var out []SpecSource
	for ci, c := range contexts {
		if !opt.Pairs {
			b := head("screen-"+c, c, ci)
			b.WriteString("dose_response:\n")
			for _, d := range k.Drugs {
				fmt.Fprintf(b, "  - drug: %s\n    doses: [%s]\n", d.ID, strings.Join(ScreenDoses[d.Targets[0].Dose.Unit.Kind], ", "))
			}
			out = append(out, SpecSource{Name: "screen-" + c, Text: []byte(b.String())})
			continue
		}
		for i, a := range k.Drugs {
			for _, d := range k.Drugs[i+1:] {
				name := fmt.Sprintf("pair-%s-%s-%s", c, a.ID, d.ID)
				b := head(name, c, ci)
				fmt.Fprintf(b, "combination:\n  drugs: [%s, %s]\n  doses: [[%s], [%s]]\n", a.ID, d.ID,
					strings.Join(pairDoses(a, opt.PairDoses), ", "), strings.Join(pairDoses(d, opt.PairDoses), ", "))
				out = append(out, SpecSource{Name: name, Text: []byte(b.String())})
			}
		}
	}
	return out, nil
}

// pairDoses are 0 and n-1 of the drug's screen doses, spread evenly from
// the third to the seventh (a decade apart for n = 4; the seventh, 1 µM,
// alone for n = 2, so the top dose does not depend on n up to 6).
func pairDoses(d kb.Drug, n int) []string {
	all := ScreenDoses[d.Targets[0].Dose.Unit.Kind]
	out := []string{"0"}
	lo, hi := 2, 6
	if n-1 > hi-lo+1 {
		lo, hi = 0, len(all)-1
	}
	for j := 0; j < n-1; j++ {
		i := hi
		if n > 2 {
			i = lo + int(math.Round(float64(j)*float64(hi-lo)/float64(n-2)))
		}
		out = append(out, all[i])
	}
	return out
}

// ParseSpecs parses specs given as text (ScreenSpecs writes a screen so).
func ParseSpecs(k *kb.KB, srcs []SpecSource) ([]*Spec, error) {
	specs := make([]*Spec, len(srcs))
	for i, src := range srcs {
		var err error
		if specs[i], err = ParseSpec(src.Name, src.Text, k); err != nil {
			return nil, err
		}
	}
	return specs, nil
}

// Screen runs a screen's specs (ScreenSpecs, ParseSpecs) side by side
// (RunAll) and returns their results in order, up to the first
// interrupted one.
func Screen(ctx context.Context, k *kb.KB, specs []*Spec, opt Options) ([]*Result, bool, error) {
	results, err := RunAll(ctx, k, specs, opt)
	if err != nil {
		return nil, false, err
	}
	for i, res := range results {
		if res == nil || !res.Complete {
			if res != nil {
				return results[:i+1], false, nil
			}
			return results[:i], false, nil
		}
	}
	return results, true, nil
}

// RunAll runs specs side by side, each on one worker: a spec's runs are
// few, and assembling its result (fits, synergy bootstraps) is serial work
// that would otherwise leave cores idle. Every spec carries its own seed,
// so results do not depend on the number of workers. A spec that did not
// start before ctx was done has a nil result; the first error is returned.
func RunAll(ctx context.Context, k *kb.KB, specs []*Spec, opt Options) ([]*Result, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	one := opt
	one.Workers = 1
	if opt.Progress != nil {
		one.Progress = LockProgress(opt.Progress) // one lock for the specs side by side
	}
	results := make([]*Result, len(specs))
	errs := make([]error, len(specs))
	parallel.For(ctx, len(specs), workers, func(i int) { results[i], errs[i] = Run(ctx, k, specs[i], one) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// ScreenTable turns a single-drug screen's results into its rows.
func ScreenTable(results []*Result, readout string) []ScreenResult {
	var out []ScreenResult
	for _, res := range results {
		control := controlValue(res, readout)
		for _, dr := range res.DoseResponse {
			out = append(out, ScreenResult{Context: res.Context, Drug: dr.Drug, Control: control, Dose: dr})
		}
	}
	return out
}

// controlValue is the readout in a screen result's control arm, its first,
// or nil when that arm did not run (an interrupted screen).
func controlValue(res *Result, readout string) *float64 {
	if len(res.Arms) == 0 {
		return nil
	}
	ro, ok := res.Arms[0].Readouts[readout]
	if !ok || math.IsNaN(ro.Value) {
		return nil
	}
	v := ro.Value
	return &v
}

// showControl prints a control value, or — when it did not run.
func showControl(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}

// PairTable turns a pair screen's results into its rows.
func PairTable(results []*Result, readout string) []PairResult {
	var out []PairResult
	for _, res := range results {
		if res.Combination == nil {
			continue
		}
		control := controlValue(res, readout)
		out = append(out, PairResult{Context: res.Context, Drugs: res.Combination.Drugs, Control: control, Combination: res.Combination})
	}
	return out
}

// WritePairTable prints, per context and pair, the control value, the
// value at both top doses and the four synergy scores.
func WritePairTable(w io.Writer, rs []PairResult, readout string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CONTEXT\tDRUGS\t%s CONTROL\tAT TOP DOSES\tBLISS\tHSA\tLOEWE\tZIP\t\n", readout)
	for _, r := range rs {
		c := r.Combination
		top := "—"
		if n := len(c.Matrix); n > 0 && len(c.Matrix[n-1]) == len(c.Doses[1]) {
			top = fmt.Sprintf("%.3f", c.Matrix[n-1][len(c.Matrix[n-1])-1])
		}
		score := func(k string) string {
			if v, ok := c.Synergy[k]; ok && !math.IsNaN(v) {
				return fmt.Sprintf("%+.3f", v)
			}
			return "—"
		}
		fmt.Fprintf(tw, "%s\t%s + %s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Context, c.Drugs[0], c.Drugs[1], showControl(r.Control), top,
			score("bliss"), score("hsa"), score("loewe"), score("zip"))
	}
	tw.Flush()
}

// shortFitNote is why a series has no IC50, in a few words for a table
// cell: its FitNote after "no IC50: " and up to the first parenthesis ("the
// series is flat"), or that it rises, for a series fitted with an EC50.
func shortFitNote(d DoseResult) string {
	if f := d.Fit; f != nil && f.Reported && f.Kind == "EC50" {
		return "rises: no IC50 (an EC50)"
	}
	note, _, _ := strings.Cut(d.FitNote, " (")
	if _, why, ok := strings.Cut(note, ": "); ok && strings.HasPrefix(note, "no ") {
		return why // the IC50 column already shows none
	}
	return note
}

// WriteScreenTable prints, per context and drug, the control value, the
// value at the highest dose and the fitted IC50 with its interval, or why
// there is none.
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
			} else {
				ci = shortFitNote(r.Dose)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Context, r.Drug, showControl(r.Control), top, ic50, ci)
	}
	tw.Flush()
}
