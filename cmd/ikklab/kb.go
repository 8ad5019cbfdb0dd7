package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

var kbSubcommands = []string{"validate", "nodes", "drugs", "contexts", "claims", "validation", "refs", "facts", "show"}

func runKB(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		w := e.stdout
		if len(args) == 0 {
			w = e.stderr
		}
		fmt.Fprint(w, `Usage: ikklab kb SUBCOMMAND [flags]

Inspect and validate the knowledge base (embedded, or a copy with -dir DIR).

Subcommands:
  validate                 check every file, reference and the review's coverage (exit 1 on errors)
  nodes|drugs|contexts|claims|validation|refs|facts [-format table|json]
                           list records
  show NAME                one node, drug, context, claim, mechanism, reference or paper,
                           with its evidence; NAME may be any alias (IKKε, ikke, NF-κB, CYT387)

Examples:
  ikklab kb validate
  ikklab kb validate -dir ./my-kb-copy
  ikklab kb nodes -format json
  ikklab kb show IKKε
  ikklab kb show momelotinib
`)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "validate":
		return kbValidate(e, args[1:])
	case "show":
		return kbShow(e, args[1:])
	case "nodes", "drugs", "contexts", "claims", "validation", "refs", "facts":
		return kbList(e, args[0], args[1:])
	}
	hint := suggestion(args[0], kbSubcommands)
	if hint == "" {
		hint = "; want one of " + strings.Join(kbSubcommands, ", ")
	}
	fmt.Fprintf(e.stderr, "ikklab kb: unknown subcommand %q%s\n", args[0], hint)
	return exitUsage
}

func kbValidate(e *env, args []string) int {
	fs := newFlags("kb validate", "", "Load and check the knowledge base: schema, every cross-reference, evidence,\npotencies, and coverage of the review (M1–M19, D1–D11, X1–X12, C01–C32).\nExits 1 when there are errors.", e,
		"ikklab kb validate", "ikklab kb validate -dir ./kb-copy")
	dir := fs.String("dir", "", "validate the *.yaml files in `DIR` instead of the embedded knowledge base")
	review := fs.Bool("review", true, "also check coverage of the review (M1–M19, D1–D11, X1–X12, C01–C32); -review=false for a partial knowledge base")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) > 0 {
		return fail(e, "kb validate", exitUsage, fmt.Errorf("unexpected argument %q", fs.pos[0]))
	}
	k, err := loadKB(*dir)
	var ve *kb.ValidationError
	switch {
	case errors.As(err, &ve):
		fmt.Fprint(e.stderr, ve.Lines())
		printWarnings(e.stderr, k.Warnings)
		fmt.Fprintln(e.stderr, plural(len(ve.Issues), "error"))
		return exitFailed
	case err != nil:
		return fail(e, "kb validate", exitUsage, err)
	}
	var cov []kb.Issue
	if *review {
		cov = k.Coverage()
	}
	for _, i := range cov {
		fmt.Fprintln(e.stderr, i)
	}
	printWarnings(e.stderr, k.Warnings)
	c := k.Counts()
	st := k.StatusCounts()
	fmt.Fprintf(e.stdout, "nodes       %3d  (%d inputs, %d genes and states, %d phenotypes)\n", c["nodes"], c["inputs"], c["genes"], c["phenotypes"])
	fmt.Fprintf(e.stdout, "rules       %3d  (every regulator with evidence)\n", c["rules"])
	fmt.Fprintf(e.stdout, "drugs       %3d  (%d targets: %d read, %d unverified, %d assumed potencies)\n", c["drugs"], c["targets"], st["read"], st["unverified"], st["assumed"])
	fmt.Fprintf(e.stdout, "contexts    %3d\n", c["contexts"])
	fmt.Fprintf(e.stdout, "claims      %3d\n", c["claims"])
	fmt.Fprintf(e.stdout, "findings    %3d  (validation: %d supporting, %d qualifying, %d contradicting the review)\n", c["findings"], c["supports"], c["qualifies"], c["contradicts"])
	fmt.Fprintf(e.stdout, "mechanisms  %3d\n", c["mechanisms"])
	fmt.Fprintf(e.stdout, "references  %3d  (%d papers)\n", c["refs"], c["papers"])
	fmt.Fprintf(e.stdout, "facts       %3d\n", c["facts"])
	if len(cov) > 0 {
		fmt.Fprintf(e.stdout, "FAIL: %s, %s\n", plural(len(cov), "coverage error"), plural(len(k.Warnings), "warning"))
		return exitFailed
	}
	if !*review {
		fmt.Fprintf(e.stdout, "ok: 0 errors, %s (review coverage not checked)\n", plural(len(k.Warnings), "warning"))
		return exitOK
	}
	fmt.Fprintf(e.stdout, "ok: 0 errors, %s; M1–M19 used by rules, D1–D11 with a potency per target (%d read in their source), X1–X12 and C01–C32 present\n", plural(len(k.Warnings), "warning"), st["read"])
	return exitOK
}

