package experiment

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
)

// IC50Grid is where a drug's own IC50 is looked for: half-log steps from
// 0.1 nM to 100 µM, the range of the knowledge base's potencies and of the
// doses cell experiments use.
var IC50Grid = []string{"0.1 nM", "0.3 nM", "1 nM", "3 nM", "10 nM", "30 nM", "100 nM", "300 nM",
	"1 uM", "3 uM", "10 uM", "30 uM", "100 uM"}

// NoIC50Error says that a drug's dose series never crosses its midpoint
// inside IC50Grid (the drug barely acts on the readout there).
type NoIC50Error struct {
	Drug, Readout, Base string
	Detail              string
}

func (e *NoIC50Error) Error() string {
	return fmt.Sprintf("%s has no IC50 on %s (alone, added to arm %s) between 0.1 nM and 100 µM: %s", e.Drug, e.Readout, e.Base, e.Detail)
}

// IC50Drugs lists, sorted, the drugs that arms give at "IC50".
func IC50Drugs(arms []Arm) []string {
	var out []string
	for _, a := range arms {
		for d, ds := range a.Drugs {
			if kb.IsIC50(ds) && !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	slices.Sort(out)
	return out
}

// FindIC50 measures the IC50 of drug alone on s.IC50.Readout, added to
// arm s.IC50.Base, in the spec's context and stimuli: the midpoint of a
// 4-parameter logistic fitted to a dose series over IC50Grid, run with the
// spec's samples, time and a seed derived from the spec's (stream index).
// It returns a *NoIC50Error when the midpoint is outside the grid or the
// drug changes the readout by less than minEffect.
func FindIC50(ctx context.Context, k *kb.KB, s *Spec, drug string, stream int, minEffect float64, opt Options) (molar float64, complete bool, err error) {
	i := slices.IndexFunc(s.Arms, func(a Arm) bool { return a.Name == s.IC50.Base })
	if i < 0 {
		return 0, false, fmt.Errorf("ic50 base arm %q is not an arm", s.IC50.Base)
	}
	sub := *s
	sub.IC50, sub.Expect, sub.Combination = nil, nil, nil
	sub.Arms = []Arm{s.Arms[i]}
	sub.Readouts = []string{s.IC50.Readout}
	sub.Seed = RunSeed(s.Seed, 1_000_000+stream)
	sub.DoseResponse = []DoseSeries{{Drug: drug, Doses: IC50Grid, Readout: s.IC50.Readout, Base: s.IC50.Base}}
	res, err := Run(ctx, k, &sub, opt)
	if err != nil || !res.Complete {
		return 0, false, err
	}
	dr := res.DoseResponse[0]
	fail := &NoIC50Error{Drug: drug, Readout: s.IC50.Readout, Base: s.IC50.Base, Detail: dr.FitNote}
	switch {
	case dr.Fit == nil || !dr.Fit.Reported:
	case !(dr.Fit.IC50M >= 1e-10 && dr.Fit.IC50M <= 1e-4):
		fail.Detail = fmt.Sprintf("the fitted midpoint is %.3g M", dr.Fit.IC50M)
	case dr.Fit.Emax < minEffect && -dr.Fit.Emax < minEffect:
		fail.Detail = fmt.Sprintf("its largest effect is %.3f", dr.Fit.Emax)
	default:
		return dr.Fit.IC50M, true, nil
	}
	return 0, true, fail
}

// resolveIC50 returns the spec with every "IC50" dose replaced by the
// drug's IC50 (FindIC50), and those doses by drug; s itself when no arm
// doses at IC50.
func resolveIC50(ctx context.Context, k *kb.KB, s *Spec, opt Options) (*Spec, map[string]string, bool, error) {
	drugs := IC50Drugs(s.Arms)
	if len(drugs) == 0 {
		return s, nil, true, nil
	}
	doses := map[string]string{}
	for i, d := range drugs {
		if opt.IC50Doses != nil {
			x, ok := opt.IC50Doses[d]
			if !ok {
				return nil, nil, false, fmt.Errorf("no IC50 dose given for %s", d)
			}
			doses[d] = x
			continue
		}
		m, complete, err := FindIC50(ctx, k, s, d, i, 0.03, opt)
		if err != nil {
			return nil, nil, false, err
		}
		if !complete {
			return s, nil, false, nil // interrupted: the spec as given, for the partial result
		}
		doses[d] = FormatMolar(m)
	}
	out := *s
	out.Arms = make([]Arm, len(s.Arms))
	for i, a := range s.Arms {
		out.Arms[i] = a.WithDoses(doses)
	}
	return &out, doses, true, nil
}

// WithDoses returns the arm with its "IC50" doses replaced from doses.
func (a Arm) WithDoses(doses map[string]string) Arm {
	if len(a.Drugs) == 0 {
		return a
	}
	a.Drugs = maps.Clone(a.Drugs)
	for d, ds := range a.Drugs {
		if kb.IsIC50(ds) {
			a.Drugs[d] = doses[d]
		}
	}
	return a
}

// FormatMolar writes a molar concentration with three significant digits
// in the unit dose.FromMolar picks.
func FormatMolar(m float64) string {
	d := dose.FromMolar(m)
	return fmt.Sprintf("%.3g %s", d.Value, d.Unit.Name)
}
