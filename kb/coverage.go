package kb

import (
	"fmt"
	"slices"
)

// ReviewIDs are the ids of the review extract the knowledge base must cover.
var (
	ReviewMechanisms = seq("M%d", 1, 19)
	ReviewContexts   = seq("X%d", 1, 12)
	ReviewDrugs      = append(seq("D%d", 1, 11), "D2b", "D2c")
	ReviewClaims     = seq("C%02d", 1, 32)
)

func seq(format string, from, to int) []string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, fmt.Sprintf(format, i))
	}
	return s
}

// Coverage checks the knowledge base against the review: every mechanism is
// cited by at least one rule, every review drug has a target with a sourced
// potency, and every review context and claim is present.
func (k *KB) Coverage() []Issue {
	var out []Issue
	missing := func(section, format string, args ...any) {
		out = append(out, Issue{File: k.sections[section], Field: section, Msg: fmt.Sprintf(format, args...)})
	}
	cited := map[string]bool{}
	for _, r := range k.Rules {
		for _, ev := range r.Evidence {
			for _, e := range ev {
				cited[e] = true
			}
		}
	}
	for _, m := range ReviewMechanisms {
		if mm, ok := k.Mechanism(m); !ok {
			missing("mechanisms", "mechanism %s of the review is missing", m)
		} else if !cited[m] {
			out = append(out, Issue{File: mm.File, Line: mm.Line, Field: "mechanisms[" + m + "]", Msg: "cited by no rule: the network does not implement it"})
		}
	}
	for _, d := range ReviewDrugs {
		ok := false
		for _, i := range k.idx.drugReview[d] {
			for _, t := range k.Drugs[i].Targets {
				ok = ok || (t.Potency != "" && t.Source != "")
			}
		}
		if !ok {
			missing("drugs", "review drug %s has no drug with a target, potency and source", d)
		}
	}
	for _, x := range ReviewContexts {
		if len(k.idx.contextReview[x]) == 0 {
			missing("contexts", "review context %s has no context", x)
		}
	}
	for _, c := range ReviewClaims {
		if _, ok := k.Claim(c); !ok {
			missing("claims", "claim %s is missing", c)
		}
	}
	return out
}

// Counts summarises the size of the knowledge base by section.
func (k *KB) Counts() map[string]int {
	inputs, genes, phen := 0, 0, 0
	for _, n := range k.Nodes {
		switch n.Kind {
		case "input":
			inputs++
		case "gene":
			genes++
		case "phenotype":
			phen++
		}
	}
	targets := 0
	for _, d := range k.Drugs {
		targets += len(d.Targets)
	}
	rel := map[string]int{}
	for _, f := range k.Findings {
		rel[f.Relation]++
	}
	return map[string]int{
		"findings": len(k.Findings), "supports": rel["supports"], "qualifies": rel["qualifies"], "contradicts": rel["contradicts"],
		"nodes": len(k.Nodes), "inputs": inputs, "genes": genes, "phenotypes": phen,
		"rules": len(k.Rules), "drugs": len(k.Drugs), "targets": targets, "contexts": len(k.Contexts),
		"claims": len(k.Claims), "mechanisms": len(k.Mechanisms), "refs": len(k.ReviewRefs),
		"papers": len(k.Papers), "facts": len(k.Facts),
	}
}

// StatusCounts counts drug-target potencies by status (read, unverified, assumed).
func (k *KB) StatusCounts() map[string]int {
	c := map[string]int{}
	for _, d := range k.Drugs {
		for _, t := range d.Targets {
			if slices.Contains(statuses, t.Status) {
				c[t.Status]++
			}
		}
	}
	return c
}