func printWarnings(w io.Writer, ws []kb.Issue) {
	for _, i := range ws {
		fmt.Fprintln(w, "warning:", i)
	}
}

// formatFlag adds the -format flag with its allowed values.
func formatFlag(fs *flags, def string, allowed ...string) *string {
	return fs.String("format", def, "output `format`: "+strings.Join(allowed, " | "))
}

func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return fmt.Errorf("unknown -format %q (%s)%s", f, strings.Join(allowed, ", "), suggestion(f, allowed))
}

func kbList(e *env, what string, args []string) int {
	fs := newFlags("kb "+what, "", "List the "+what+" of the knowledge base.", e,
		"ikklab kb "+what, "ikklab kb "+what+" -format json")
	format := formatFlag(fs, "table", "table", "json")
	dir := fs.String("dir", "", "read the knowledge base from `DIR` instead of the embedded one")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return fail(e, "kb "+what, exitUsage, err)
	}
	k, err := loadKB(*dir)
	if err != nil {
		return fail(e, "kb "+what, exitUsage, err)
	}
	rows := listRows(k, what)
	if *format == "json" {
		return writeJSON(e, "kb "+what, rows.json)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(rows.header, "\t"))
	for _, r := range rows.table {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
	return exitOK
}

func writeJSON(e *env, cmd string, v any) int {
	data, err := jsonout.Marshal(v)
	if err == nil {
		_, err = e.stdout.Write(data)
	}
	if err != nil {
		return fail(e, cmd, exitFailed, err)
	}
	return exitOK
}

type rows struct {
	header []string
	table  [][]string
	json   any
}

// jsonTarget is a drug target as the JSON contract names it.
type jsonTarget struct {
	Node    string   `json:"node"`
	Action  string   `json:"action"`
	IC50M   *float64 `json:"ic50_M,omitempty"`
	Value   *float64 `json:"value,omitempty"`
	Unit    string   `json:"unit,omitempty"`
	Measure string   `json:"measure"`
	Assay   string   `json:"assay"`
	Hill    float64  `json:"hill"`
	Source  string   `json:"source"`
	Status  string   `json:"status"`
	Note    string   `json:"note,omitempty"`
}

func targetJSON(t kb.Target) jsonTarget {
	j := jsonTarget{Node: t.Node, Action: t.Action, Measure: t.Measure, Assay: t.Assay, Hill: t.HillCoefficient(), Source: t.Source, Status: t.Status, Note: t.Note}
	if m, ok := t.Dose.Molar(); ok {
		j.IC50M = &m
	} else {
		v := t.Dose.Value
		j.Value, j.Unit = &v, t.Dose.Unit.Name
	}
	return j
}

