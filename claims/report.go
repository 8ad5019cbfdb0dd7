package claims

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/internal/jsonout"
)

// JSON returns the report: {"claims": [{"id", "verdict", "measured", ...}],
// "passed": N, "failed": M, ...}.
func (r *Report) JSON() ([]byte, error) { return jsonout.Marshal(r) }

// WriteTable prints one line per claim and the checks of failed ones.
func (r *Report) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLAIM\tVERDICT\tCONTEXT\tSTATEMENT")
	for _, c := range r.Claims {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, c.Verdict, c.Context, clip(c.Statement, 90))
	}
	tw.Flush()
	for _, c := range r.Claims {
		if c.Verdict == "pass" {
			continue
		}
		fmt.Fprintf(w, "\n%s fails:\n", c.ID)
		for _, ch := range c.Checks {
			if ch.Pass {
				continue
			}
			fmt.Fprintf(w, "  ✗ %s: %s\n", ch.Expect, ch.Detail)
			if len(ch.Path) > 0 {
				fmt.Fprintf(w, "    path: %s\n", strings.Join(ch.Path, " → "))
			}
			if ch.BreaksAt != "" {
				fmt.Fprintf(w, "    breaks at %s (no change there)\n", ch.BreaksAt)
			}
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed (%d samples per run, seed %d)\n", r.Passed, r.Failed, r.Samples, r.Seed)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// WriteMarkdown writes the report as Markdown.
func (r *Report) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# Claims of the review on the ikklab network\n\n%d passed, %d failed; %d samples per run, seed %d, %s.\n\n", r.Passed, r.Failed, r.Samples, r.Seed, r.Version)
	fmt.Fprintln(w, "| claim | verdict | context | statement |\n|---|---|---|---|")
	for _, c := range r.Claims {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", c.ID, c.Verdict, c.Context, strings.ReplaceAll(c.Statement, "|", "/"))
	}
	for _, c := range r.Claims {
		fmt.Fprintf(w, "\n## %s — %s\n\n%s\n\nEvidence: %s\n\n", c.ID, c.Verdict, c.Statement, strings.Join(c.Evidence, " "))
		if c.Reading != "" {
			fmt.Fprintf(w, "Reading: %s\n\n", c.Reading)
		}
		for _, a := range c.Arms {
			fmt.Fprintf(w, "- arm **%s** (%s): %s\n", a.Name, a.Context, a.Does)
		}
		fmt.Fprintln(w)
		for _, ch := range c.Checks {
			mark := "✓"
			if !ch.Pass {
				mark = "✗"
			}
			fmt.Fprintf(w, "- %s %s — %s\n", mark, ch.Expect, ch.Detail)
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

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ikklab: claims of the review</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.pass{color:#1b7a3a;font-weight:600}.fail{color:#b3261e;font-weight:600}
details{margin:.6em 0;border:1px solid #eee;border-radius:6px;padding:.4em .8em}summary{cursor:pointer}
code{background:#f5f5f5;padding:0 .2em}.small{color:#666;font-size:.9em}
</style></head><body>
<h1>Claims of the review on the ikklab network</h1>
<p><span class="pass">{{.Passed}} passed</span>, <span class="fail">{{.Failed}} failed</span>;
{{.Samples}} trajectories per run, seed {{.Seed}}, {{.Version}}.
A change counts when it exceeds the margin and its 95% confidence interval excludes zero.</p>
<table><tr><th>claim</th><th>verdict</th><th>context</th><th>statement</th></tr>
{{range .Claims}}<tr><td><a href="#{{.ID}}">{{.ID}}</a></td><td class="{{.Verdict}}">{{.Verdict}}</td><td>{{.Context}}</td><td>{{.Statement}}</td></tr>
{{end}}</table>
{{range .Claims}}<details id="{{.ID}}"{{if eq .Verdict "fail"}} open{{end}}><summary><b>{{.ID}}</b> <span class="{{.Verdict}}">{{.Verdict}}</span> — {{.Statement}}</summary>
<p class="small">Evidence: {{range .Evidence}}<code>{{.}}</code> {{end}}{{if .Reading}}<br>Reading: {{.Reading}}{{end}}</p>
<ul>{{range .Arms}}<li>arm <b>{{.Name}}</b> ({{.Context}}): {{.Does}}</li>{{end}}</ul>
<ul>{{range .Checks}}<li>{{if .Pass}}<span class="pass">✓</span>{{else}}<span class="fail">✗</span>{{end}} {{.Expect}}<br><span class="small">{{.Detail}}</span>
{{if .Path}}<br><span class="small">path: {{range $i, $p := .Path}}{{if $i}} → {{end}}{{$p}}{{end}}{{if .BreaksAt}}; breaks at <b>{{.BreaksAt}}</b>{{end}}</span>{{end}}</li>{{end}}</ul>
{{if .Warnings}}<p class="small">Potencies used that were not read in their source: {{range .Warnings}}{{.}}; {{end}}</p>{{end}}
</details>
{{end}}</body></html>
`))

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error { return page.Execute(w, r) }
