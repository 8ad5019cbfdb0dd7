package claims

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/judge"
)

// JSON returns the report: {"claims": [{"id", "verdict", "measured", ...}],
// "passed": N, "failed": M, ...}.
func (r *Report) JSON() ([]byte, error) { return jsonout.Marshal(r) }

// WriteTable prints one line per claim (verdict, encoded or emergent, the
// mechanism check, the sham control of combinations) and the checks of
// claims that do not pass, then the totals.
func (r *Report) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.findings() {
		fmt.Fprintln(tw, "FINDING\tVERDICT\tCLASS\tRELATION\tCONTEXT\tSTATEMENT")
	} else {
		fmt.Fprintln(tw, "CLAIM\tVERDICT\tCLASS\tMECHANISM\tSHAM\tCONTEXT\tSTATEMENT")
	}
	for _, c := range r.Claims {
		if c.Source != nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Verdict, c.Class, c.Source.Relation, c.Context, clip(c.Statement, 70))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Verdict, c.Class, c.Mechanism, c.Sham(), c.Context, clip(c.Statement, 70))
	}
	tw.Flush()
	for _, c := range r.Claims {
		if c.Verdict == judge.Pass {
			continue
		}
		fmt.Fprintf(w, "\n%s is %s:\n", c.ID, c.Verdict)
		for _, warn := range c.Warnings {
			fmt.Fprintf(w, "  %s\n", warn)
		}
		for _, ch := range c.Checks {
			if ch.Verdict == judge.Pass {
				continue
			}
			fmt.Fprintf(w, "  %s %s: %s\n", mark(ch.Verdict), ch.Expect, ch.Reason)
			if len(ch.Path) > 0 {
				fmt.Fprintf(w, "    path: %s\n", strings.Join(ch.Path, " → "))
			}
			if ch.BreaksAt != "" {
				fmt.Fprintf(w, "    breaks at %s (no change there)\n", ch.BreaksAt)
			}
		}
	}
	fmt.Fprintf(w, "\n%s\n", r.Summary())
	if !r.Complete {
		fmt.Fprintln(w, "PARTIAL: interrupted before every item ran; the counts cover only the items above")
	}
}

// Summary is the honest score in one line.
func (r *Report) Summary() string {
	how := fmt.Sprintf("%d samples per run, seed %d", r.Samples, r.Seed)
	if r.Engine == "ode" {
		how = "engine ode: HillCube ODEs, deterministic"
	}
	of := func(noun string) string { // "of 1 claim", "of 32 claims"
		if len(r.Claims) != 1 {
			noun += "s"
		}
		return fmt.Sprintf("of %d %s", len(r.Claims), noun)
	}
	if r.findings() {
		return fmt.Sprintf("%d passed (%d emergent, %d encoded), %d failed (%d not modelled), %d uninformative %s (%s)",
			r.Passed, r.Emergent, r.Encoded, r.Failed, r.NotModelled, r.Uninformative, of("finding"), how)
	}
	return fmt.Sprintf("%d passed (%d emergent, %d encoded; %d mechanism-checked), %d failed, %d uninformative %s (%s)",
		r.Passed, r.Emergent, r.Encoded, r.MechanismChecked, r.Failed, r.Uninformative, of("claim"), how)
}

// findings reports whether the report judges validation findings rather
// than the review's claims.
func (r *Report) findings() bool {
	return len(r.Claims) > 0 && r.Claims[0].Source != nil
}

// Sham summarises the sham controls of a claim's combination checks:
// "fails" when every sham fails its criterion (the combination is told
// apart from more of one drug), "passes" when one passes, "-" without
// combinations.
func (c Result) Sham() string {
	out := "-"
	for _, ch := range c.Checks {
		for _, s := range ch.Sham {
			if s.Outcome.Verdict == judge.Pass {
				return "passes"
			}
			out = "fails"
		}
	}
	return out
}

