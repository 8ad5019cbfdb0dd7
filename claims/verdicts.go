package claims

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/judge"
)

// WriteVerdicts writes one line per check, "CLAIM<TAB>CHECK<TAB>VERDICT<TAB>EXPECTATION":
// the file of expected verdicts that the CI gate compares with.
func (r *Report) WriteVerdicts(w io.Writer) {
	fmt.Fprintf(w, "# Expected verdicts of ikklab claims (%d samples per run, seed %d), one line per check;\n", r.Samples, r.Seed)
	fmt.Fprintln(w, "# written by `ikklab claims -format tsv -o claims/verdicts.tsv`. CI fails when a check expected")
	fmt.Fprintln(w, "# to pass does not (ikklab claims -expect claims/verdicts.tsv). Change this file only in a commit")
	fmt.Fprintln(w, "# of its own that says which model or judge change caused it.")
	fmt.Fprintln(w, "# claim\tcheck\tverdict\texpectation")
	for _, c := range r.Claims {
		for i, ch := range c.Checks {
			fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", c.ID, i, ch.Verdict, ch.Expect)
		}
	}
}

// Verdicts are expected verdicts by "CLAIM/CHECK".
type Verdicts map[string]judge.Verdict

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
		out[f[0]+"/"+f[1]] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Compare lists the checks whose expected pass is now fail or
// uninformative (regressions; a check that is missing counts too) and the
// checks that now pass where they did not (improvements: the file is to
// be updated in a commit of its own).
func (r *Report) Compare(want Verdicts) (regressions, improvements []string) {
	got := Verdicts{}
	for _, c := range r.Claims {
		for i, ch := range c.Checks {
			key := fmt.Sprintf("%s/%d", c.ID, i)
			got[key] = ch.Verdict
			w, ok := want[key]
			switch {
			case !ok:
				improvements = append(improvements, fmt.Sprintf("%s (%s): new check, %s", key, ch.Expect, ch.Verdict))
			case w == judge.Pass && ch.Verdict != judge.Pass:
				regressions = append(regressions, fmt.Sprintf("%s (%s): expected pass, got %s: %s", key, ch.Expect, ch.Verdict, clip(ch.Reason, 200)))
			case w != judge.Pass && ch.Verdict == judge.Pass:
				improvements = append(improvements, fmt.Sprintf("%s (%s): expected %s, now passes", key, ch.Expect, w))
			}
		}
	}
	for key, w := range want {
		id := key[:strings.IndexByte(key, '/')]
		if _, ok := got[key]; !ok && w == judge.Pass && r.has(id) {
			regressions = append(regressions, fmt.Sprintf("%s: expected pass, check no longer exists", key))
		}
	}
	return regressions, improvements
}

func (r *Report) has(id string) bool {
	for _, c := range r.Claims {
		if c.ID == id {
			return true
		}
	}
	return false
}
