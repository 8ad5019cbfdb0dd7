package claims

import (
	"context"
	"errors"

	"github.com/ikklab/ikklab/experiment"
	"github.com/ikklab/ikklab/judge"
	"github.com/ikklab/ikklab/kb"
)

// resolveIC50 finds, once per claim, the IC50 of each drug the claim's arms
// give at "IC50" (experiment.FindIC50, in the claim's context and stimuli
// on its ic50 base arm), and returns the doses by drug. A drug without an
// IC50 in range gives a failed check instead: its arms cannot be run.
func resolveIC50(ctx context.Context, k *kb.KB, c *kb.Claim, opt Options, index int64) (doses map[string]string, failed []Check, complete bool, err error) {
	var arms []experiment.Arm
	var base claimArm
	for _, a := range c.Arms {
		arms = append(arms, experiment.Arm{Name: a.Name, Drugs: a.Drugs})
		if c.IC50 != nil && a.Name == c.IC50.Base {
			base = newClaimArm(c, a, a.Drugs)
		}
	}
	drugs := experiment.IC50Drugs(arms)
	if len(drugs) == 0 {
		return nil, nil, true, nil
	}
	spec := specFor(c, base, []string{c.IC50.Readout}, opt, index*100+90)
	spec.IC50 = c.IC50
	doses = map[string]string{}
	for i, d := range drugs {
		m, complete, err := experiment.FindIC50(ctx, k, spec, d, i, opt.Margin, opt.Options)
		var no *experiment.NoIC50Error
		switch {
		case errors.As(err, &no):
			failed = append(failed, Check{Expect: "IC50 of " + d + " on " + c.IC50.Readout, Judgement: experiment.Judgement{Verdict: judge.Fail, Reason: no.Error()}})
		case err != nil || !complete:
			return nil, nil, complete, err
		default:
			doses[d] = experiment.FormatMolar(m)
		}
	}
	return doses, failed, true, nil
}
