package yamlpos

import (
	"errors"
	"fmt"
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
