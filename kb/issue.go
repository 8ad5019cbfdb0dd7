package kb

import (
	"fmt"
	"strings"
)

// Issue is one validation finding, located in a file.
type Issue struct {
	File  string // e.g. kb/data/rules.yaml
	Line  int    // 1-based; 0 when the issue concerns a whole file or is missing data
	Field string // e.g. rules[IKBKE_ub].evidence.TRAF2
	Msg   string
}

// oneLine escapes line breaks so that every issue prints on one line.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

func (i Issue) String() string {
	return oneLine.Replace(i.raw())
}

func (i Issue) raw() string {
	loc := i.File
	if i.Line > 0 {
		loc = fmt.Sprintf("%s:%d", i.File, i.Line)
	}
	if i.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, i.Field, i.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, i.Msg)
}

// ValidationError holds every error found while loading a knowledge base.
type ValidationError struct {
	Issues []Issue
}

func (e *ValidationError) Error() string {
	msg := e.Issues[0].String()
	if n := len(e.Issues) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

// Lines returns every issue on its own line.
func (e *ValidationError) Lines() string {
	var b strings.Builder
	for _, i := range e.Issues {
		b.WriteString(i.String())
		b.WriteByte('\n')
	}
	return b.String()
}
