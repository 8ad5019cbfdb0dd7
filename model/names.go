package model

import (
	"fmt"
	"github.com/ikklab/ikklab/logic/expr"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// greek folds Greek letters (and look-alikes used in the literature) to the
// Latin letters biologists type for them.
var greek = map[rune]string{
	'α': "a", 'β': "b", 'γ': "g", 'δ': "d", 'ε': "e", 'ɛ': "e", 'ϵ': "e", 'ζ': "z",
	'η': "h", 'θ': "th", 'ι': "i", 'κ': "k", 'ϰ': "k", 'λ': "l", 'μ': "u", 'µ': "u",
	'ν': "n", 'ξ': "x", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'φ': "ph", 'χ': "ch",
	'ψ': "ps", 'ω': "w",
}

// Normalize returns the form under which names are compared: lower case,
// Greek letters folded, separators (space - _ . /) removed.
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if s, ok := greek[r]; ok {
			b.WriteString(s)
			continue
		}
		switch r {
		case ' ', '-', '_', '.', '/', '\t', '‐', '–', '—':
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Names is an index from names (ids and aliases) to ids. A strict index
// (the default) refuses two ids whose names normalize alike; a lenient one
// (for models read from files, whose ids may differ only by case) keeps
// exact spellings apart and reports a normalized look-up that fits several
// ids as ambiguous.
type Names struct {
	kind    string              // what the ids are, for messages: "node", "drug", ...
	lenient bool                // allow ids that normalize alike
	exact   map[string]string   // name as written -> id
	byNorm  map[string][]string // normalized name -> ids
	names   map[string][]string
	ids     []string
}

// NewNames returns an empty strict index for ids of the given kind.
func NewNames(kind string) *Names {
	return &Names{kind: kind, exact: map[string]string{}, byNorm: map[string][]string{}, names: map[string][]string{}}
}

// NewLenientNames returns an empty lenient index.
func NewLenientNames(kind string) *Names {
	n := NewNames(kind)
	n.lenient = true
	return n
}

// AmbiguousError reports a name that resolves to more than one id.
type AmbiguousError struct {
	Name     string
	IDs      []string
	Kind     string
	SameNorm string // the other spelling that normalizes the same way
}

func (e *AmbiguousError) Error() string {
	if len(e.IDs) == 2 && e.IDs[0] == e.IDs[1] {
		return fmt.Sprintf("%s name %q given twice for %s", e.Kind, e.Name, e.IDs[0])
	}
	if e.SameNorm != "" {
		return fmt.Sprintf("%s name %q is ambiguous: it names %s and %s (as %q)", e.Kind, e.Name, e.IDs[0], e.IDs[1], e.SameNorm)
	}
	return fmt.Sprintf("%s name %q is ambiguous: it could be %s; write the exact name", e.Kind, e.Name, strings.Join(e.IDs, " or "))
}

// Add registers id under its own name and its aliases. In a strict index a
// name that normalizes like another id's name is an *AmbiguousError; in any
// index an exact name already given to another id is one. Repeating the id
// or another alias of the same id is allowed.
func (n *Names) Add(id string, aliases ...string) error {
	if _, ok := n.names[id]; !ok {
		n.ids = append(n.ids, id)
		n.names[id] = nil
	}
	for i, a := range append([]string{id}, aliases...) {
		k := Normalize(a)
		if k == "" {
			return fmt.Errorf("%s %s: alias %q has no letters or digits", n.kind, id, a)
		}
		if other, ok := n.exact[a]; ok && other != id {
			if n.lenient && i > 0 {
				continue // an alias never hides another id
			}
			return &AmbiguousError{Name: a, IDs: []string{id, other}, Kind: n.kind, SameNorm: a}
		}
		ids := n.byNorm[k]
		if slices.Contains(ids, id) {
			n.exact[a] = id
			continue
		}
		if len(ids) > 0 && !n.lenient {
			return &AmbiguousError{Name: a, IDs: []string{id, ids[0]}, Kind: n.kind, SameNorm: n.spelling(ids[0], k)}
		}
		if len(ids) > 0 && i > 0 {
			// In a lenient index an alias that would blur two ids is dropped.
			continue
		}
		n.exact[a] = id
		n.byNorm[k] = append(ids, id)
		n.names[id] = append(n.names[id], a)
	}
	return nil
}

func (n *Names) spelling(id, norm string) string {
	for _, a := range n.names[id] {
		if Normalize(a) == norm {
			return a
		}
	}
	return id
}

// Lookup returns the id a name resolves to: the id with exactly that name,
// else the only id whose name normalizes alike.
func (n *Names) Lookup(name string) (string, bool) {
	if id, ok := n.exact[name]; ok {
		return id, true
	}
	ids := n.byNorm[Normalize(name)]
	if len(ids) == 1 {
		return ids[0], true
	}
	return "", false
}

// IDs returns the registered ids in the order they were added.
func (n *Names) IDs() []string { return n.ids }

// UnknownError reports a name that resolves to nothing, with the closest
// known ids.
type UnknownError struct {
	Kind        string
	Name        string
	Suggestions []string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown %s %s", e.Kind, expr.Quote(e.Name))
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg
}

// Resolve returns the id for name, or an *UnknownError with suggestions.
func (n *Names) Resolve(name string) (string, error) {
	if id, ok := n.Lookup(name); ok {
		return id, nil
	}
	if ids := n.byNorm[Normalize(name)]; len(ids) > 1 {
		return "", &AmbiguousError{Name: name, IDs: ids, Kind: n.kind}
	}
	return "", &UnknownError{Kind: n.kind, Name: name, Suggestions: n.Suggest(name, 4)}
}

// Suggest returns up to k ids whose names are closest to name by edit
// distance on normalized forms, nearest first; names too far away to be a
// typo are left out. A name that contains a query of three or more
// characters counts as one edit away, and among equals the name closest by
// plain edit distance comes first, so "TBK" suggests TBK1 before a protein
// whose long alias mentions TBK1.
func (n *Names) Suggest(name string, k int) []string {
	q := Normalize(name)
	type cand struct {
		id        string
		dist, raw int
	}
	best := map[string]cand{}
	for norm, ids := range n.byNorm {
		raw := editDistance(q, norm)
		d := raw
		if len(q) >= 3 && strings.Contains(norm, q) {
			d = min(d, 1)
		}
		for _, id := range ids {
			if old, ok := best[id]; !ok || d < old.dist || (d == old.dist && raw < old.raw) {
				best[id] = cand{id, d, raw}
			}
		}
	}
	limit := max(2, len(q)/3)
	var cs []cand
	for _, c := range best {
		if c.dist <= limit {
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.raw != b.raw {
			return a.raw < b.raw
		}
		return a.id < b.id
	})
	var out []string
	for i := 0; i < len(cs) && i < k; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b (in runes).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// DidYouMean returns "; did you mean X?" for the candidate closest to name,
// or "" when none is close: for messages about small fixed vocabularies
// (commands, formats, settings).
func DidYouMean(name string, candidates ...string) string {
	n := NewLenientNames("name")
	for _, c := range candidates {
		_ = n.Add(c)
	}
	if s := n.Suggest(name, 1); len(s) > 0 {
		return "; did you mean " + s[0] + "?"
	}
	return ""
}
