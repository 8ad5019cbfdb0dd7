package yamlpos

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestAliasBomb: a 9-level "billion laughs" document is refused, with the
// line of the alias that crosses the budget, before anything is expanded;
// ordinary anchors and aliases decode.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		prev := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(prev+", ", 9), ", "))
	}
	var v map[string]any
	err := Decode([]byte(b.String()), &v)
	var ee *ExpansionError
	if !errors.As(err, &ee) || ee.Line < 2 {
		t.Fatalf("Decode = %v, want an ExpansionError with a line", err)
	}
	if line, msg := Describe(err); line != ee.Line || !strings.Contains(msg, "anchors and aliases beyond that budget") {
		t.Errorf("Describe = %d, %q", line, msg)
	}
	var ok struct {
		A []string `yaml:"a"`
		B []string `yaml:"b"`
	}
	if err := Decode([]byte("a: &x [p, q]\nb: *x\n"), &ok); err != nil || len(ok.B) != 2 {
		t.Errorf("ordinary alias: %v, %v", ok, err)
	}
}

// A CRLF document (saved on Windows) names the same lines as its LF twin,
// comments included: go-yaml alone counts a CRLF after a comment twice.
func TestLineCRLF(t *testing.T) {
	for _, doc := range []string{
		"# spec\r\narms:\r\n  # first\r\n  - name: a\r\n",
		"# spec\rarms:\r  # first\r  - name: a\r",
	} {
		f, err := Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Line("$", "arms.[0].name"); got != 4 {
			t.Errorf("%q: arms[0].name on line %d, want 4", doc, got)
		}
	}
}

// TestLineSteps: keys (quoted or not), indices, anchors and tags are
// followed; a missing step falls back to the enclosing value, and Has
// tells the two apart. A path of 5,000 empty steps returns at once (go-yaml's
// path parser took a minute on 1,500).
func TestLineSteps(t *testing.T) {
	doc := "arms:\n  - name: a\n    drugs: {momelotinib: 1uM}\n  - &b !!map\n    'odd key': 2\nsamples: 10\n"
	f, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		base, field string
		line        int
		has         bool
	}{
		{"$", "samples", 6, true},
		{"$", "arms.[0].drugs.momelotinib", 3, true},
		{"$.arms[0]", "drugs.momelotinib", 3, true},
		{"$", "arms.[1].odd key", 5, true},
		{"$", "arms.[0].drugs.nope", 3, false},
		{"$", "arms.[7].name", 2, false},
		{"$", "nope", 1, false},
		{"$", strings.Repeat(".", 5000), 1, false},
	} {
		if got := f.Line(c.base, c.field); got != c.line {
			t.Errorf("Line(%q, %.20q) = %d, want %d", c.base, c.field, got, c.line)
		}
		if got := f.Has(c.base, c.field); got != c.has {
			t.Errorf("Has(%q, %.20q) = %v, want %v", c.base, c.field, got, c.has)
		}
	}
}

