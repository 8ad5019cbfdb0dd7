package yamlpos

import (
	"strings"
	"testing"
)

// FuzzPositions fuzzes the YAML layer every spec and knowledge-base file
// goes through (issue 11, item 24): Parse and Decode never panic and never
// expand an alias bomb; Describe gives one line, and File.Describe of a
// document decoded into a typed struct (where values can have the wrong
// type) names a field written in it; Line and Has, for any path, never
// panic, and a line they return lies within the document.
func FuzzPositions(f *testing.F) {
	for _, s := range []struct{ doc, field string }{
		{"arms:\n  - name: a\n    drugs: {momelotinib: 1uM}\n", "arms.[0].drugs.momelotinib"},
		{"a: &x [1, 2]\nb: [*x, *x]\n", "b.[1]"},
		{"x: [[[[[[\n", "x"},
		{"nodes:\n  - id: TBK1\n    aliases: [NAK, T2K]\n", "nodes.[0].aliases.[1]"},
		{"'a.b': {\"c d\": 1}\n", "a.b.c d"},
		{"- - - x\n", "[0].[0].[0]"},
		{"samples: x\narms:\n  - {a: b}\n", "arms.[0].a"},
	} {
		f.Add(s.doc, s.field)
	}
	f.Fuzz(func(t *testing.T, doc, field string) {
		if len(doc) > 1<<16 {
			return
		}
		var v any
		if err := Decode([]byte(doc), &v); err != nil {
			if _, msg := Describe(err); strings.Contains(msg, "\n") {
				t.Fatalf("Describe gave several lines: %q", msg)
			}
		}
		file, err := Parse([]byte(doc))
		if err != nil {
			return
		}
		var typed struct {
			Samples int                  `yaml:"samples"`
			Names   []string             `yaml:"names"`
			Arms    []map[string]float64 `yaml:"arms"`
		}
		if err := Decode([]byte(doc), &typed); err != nil {
			_, field, msg := file.Describe(err)
			if strings.Contains(msg, "\n") {
				t.Fatalf("File.Describe gave several lines: %q", msg)
			}
			if field != "" && !strings.Contains(field, ".") && !file.Has("$", field) {
				t.Fatalf("File.Describe names field %q, which the document does not have", field)
			}
		}
		// YAML breaks lines at LF, CR and CRLF.
		lines := strings.Count(strings.ReplaceAll(doc, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(doc, "\r\n", ""), "\r") + 1
		for _, base := range []string{"$", "$.arms"} {
			if l := file.Line(base, field); l < 0 || l > lines {
				t.Fatalf("Line(%q, %q) = %d in a document of %d lines", base, field, l, lines)
			}
			_ = file.Has(base, field)
		}
	})
}
