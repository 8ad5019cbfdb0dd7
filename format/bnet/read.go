package bnet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/format/internal/fileerr"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// ErrUnsupported is wrapped by errors for BoolNet extensions that this
// package does not model: temporal predicates, functions such as sumgt, and
// probabilistic networks.
var ErrUnsupported = fileerr.ErrUnsupported

// Error is a problem in a .bnet file, with the path and line where it is.
type Error = fileerr.Error

// Read reads a .bnet network; its Name is "".
func Read(r io.Reader) (*model.Network, error) {
	return read(r, "", "")
}

// ReadFile reads a .bnet file; the network is named after the file's base
// name without its extension.
func ReadFile(path string) (*model.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
}

var (
	temporalRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.]*\s*\[[^\]]*\]?`)
	functionRE = regexp.MustCompile(`(?i)\b(all|any|maj|sumgt|sumlt|timeis|timegt|timelt)\s*\(`)
)

// keywords are the words package expr reads as operators or constants.
var keywords = map[string]bool{"and": true, "or": true, "not": true, "xor": true, "true": true, "false": true}

// validName reports whether s is a name a rule can read.
func validName(s string) bool {
	if s == "" || keywords[strings.ToLower(s)] {
		return false
	}
	for i, r := range s {
		letter := r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_')
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '.')) {
			return false
		}
	}
	return true
}

type rule struct {
	id   string
	rule *expr.Expr
	line int
}

func read(r io.Reader, path, name string) (*model.Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	fail := func(line int, format string, args ...any) error {
		return &Error{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var rules []rule
	defined := map[string]int{} // target -> line
	first := true
	for i, raw := range strings.Split(text, "\n") {
		ln := i + 1
		line := strings.TrimSuffix(raw, "\r")
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if first {
			first = false
			switch header(line) {
			case 2:
				continue
			case 3:
				return nil, fail(ln, "%w: probabilistic Boolean network (header %q); read one rule per target", ErrUnsupported, strings.TrimSpace(line))
			}
		}
		comma := strings.IndexByte(line, ',')
		if comma < 0 {
			return nil, fail(ln, "malformed line %q: expected \"target, rule\"", strings.TrimSpace(line))
		}
		target := strings.TrimSpace(line[:comma])
		body := line[comma+1:]
		if !validName(target) {
			return nil, fail(ln, "invalid target name %s in %s: use letters, digits, '_' and '.', starting with a letter or '_', not a keyword", expr.Quote(target), expr.Quote(strings.TrimSpace(line)))
		}
		if prev, dup := defined[target]; dup {
			if probability(body) {
				return nil, fail(ln, "%w: probabilistic Boolean network (a second rule for %s with a probability column; first on line %d)", ErrUnsupported, target, prev)
			}
			return nil, fail(ln, "duplicate target %s (first defined on line %d)", target, prev)
		}
		e, err := parseRule(target, body, comma+1)
		if err != nil {
			return nil, &Error{Path: path, Line: ln, Err: err}
		}
		defined[target] = ln
		rules = append(rules, rule{id: target, rule: e, line: ln})
	}
	if len(rules) == 0 {
		return nil, &Error{Path: path, Err: errors.New("no rules (expected lines \"target, rule\")")}
	}

	nodes := make([]model.Node, 0, len(rules))
	lineOf := map[string]int{}
	for _, r := range rules {
		lineOf[r.id] = r.line
		if r.rule.Op == expr.OpVar && r.rule.Name == r.id {
			nodes = append(nodes, model.Node{ID: r.id, Kind: model.Input})
			continue
		}
		nodes = append(nodes, model.Node{ID: r.id, Kind: model.Gene, Rule: r.rule})
	}
	for _, r := range rules {
		for _, v := range r.rule.Vars() {
			if _, ok := lineOf[v]; !ok {
				lineOf[v] = r.line
				nodes = append(nodes, model.Node{ID: v, Kind: model.Input})
			}
		}
	}
	net, err := model.New(name, nodes)
	if err != nil {
		var amb *model.AmbiguousError
		if errors.As(err, &amb) {
			return nil, &Error{Path: path, Line: lineOf[amb.IDs[0]], Err: err}
		}
		return nil, &Error{Path: path, Err: err}
	}
	return net, nil
}

// header returns 2 for a "targets, factors" line, 3 for the probabilistic
// "targets, factors, probabilities", and 0 for anything else.
func header(line string) int {
	f := strings.Split(line, ",")
	for i := range f {
		f[i] = strings.ToLower(strings.TrimSpace(f[i]))
	}
	switch {
	case len(f) == 2 && f[0] == "targets" && f[1] == "factors":
		return 2
	case len(f) == 3 && f[0] == "targets" && f[1] == "factors" && f[2] == "probabilities":
		return 3
	}
	return 0
}

// probability reports whether a rule ends in a probability column, as the
// rules of BoolNet's probabilistic networks do.
func probability(body string) bool {
	k := strings.LastIndexByte(body, ',')
	if k < 0 {
		return false
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(body[k+1:]), 64)
	return err == nil
}

// parseRule parses the rule of target; col is the byte offset of body in its
// line, for the column of a syntax error.
func parseRule(target, body string, col int) (*expr.Expr, error) {
	rule := strings.TrimSpace(body)
	if rule == "" {
		return nil, fmt.Errorf("empty rule for %s", target)
	}
	if m := temporalRE.FindString(body); m != "" {
		return nil, fmt.Errorf("%w: BoolNet temporal predicate %q in the rule for %s: %s", ErrUnsupported, m, target, expr.Quote(rule))
	}
	if m := functionRE.FindStringSubmatch(body); m != nil {
		return nil, fmt.Errorf("%w: BoolNet function %s(...) in the rule for %s: %s", ErrUnsupported, m[1], target, expr.Quote(rule))
	}
	if probability(body) {
		return nil, fmt.Errorf("%w: probabilistic Boolean network (a probability column in the rule for %s: %s)", ErrUnsupported, target, expr.Quote(rule))
	}
	for i, r := range body {
		switch {
		case r == ' ' || r == '\t' || r == '!' || r == '&' || r == '|' || r == '^' || r == '(' || r == ')':
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.'):
		default:
			return nil, fmt.Errorf("column %d: unexpected character %q in the rule for %s: %s (rules use names, 0, 1 and ! & | ^ ( ))", col+i+1, r, target, expr.Quote(rule))
		}
	}
	e, err := expr.Parse(body)
	if err != nil {
		var se *expr.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("column %d: %s in the rule for %s: %s", col+se.Offset+1, se.Msg, target, expr.Quote(rule))
		}
		return nil, fmt.Errorf("rule for %s: %w", target, err)
	}
	if err := e.CheckBoolean(); err != nil {
		return nil, fmt.Errorf("rule for %s: %v: %s", target, err, expr.Quote(rule))
	}
	return e, nil
}