// TestUnknownFieldSuggestion: an unknown key names its line and the closest
// key anywhere in the schema (nested structs, slices and embedded fields
// included), and nothing when no key is close.
func TestUnknownFieldSuggestion(t *testing.T) {
	type Arm struct {
		Name     string   `yaml:"name"`
		Knockout []string `yaml:"knockout"`
	}
	type Base struct {
		Version int `yaml:"version"`
	}
	type Spec struct {
		Base    `yaml:",inline"`
		Context string     `yaml:"context"`
		Seed    int        `yaml:"seed"`
		Arms    []Arm      `yaml:"arms"`
		Ref     *selfDecod `yaml:"ref"`
		Skip    string     `yaml:"-"`
	}
	tests := []struct {
		doc, want string
		line      int
	}{
		{"version: 1\ncontxt: a\n", `unknown field "contxt"; did you mean context?`, 2},
		{"arms:\n  - name: a\n    knockot: [X]\n", `unknown field "knockot"; did you mean knockout?`, 3},
		{"verson: 1\n", `unknown field "verson"; did you mean version?`, 1},
		{"zzzzqq: 1\n", `unknown field "zzzzqq"`, 1},
		// seed is a key of the spec, not of an arm: never its own
		// suggestion, and a near miss of it is said to belong elsewhere.
		{"arms:\n  - name: a\n    seed: 1\n", `unknown field "seed" here: it is a key of another level`, 3},
		{"arms:\n  - name: a\n    seeed: 1\n", `unknown field "seeed"; did you mean seed? (a key of another level)`, 3},
		// Every problem at once, each after the first with its line.
		{"contxt: a\nseed: 2.5\narms:\n  - name: a\n    knockot: [X]\n", `unknown field "contxt"; did you mean context?; line 2: seed: want an integer, not 2.5; line 5: unknown field "knockot"; did you mean knockout?`, 1},
		// A merge key brings its anchor's keys, which are checked there.
		{"base: &b\n  name: a\narms:\n  - <<: *b\n    nme: x\n", `unknown field "base"; did you mean name? (a key of another level); line 5: unknown field "nme"; did you mean name?`, 1},
	}
	for _, tt := range tests {
		var s Spec
		err := Decode([]byte(tt.doc), &s)
		if err == nil {
			t.Fatalf("%q: no error", tt.doc)
		}
		line, msg := Describe(err)
		if line != tt.line || msg != tt.want {
			t.Errorf("%q: line %d %q, want line %d %q", tt.doc, line, msg, tt.line, tt.want)
		}
	}
	// selfDecod decodes itself: its fields ID and Inline are not keys, but
	// the keys of Inline's type are.
	if got, want := schemaKeys(reflect.TypeOf(Spec{})), []string{"arms", "context", "knockout", "name", "ref", "seed", "version"}; !slices.Equal(got, want) {
		t.Errorf("Keys = %v, want %v", got, want)
	}
}

// TestSchemaIntegers: a number with a fraction for an integer is refused
// (go-yaml truncates it), an integral one in float notation is not, and a
// report of many problems is bounded.
func TestSchemaIntegers(t *testing.T) {
	var manyKeys string
	for i := range 25 {
		manyKeys += fmt.Sprintf("x%d: 1\n", i)
	}
	type Spec struct {
		Samples int            `yaml:"samples"`
		Doses   map[string]int `yaml:"doses"`
		Time    float64        `yaml:"time"`
	}
	tests := []struct{ doc, want string }{
		{"samples: 20.9\n", "samples: want an integer, not 20.9"},
		{"doses: {a: 1, b: .5}\n", "b: want an integer, not .5"},
		{"samples: 2e3\ntime: 2.5\n", ""},
		{manyKeys, `unknown field "x0"; line 2: unknown field "x1"`},
	}
	for _, tt := range tests {
		var s Spec
		err := Decode([]byte(tt.doc), &s)
		if tt.want == "" {
			if err != nil || s.Samples != 2000 {
				t.Errorf("%q: %v, samples %d", tt.doc, err, s.Samples)
			}
			continue
		}
		_, msg := Describe(err)
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%q: %q, want %q", tt.doc, msg, tt.want)
		}
	}
	_, msg := Describe(Decode([]byte(manyKeys), &Spec{}))
	if n := strings.Count(msg, "unknown field"); n != maxProblems || !strings.HasSuffix(msg, "(and 15 more)") {
		t.Errorf("25 unknown keys: %d reported, %q", n, msg[max(0, len(msg)-40):])
	}
}

// selfDecod is a type with its own UnmarshalYAML, as experiment.ContextRef.
type selfDecod struct {
	ID     string
	Inline *struct {
		Knockout []string `yaml:"knockout"`
	}
}

func (*selfDecod) UnmarshalYAML(func(any) error) error { return nil }