func mark(v judge.Verdict) string {
	switch v {
	case judge.Pass:
		return "✓"
	case judge.Uninformative:
		return "?"
	}
	return "✗"
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// WriteMarkdown writes the report as Markdown.
func (r *Report) WriteMarkdown(w io.Writer) {
	title := "Claims of the review"
	if r.findings() {
		title = "Validation findings"
	}
	fmt.Fprintf(w, "# %s on the ikklab network\n\n%s; %s.\n\n", title, r.Summary(), r.Version)
	if !r.Complete {
		fmt.Fprint(w, "**PARTIAL: interrupted before every item ran; the counts cover only the items below.**\n\n")
	}
	fmt.Fprintln(w, "| claim | verdict | class | mechanism | sham | context | statement |\n|---|---|---|---|---|---|---|")
	for _, c := range r.Claims {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", c.ID, c.Verdict, c.Class, c.Mechanism, c.Sham(), c.Context, strings.ReplaceAll(c.Statement, "|", "/"))
	}
	for _, c := range r.Claims {
		fmt.Fprintf(w, "\n## %s — %s (%s; mechanism %s)\n\n%s\n\nEvidence: %s\n\n", c.ID, c.Verdict, c.Class, c.Mechanism, c.Statement, strings.Join(c.Evidence, " "))
		if c.Reading != "" {
			fmt.Fprintf(w, "Reading: %s\n\n", c.Reading)
		}
		if src := c.Source; src != nil {
			fmt.Fprintf(w, "Source: %s (PMID %s; %s, abstract %s), %s the review.\n\n> %s\n\n", src.Citation, src.PMID, src.System, src.Status, src.Relation, src.Quote)
		}
		for _, warn := range c.Warnings {
			fmt.Fprintf(w, "Warning: %s\n\n", warn)
		}
		for _, a := range c.Arms {
			fmt.Fprintf(w, "- arm **%s** (%s): %s\n", a.Name, a.Context, a.Does)
		}
		fmt.Fprintln(w)
		for _, ch := range c.Checks {
			fmt.Fprintf(w, "- %s %s (%s, %s) — %s\n", mark(ch.Verdict), ch.Expect, ch.Verdict, ch.Class, ch.Reason)
			if m := ch.Mechanism; m != nil {
				fmt.Fprintf(w, "  - mechanism %s: via %s%s\n", m.Result, strings.Join(m.Via, " → "), cutsText(m.Cuts))
			}
			if len(ch.Path) > 0 {
				fmt.Fprintf(w, "  - path: %s", strings.Join(ch.Path, " → "))
				if ch.BreaksAt != "" {
					fmt.Fprintf(w, "; breaks at %s", ch.BreaksAt)
				}
				fmt.Fprintln(w)
			}
		}
	}
}

// cutsText lists the cuts of a mechanism check.
func cutsText(cuts []Cut) string {
	var parts []string
	for _, c := range cuts {
		parts = append(parts, fmt.Sprintf("%s held at %s leaves %.0f%% [%.0f%%, %.0f%%]: %s", c.Node, heldText(c.Held), 100*c.Remaining, 100*c.RemainingCI[0], 100*c.RemainingCI[1], c.Result))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ikklab: claims of the review</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.pass{color:#1b7a3a;font-weight:600}.fail{color:#b3261e;font-weight:600}.uninformative{color:#8a6d00;font-weight:600}
details{margin:.6em 0;border:1px solid #eee;border-radius:6px;padding:.4em .8em}summary{cursor:pointer}
code{background:#f5f5f5;padding:0 .2em}.small{color:#666;font-size:.9em}
</style></head><body>
<h1>Claims of the review on the ikklab network</h1>
<p><span class="pass">{{.Passed}} passed</span> ({{.Emergent}} emergent, {{.Encoded}} encoded; {{.MechanismChecked}} mechanism-checked),
<span class="{{if .Failed}}fail{{end}}">{{.Failed}} failed</span>, <span class="{{if .Uninformative}}uninformative{{end}}">{{.Uninformative}} uninformative</span>;
{{.Samples}} trajectories per run, seed {{.Seed}}, {{.Version}}.
A change counts when it exceeds the margin and its 95% confidence interval excludes zero; "same" is an equivalence test
that counts only where a positive control shows the readout can move; a combination beats its stated null and a sham pair does not.</p>
<table><tr><th>claim</th><th>verdict</th><th>class</th><th>mechanism</th><th>sham</th><th>context</th><th>statement</th></tr>
{{range .Claims}}<tr><td><a href="#{{.ID}}">{{.ID}}</a></td><td class="{{.Verdict}}">{{.Verdict}}</td><td>{{.Class}}</td><td>{{.Mechanism}}</td><td>{{.Sham}}</td><td>{{.Context}}</td><td>{{.Statement}}</td></tr>
{{end}}</table>
{{range .Claims}}<details id="{{.ID}}"{{if ne .Verdict "pass"}} open{{end}}><summary><b>{{.ID}}</b> <span class="{{.Verdict}}">{{.Verdict}}</span> — {{.Statement}}</summary>
<p class="small">Evidence: {{range .Evidence}}<code>{{.}}</code> {{end}}{{if .Reading}}<br>Reading: {{.Reading}}{{end}}</p>
<ul>{{range .Arms}}<li>arm <b>{{.Name}}</b> ({{.Context}}): {{.Does}}</li>{{end}}</ul>
<ul>{{range .Checks}}<li><span class="{{.Verdict}}">{{.Verdict}}</span> {{.Expect}} <span class="small">({{.Class}}{{with .Mechanism}}; mechanism {{.Result}}{{end}})</span><br><span class="small">{{.Reason}}</span>
{{if .Path}}<br><span class="small">path: {{range $i, $p := .Path}}{{if $i}} → {{end}}{{$p}}{{end}}{{if .BreaksAt}}; breaks at <b>{{.BreaksAt}}</b>{{end}}</span>{{end}}</li>{{end}}</ul>
{{if .Warnings}}<p class="small">Potencies used that were not read in their source: {{range .Warnings}}{{.}}; {{end}}</p>{{end}}
</details>
{{end}}</body></html>
`))

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error { return page.Execute(w, r) }
