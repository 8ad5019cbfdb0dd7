package fileerr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// ErrUnsupported marks input that is valid in its format but that ikklab
// does not handle; test for it with errors.Is.
var ErrUnsupported = errors.New("not supported")

// Error is a problem in a file, with where it is.
type Error struct {
	Path string // the file; "" when read from an io.Reader
	Line int    // 1-based; 0 when the problem is not on one line
	Err  error
}

var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

func (e *Error) Error() string {
	msg := oneLine.Replace(e.Err.Error())
	switch {
	case e.Path != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	case e.Path != "":
		return fmt.Sprintf("%s: %s", e.Path, msg)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// XMLLine is the line an encoding/xml decoding error concerns: the syntax
// error's own line, else where the decoder stopped.
func XMLLine(d *xml.Decoder, err error) int {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Line
	}
	line, _ := d.InputPos()
	return line
}