// TestPlainMessages: go-yaml's messages about Go types read in the user's
// terms, with their line; a byte-order mark is not part of the first key.
func TestPlainMessages(t *testing.T) {
	type doc struct {
		Samples    int               `yaml:"samples"`
		DoseFactor float64           `yaml:"dose_factor"`
		Readouts   []string          `yaml:"readouts"`
		Clamp      map[string]string `yaml:"clamp"`
		Version    int               `yaml:"version"`
		Arms       []struct {
			Knockdown map[string]float64 `yaml:"knockdown"`
			Name      string             `yaml:"name"`
		} `yaml:"arms"`
	}
	// field is the path File.Describe gives, apart from its message.
	tests := []struct {
		in    string
		line  int
		msg   string
		field string
	}{
		{"samples: abc\n", 1, "samples: want an integer, not a string", "samples"},
		// Nested: the key written before the value, not the outer field
		// (go-yaml says "Go struct field Doc.Arms"); the path names it whole.
		{"arms:\n  - knockdown: {TBK1: high}\n", 2, "arms.[0].knockdown.TBK1: want a number, not a string", "arms.[0].knockdown.TBK1"},
		{"arms:\n  - knockdown: {TBK1: 80%}\n", 2, `arms.[0].knockdown.TBK1: want a number, not a string ("80%": write the fraction, 0.8)`, "arms.[0].knockdown.TBK1"},
		// Every type error at once, as for unknown keys (they came one per try).
		{"samples: many\ndose_factor: soon\narms:\n  - knockdown: {TBK1: 80%}\n", 1, `samples: want an integer, not a string; line 2: dose_factor: want a number, not a string; line 4: arms.[0].knockdown.TBK1: want a number`, "samples"},
		{"arms:\n  - name: a\n  - name: [a, b]\n", 3, "name: want a string, not a list", "arms.[1].name"},
		{"version: 1\ndose_factor: x\n", 2, "dose_factor: want a number, not a string", "dose_factor"},
		{"samples: 99999999999999999999\n", 1, "samples: 99999999999999999999 does not fit an integer", "samples"},
		{"readouts: RELA\n", 1, "readouts: a single value where a list is expected", "readouts"},
		{"clamp: RELA\n", 1, "clamp: a single value where a map is expected", "clamp"},
		{"readouts: {RELA: on}\n", 1, "readouts: a map where a list is expected", "readouts"},
		{"clamp: [RELA]\n", 1, "clamp: a list where a map is expected", "clamp"},
		// go-yaml points an aliased value at its anchor, where no key of
		// the alias is known.
		{"clamp: &b {a: x}\nsamples: *b\n", 1, "want an integer, not a map of names to values", ""},
		{"version: 1\nreadouts:\n\t- RELA\n", 3, "a tab character: YAML indents with spaces only", ""},
		{"version: 1\n\tsamples: 3\n", 2, "a tab character: YAML indents with spaces only", ""},
		// An unclosed bracket is named on the line that opens it, not on
		// the later line where go-yaml notices it.
		{"readouts: [RELA\narms:\n  - name: a\n", 1, "a list opened with [ is not closed", ""},
		{"version: 1\nreadouts: [RELA, [IL6],\n  TNF\narms: []\n", 2, "a list opened with [ is not closed", ""},
		{"version: 1\narms:\n  - name: a\n    name: b\n", 4, "name: given twice (first on line 3)", "name"},
		{"arms:\n  - name: a\n      knockout: [TBK1]\n", 3, "a 'key:' where none can stand: indent this line", ""},
		{"arms:\n  - {name: a, knockout: [TBK1]\n", 2, "a map opened with { is not closed", ""},
	}
	for _, tt := range tests {
		var d doc
		err := Decode([]byte(tt.in), &d)
		if err == nil {
			t.Errorf("%q decoded", tt.in)
			continue
		}
		line, msg := Describe(err)
		if line != tt.line || !strings.HasPrefix(msg, tt.msg) {
			t.Errorf("%q: line %d, %q; want line %d, %q", tt.in, line, msg, tt.line, tt.msg)
		}
		f, _ := Parse([]byte(tt.in)) // nil when it does not parse
		fline, field, fmsg := f.Describe(err)
		want := strings.TrimPrefix(msg, field+": ")
		if want == msg {
			want = strings.TrimPrefix(msg, field[strings.LastIndex(field, ".")+1:]+": ")
		}
		if fline != line || field != tt.field || fmsg != want {
			t.Errorf("%q: File.Describe = %d, %q, %q; want %d, %q, %q", tt.in, fline, field, fmsg, line, tt.field, want)
		}
	}
	var d doc
	if err := Decode([]byte("\xef\xbb\xbfversion: 1\nsamples: 5\n"), &d); err != nil || d.Version != 1 || d.Samples != 5 {
		t.Errorf("a file with a byte-order mark: %+v, %v", d, err)
	}
}
