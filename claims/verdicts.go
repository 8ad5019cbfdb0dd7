package claims

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/judge"
)

// WriteVerdicts writes one line per check, "CLAIM<TAB>CHECK<TAB>VERDICT<TAB>EXPECTATION":
// the file of expected verdicts that the CI gate compares with.
func (r *Report) WriteVerdicts(w io.Writer) {
	cmd, file := "claims", "claims/verdicts.tsv"
	if r.findings() {
		cmd, file = "validate", "claims/validation.tsv"
	}
	fmt.Fprintf(w, "# Expected verdicts of ikklab %s (%d samples per run, seed %d), one line per check;\n", cmd, r.Samples, r.Seed)
	fmt.Fprintf(w, "# written by `ikklab %s -format tsv -o %s`. CI fails when a check expected\n", cmd, file)
	fmt.Fprintf(w, "# to pass does not (ikklab %s -expect %s). Change this file only in a commit\n", cmd, file)
	fmt.Fprintln(w, "# of its own that says which model or judge change caused it.")
	fmt.Fprintln(w, "# claim\tcheck\tverdict\texpectation")
	for _, c := range r.Claims {
		for i, ch := range c.Checks {
			fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", c.ID, i, ch.Verdict, ch.Expect)
		}
	}
}

// Verdicts are expected verdicts by "CLAIM/CHECK", with the expectation
// each check describes.
type Verdicts map[string]Expected

// Expected is one line of a verdicts file.
type Expected struct {
	Verdict judge.Verdict
	Expect  string // kb.Expectation.Describe; empty when the file gives none
}

// ReadVerdicts reads a file written by WriteVerdicts; name is used in
// messages.
func ReadVerdicts(name string, rd io.Reader) (Verdicts, error) {
	out := Verdicts{}
	sc := bufio.NewScanner(rd)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want CLAIM, CHECK and VERDICT separated by tabs", name, line)
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			return nil, fmt.Errorf("%s:%d: check: %q is not a number", name, line, f[1])
		}
		v := judge.Verdict(f[2])
		if v != judge.Pass && v != judge.Fail && v != judge.Uninformative {
			return nil, fmt.Errorf("%s:%d: verdict: %q is not pass, fail or uninformative", name, line, f[2])
		}
		e := Expected{Verdict: v}
		if len(f) > 3 {
			e.Expect = f[3]
		}
		out[f[0]+"/"+f[1]] = e
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Compare lists the checks whose expected pass is now fail or
// uninformative (regressions), and the checks that now pass where they did
// not (improvements: the file is to be updated in a commit of its own). A
// check whose expectation text differs from the file's is a regression (the
// claim record changed under the file), and so is an expected pass that is
// missing: of a claim in the report, or, when all is set (every claim was
// run), of any claim.
func (r *Report) Compare(want Verdicts, all bool) (regressions, improvements []string) {
	got := map[string]bool{}
	for _, c := range r.Claims {
		for i, ch := range c.Checks {
			key := fmt.Sprintf("%s/%d", c.ID, i)
			got[key] = true
			w, ok := want[key]
			switch {
			case !ok:
				improvements = append(improvements, fmt.Sprintf("%s (%s): new check, %s", key, ch.Expect, ch.Verdict))
			case w.Expect != "" && w.Expect != ch.Expect:
				regressions = append(regressions, fmt.Sprintf("%s: the file expects %q, the claim now checks %q", key, w.Expect, ch.Expect))
			case w.Verdict == judge.Pass && ch.Verdict != judge.Pass:
				regressions = append(regressions, fmt.Sprintf("%s (%s): expected pass, got %s: %s", key, ch.Expect, ch.Verdict, clip(ch.Reason, 200)))
			case w.Verdict != judge.Pass && ch.Verdict == judge.Pass:
				improvements = append(improvements, fmt.Sprintf("%s (%s): expected %s, now passes", key, ch.Expect, w.Verdict))
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(want)) {
		id := key[:strings.IndexByte(key, '/')]
		if !got[key] && want[key].Verdict == judge.Pass && (all || r.has(id)) {
			regressions = append(regressions, fmt.Sprintf("%s: expected pass, the check was not run", key))
		}
	}
	return regressions, improvements
}

func (r *Report) has(id string) bool {
	return slices.ContainsFunc(r.Claims, func(c Result) bool { return c.ID == id })
}
