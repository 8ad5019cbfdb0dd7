package maboss

import (
	"fmt"
	"strings"
)

// scanner splits MaBoSS text into statements and braces, removing comments
// and tracking line numbers.
type scanner struct {
	name string
	src  string
	pos  int
	line int
}

// Error is a syntax or semantic error at a line of a named file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	msg := strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(e.Msg)
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("%s: %s", e.File, msg)
}

func (s *scanner) errf(line int, format string, args ...any) error {
	return &Error{File: s.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// skip passes spaces and comments.
func (s *scanner) skip() error {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\n':
			s.line++
			s.pos++
		case c == ' ' || c == '\t' || c == '\r':
			s.pos++
		case strings.HasPrefix(s.src[s.pos:], "//"):
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
		case strings.HasPrefix(s.src[s.pos:], "/*"):
			start := s.line
			end := strings.Index(s.src[s.pos+2:], "*/")
			if end < 0 {
				return s.errf(start, "comment /* is never closed")
			}
			s.line += strings.Count(s.src[s.pos:s.pos+2+end], "\n")
			s.pos += end + 4
		default:
			return nil
		}
	}
	return nil
}

// peek returns the next non-space byte (0 at the end).
func (s *scanner) peek() (byte, error) {
	if err := s.skip(); err != nil {
		return 0, err
	}
	if s.pos >= len(s.src) {
		return 0, nil
	}
	return s.src[s.pos], nil
}

// word reads an identifier-like token (letters, digits, _ . $ [ ] , spaces
// inside brackets) up to '=', '{', ';' or space.
func (s *scanner) ident() (string, int, error) {
	if err := s.skip(); err != nil {
		return "", 0, err
	}
	start, line := s.pos, s.line
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if isIdentByte(c) {
			s.pos++
			continue
		}
		break
	}
	return s.src[start:s.pos], line, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// until reads raw text up to the byte stop (not included), skipping
// comments; it fails at the end of input or at a byte in forbidden.
func (s *scanner) until(stop byte, forbidden string) (string, int, error) {
	if err := s.skip(); err != nil {
		return "", 0, err
	}
	var b strings.Builder
	line := s.line
	for {
		if s.pos >= len(s.src) {
			return "", line, s.errf(line, "missing %q at the end of the statement", stop)
		}
		c := s.src[s.pos]
		if c == stop {
			s.pos++
			return strings.TrimSpace(b.String()), line, nil
		}
		if strings.IndexByte(forbidden, c) >= 0 {
			return "", line, s.errf(s.line, "missing %q before %q", stop, c)
		}
		if strings.HasPrefix(s.src[s.pos:], "//") || strings.HasPrefix(s.src[s.pos:], "/*") {
			b.WriteByte(' ')
			if err := s.skip(); err != nil {
				return "", line, err
			}
			continue
		}
		if c == '"' {
			// A quoted string (a description) may hold ; { } and //.
			end := strings.IndexByte(s.src[s.pos+1:], '"')
			if end < 0 {
				return "", line, s.errf(s.line, "string is never closed")
			}
			str := s.src[s.pos : s.pos+end+2]
			s.line += strings.Count(str, "\n")
			b.WriteString(str)
			s.pos += end + 2
			continue
		}
		if c == '\n' {
			s.line++
		}
		b.WriteByte(c)
		s.pos++
	}
}

// expect consumes the byte c.
func (s *scanner) expect(c byte) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		if got == 0 {
			return s.errf(s.line, "expected %q, found the end of the file", c)
		}
		return s.errf(s.line, "expected %q, found %q", c, got)
	}
	s.pos++
	return nil
}
