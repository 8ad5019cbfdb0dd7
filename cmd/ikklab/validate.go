//go:build !sim

package main

import (
	"github.com/ikklab/ikklab/claims"
	"github.com/ikklab/ikklab/kb"
)

func runValidate(e *env, args []string) int {
	fs := newFlags("validate", "", `Check the network against the validation findings of kb/data/validation.yaml:
results of primary papers that are not claims of the review (knock-out
genetics, drug responses, findings that qualify or contradict the review),
written before the rules they test were changed. Each runs as experiments and
is judged by the claims' judge: pass, fail or uninformative; a finding that
needs a node the network lacks fails as not modelled. Exit status 1 when a
finding does not pass, or with -expect when a check expected to pass no
longer does.`, e,
		"ikklab validate",
		"ikklab validate -only V101,V102 -format md",
		"ikklab validate -expect claims/validation.tsv",
		"ikklab validate -format json -o validation.json")
	jf := addJudgeFlags(fs, "finding", "table", "md", "json", "tsv")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := jf.check(); err != nil {
		return fail(e, "validate", exitUsage, err)
	}
	k, want, opt, code := jf.setup(e, "validate", (*kb.KB).FindingIDs, "V… ids: ikklab kb validation")
	if code != exitOK {
		return code
	}
	bar := newProgress(e, *jf.quiet, 0, "validate", "traj")
	opt.Progress = bar
	rep, err := claims.EvaluateFindings(e.ctx, k, opt)
	bar.Done()
	return report(e, "validate", rep, err, *jf.format, *jf.out, want, *jf.expect, len(opt.Only) == 0)
}