func listRows(k *kb.KB, what string) rows {
	var r rows
	switch what {
	case "nodes":
		type nodeJSON struct {
			kb.Node
			Rule string `json:"rule,omitempty"`
		}
		var js []nodeJSON
		r.header = []string{"ID", "KIND", "ALIASES", "RULE"}
		for _, n := range k.Nodes {
			rule := ""
			if rr, ok := k.Rule(n.ID); ok {
				rule = rr.Expr.String()
			}
			js = append(js, nodeJSON{n, rule})
			r.table = append(r.table, []string{n.ID, n.Kind, clip(strings.Join(n.Aliases, ", "), 40), clip(rule, 70)})
		}
		r.json = js
	case "drugs":
		type drugJSON struct {
			kb.Drug
			Targets []jsonTarget `json:"targets"`
		}
		var js []drugJSON
		r.header = []string{"ID", "REVIEW", "ALIASES", "TARGETS"}
		for _, d := range k.Drugs {
			dj := drugJSON{Drug: d}
			var ts []string
			for _, t := range d.Targets {
				dj.Targets = append(dj.Targets, targetJSON(t))
				ts = append(ts, fmt.Sprintf("%s %s", t.Node, t.Dose))
			}
			js = append(js, dj)
			r.table = append(r.table, []string{d.ID, d.ReviewID, clip(strings.Join(d.Aliases, ", "), 30), strings.Join(ts, "; ")})
		}
		r.json = js
	case "contexts":
		r.header = []string{"ID", "REVIEW", "NAME", "SETS"}
		for _, c := range k.Contexts {
			var ss []string
			for _, s := range c.Sets {
				ss = append(ss, fmt.Sprintf("%s=%s (%s)", s.Node, s.Value, s.Kind))
			}
			r.table = append(r.table, []string{c.ID, c.ReviewID, clip(c.Name, 45), strings.Join(ss, ", ")})
		}
		r.json = k.Contexts
	case "claims":
		type claimJSON struct {
			kb.Claim
			Expect []kb.Expectation `json:"expect"`
		}
		var js []claimJSON
		r.header = []string{"ID", "CONTEXT", "ARMS", "EXPECT"}
		for _, c := range k.Claims {
			js = append(js, claimJSON{c, c.Expect})
			var arms, ex []string
			for _, a := range c.Arms {
				arms = append(arms, a.Name)
			}
			for _, x := range c.Expect {
				ex = append(ex, x.Describe())
			}
			r.table = append(r.table, []string{c.ID, c.Context, strings.Join(arms, ", "), clip(strings.Join(ex, "; "), 80)})
		}
		r.json = js
	case "validation":
		r.header = []string{"ID", "RELATION", "PAPER", "NEEDS", "STATEMENT"}
		for _, f := range k.Findings {
			r.table = append(r.table, []string{f.ID, f.Relation, f.Paper, strings.Join(k.Missing(&f), ","), clip(f.Statement, 80)})
		}
		r.json = k.Findings
	case "refs":
		r.header = []string{"REF", "PAPERS", "TOPIC"}
		for _, x := range k.ReviewRefs {
			r.table = append(r.table, []string{fmt.Sprintf("[%d]", x.Ref), strings.Join(x.Papers, ", "), clip(x.Topic, 80)})
		}
		// The contract is an array of objects with an id: one per review reference.
		var js []map[string]any
		for _, x := range k.ReviewRefs {
			var ps []kb.Paper
			for _, p := range x.Papers {
				if pp, ok := k.Paper(p); ok {
					ps = append(ps, *pp)
				}
			}
			js = append(js, map[string]any{"id": fmt.Sprintf("[%d]", x.Ref), "ref": x.Ref, "topic": x.Topic, "papers": ps})
		}
		r.json = js
	case "facts":
		r.header = []string{"ID", "VALUE", "STATEMENT"}
		for _, f := range k.Facts {
			r.table = append(r.table, []string{f.ID, clip(fmt.Sprintf("%v %s", f.Value, f.Unit), 30), clip(f.Statement, 80)})
		}
		r.json = k.Facts
	}
	return r
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func kbShow(e *env, args []string) int {
	fs := newFlags("kb show", "NAME", "Show one record with its evidence. NAME is any id or alias of a node, drug or\ncontext (case and Greek letters do not matter), a review id (M6, D1, X3, C19),\na reference number ([8]) or a paper id (zhou2013).", e,
		"ikklab kb show IKKε", "ikklab kb show NF-κB", "ikklab kb show CYT387", "ikklab kb show C19")
	dir := fs.String("dir", "", "read the knowledge base from `DIR` instead of the embedded one")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if len(fs.pos) != 1 {
		return fail(e, "kb show", exitUsage, errors.New("give one NAME, e.g. 'ikklab kb show IKKε'"))
	}
	k, err := loadKB(*dir)
	if err != nil {
		return fail(e, "kb show", exitUsage, err)
	}
	ms, err := k.Find(fs.pos[0])
	if err != nil {
		return fail(e, "kb show", exitUsage, err)
	}
	net, err := k.Network()
	if err != nil {
		return fail(e, "kb show", exitFailed, err)
	}
	for i, m := range ms {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		show(e.stdout, k, net, m)
	}
	return exitOK
}

// modulatorTag is " (brake)", " (boost)" or " (restraint)" for an edge
// outside the logic of r, " (logic and brake)" for an activator that is
// also a brake, else "".
func modulatorTag(r *kb.Rule, source string) string {
	k := r.ModulatorKind(source)
	switch {
	case k == "":
		return ""
	case r.Expr != nil && slices.Contains(r.Expr.Vars(), source):
		return " (logic and " + k + ")"
	}
	return " (" + k + ")"
}

// show renders one record for a reader.
func show(w io.Writer, k *kb.KB, net *model.Network, m kb.Match) {
	ev := func(list []string) string { return describeEvidence(k, list) }
	switch m.Kind {
	case "node":
		n, _ := k.Node(m.ID)
		fmt.Fprintf(w, "%s — %s  [%s node]\n", n.ID, n.Name, n.Kind)
		if len(n.Aliases) > 0 {
			fmt.Fprintf(w, "  aliases:  %s\n", strings.Join(n.Aliases, ", "))
		}
		fmt.Fprintf(w, "  about:    %s\n", n.Description)
		fmt.Fprintf(w, "  evidence: %s\n", ev(n.Evidence))
		if r, ok := k.Rule(n.ID); ok {
			nd, _ := net.Node(n.ID)
			up, down := nd.Rates()
			fmt.Fprintf(w, "\n  rule:     %s = %s\n", n.ID, r.Expr)
			fmt.Fprintf(w, "  rates:    rate_up = %s; rate_down = %s\n", up, down)
			if r.Note != "" {
				fmt.Fprintf(w, "  note:     %s\n", r.Note)
			}
			showGradedTerms(w, k, r)
			fmt.Fprintln(w, "\n  regulators:")
			for _, ed := range net.Regulators(n.ID) {
				fmt.Fprintf(w, "    %s %-12s %s%s\n", ed.Sign, ed.Source, ev(r.EdgeEvidence(ed.Source)), modulatorTag(r, ed.Source))
			}
		} else {
			fmt.Fprintln(w, "\n  input: no rule; set by the experiment (stimulus, context or exogenous factor)")
		}
		if ts := net.Targets(n.ID); len(ts) > 0 {
			fmt.Fprintln(w, "\n  acts on:")
			for _, ed := range ts {
				r, _ := k.Rule(ed.Target)
				fmt.Fprintf(w, "    %s %-12s %s%s\n", ed.Sign, ed.Target, ev(r.EdgeEvidence(n.ID)), modulatorTag(r, n.ID))
			}
		}
		on := ""
		for _, dt := range k.DrugTargetsOn(n.ID) {
			d, t := dt.Drug, dt.Target
			if t.Node != on {
				on = t.Node
				if on == n.ID {
					fmt.Fprintln(w, "\n  drugs:")
				} else {
					fmt.Fprintf(w, "\n  drugs on its form %s:\n", on)
				}
			}
			fmt.Fprintf(w, "    %-16s %s %s %s (%s, %s; %s)\n", d.ID, t.Action, t.Measure, t.Dose, t.Assay, t.Source, t.Status)
		}
	case "drug":
		d, _ := k.Drug(m.ID)
		fmt.Fprintf(w, "%s — %s  [drug%s]\n", d.ID, d.Name, map[bool]string{true: " " + d.ReviewID, false: ""}[d.ReviewID != ""])
		if len(d.Aliases) > 0 {
			fmt.Fprintf(w, "  aliases:  %s\n", strings.Join(d.Aliases, ", "))
		}
		fmt.Fprintf(w, "  class:    %s\n  about:    %s\n  evidence: %s\n\n  targets:\n", d.Class, d.Description, ev(d.Evidence))
		for _, t := range d.Targets {
			fmt.Fprintf(w, "    %-9s %-8s %-15s %-11s source %s (%s)\n", t.Node, t.Action, t.Measure+" "+t.Dose.String(), t.Assay, t.Source, t.Status)
			if t.Note != "" {
				fmt.Fprintf(w, "              note: %s\n", t.Note)
			}
			if t.Site != "" {
				fmt.Fprintf(w, "              site: %s (independent of drugs at other sites)\n", t.Site)
			}
			if me := t.MaxEffect; me != nil {
				fmt.Fprintf(w, "              maximal effect: %g of the target's activity (source %s, %s)", me.Value, me.Source, me.Status)
				if me.Note != "" {
					fmt.Fprintf(w, ": %s", me.Note)
				}
				fmt.Fprintln(w)
			}
		}
	case "context":
		c, _ := k.Context(m.ID)
		fmt.Fprintf(w, "%s — %s  [context%s]\n", c.ID, c.Name, map[bool]string{true: " " + c.ReviewID, false: ""}[c.ReviewID != ""])
		fmt.Fprintf(w, "  about:    %s\n  evidence: %s\n", c.Description, ev(c.Evidence))
		if len(c.Sets) == 0 {
			fmt.Fprintln(w, "\n  sets nothing: the literature gives no mutation or expression change to model")
		} else {
			fmt.Fprintln(w, "\n  sets:")
			for _, s := range c.Sets {
				how := "fixed"
				if !s.Fixed() {
					how = "initially"
				}
				fmt.Fprintf(w, "    %-9s %-3s %-9s (%s)  %s\n", s.Node, s.Value, how, s.Kind, ev(s.Evidence))
			}
		}
	case "claim":
		c, _ := k.Claim(m.ID)
		fmt.Fprintf(w, "%s  [claim]\n  %s\n  context:  %s\n", c.ID, c.Statement, c.Context)
		if len(c.Stimuli) > 0 {
			fmt.Fprintf(w, "  stimuli:  %s\n", strings.Join(c.Stimuli, ", "))
		}
		fmt.Fprintf(w, "  evidence: %s\n", ev(c.Evidence))
		if c.Reading != "" {
			fmt.Fprintf(w, "  reading:  %s\n", c.Reading)
		}
		fmt.Fprintln(w, "\n  arms:")
		for _, a := range c.Arms {
			fmt.Fprintf(w, "    %-16s %s\n", a.Name, armString(a))
		}
		for _, s := range c.DoseSeries {
			fmt.Fprintf(w, "    %-16s %s at %s on %s\n", s.Name, s.Drug, strings.Join(s.Doses, ", "), s.Base)
		}
		fmt.Fprintln(w, "\n  expected:")
		for _, x := range c.Expect {
			fmt.Fprintf(w, "    %s\n", x.Describe())
		}
	case "mechanism":
		mm, _ := k.Mechanism(m.ID)
		fmt.Fprintf(w, "%s  [mechanism]\n  %s\n  evidence: %s\n\n  used by rules of:", mm.ID, mm.Statement, ev(mm.Evidence))
		for _, r := range k.Rules {
			for _, reg := range sortedKeys(r.Evidence) {
				if contains(r.Evidence[reg], mm.ID) {
					fmt.Fprintf(w, " %s←%s", r.Node, reg)
				}
			}
		}
		fmt.Fprintln(w)
	case "ref":
		var n int
		fmt.Sscan(m.ID, &n)
		r, _ := k.ReviewRef(n)
		fmt.Fprintf(w, "[%d]  [review reference]\n  topic:  %s\n", r.Ref, r.Topic)
		if len(r.Papers) == 0 {
			fmt.Fprintln(w, "  papers: not identified yet")
		}
		for _, p := range r.Papers {
			pp, _ := k.Paper(p)
			fmt.Fprintf(w, "  %s: %s (%s)\n", p, pp.Citation, pp.Status)
		}
	case "paper":
		p, _ := k.Paper(m.ID)
		fmt.Fprintf(w, "%s  [paper, %s]\n  %s\n", p.ID, p.Status, p.Citation)
		if p.PMID != "" {
			fmt.Fprintf(w, "  PMID %s\n", p.PMID)
		}
	}
}

// showGradedTerms lists the OR terms of a graded rule with their weights,
// and for a weight given in the data its evidence, status and note.
func showGradedTerms(w io.Writer, k *kb.KB, r *kb.Rule) {
	terms, weights := r.TermWeights()
	if len(terms) == 0 {
		return
	}
	fmt.Fprintln(w, "\n  graded terms:")
	width := 0
	for _, t := range terms {
		width = max(width, len(t.String()))
	}
	for i, t := range terms {
		e, ok := r.WeightOf(t)
		if !ok {
			fmt.Fprintf(w, "    %-*s  weight %g (default)\n", width, t, weights[i])
			continue
		}
		var about []string
		if len(e.Evidence) > 0 {
			about = append(about, describeEvidence(k, e.Evidence))
		}
		if e.Status != "" {
			about = append(about, "("+e.Status+")")
		}
		fmt.Fprintf(w, "    %-*s  weight %-5s %s\n", width, t, strconv.FormatFloat(weights[i], 'g', -1, 64), strings.Join(about, " "))
		if e.Note != "" {
			fmt.Fprintf(w, "    %-*s  note: %s\n", width, "", e.Note)
		}
	}
}

func armString(a kb.Arm) string { return a.Describe() }

// describeEvidence renders evidence ids with what they point to, briefly.
func describeEvidence(k *kb.KB, list []string) string {
	var out []string
	shown := map[string]bool{} // papers already named through a review reference
	for _, e := range list {
		if kb.ClassifyEvidence(e) == kb.EvidenceReviewRef {
			var n int
			fmt.Sscanf(e, "[%d]", &n)
			if r, ok := k.ReviewRef(n); ok && len(r.Papers) > 0 {
				e += "=" + strings.Join(r.Papers, "+")
				for _, p := range r.Papers {
					shown[p] = true
				}
			}
		}
		out = append(out, e)
	}
	kept := out[:0]
	for _, e := range out {
		if !shown[e] {
			kept = append(kept, e)
		}
	}
	out = kept
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return strings.Join(out, " ")
}

func rank(e string) int {
	switch kb.ClassifyEvidence(strings.SplitN(e, "=", 2)[0]) {
	case kb.EvidenceMechanism, kb.EvidenceContext, kb.EvidenceDrug, kb.EvidenceClaim:
		return 0
	case kb.EvidenceReviewRef, kb.EvidenceSection:
		return 1
	}
	return 2
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
