package yamlpos

import (
	"encoding"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/ikklab/ikklab/model"
)

// A Problem is one place where a document does not fit its schema: its
// line, the path of the value at fault ("arms.[0].knockdown.TBK1"; "" for
// an unknown key, which Msg names) and what is wrong with it.
type Problem struct {
	Line  int
	Field string
	Msg   string
}

// SchemaError lists, in document order, every key the schema does not know,
// every number with a fraction given for an integer and every text given
// for a number or true/false. go-yaml stops at the first unknown key or
// type error and truncates samples: 20.9 to 20 without a word, so the
// document is checked against the Go type before it is decoded.
type SchemaError struct {
	Problems []Problem
}

func (e *SchemaError) Error() string {
	_, field, msg := e.describe()
	if field != "" {
		msg = field + ": " + msg
	}
	return msg
}

// describe is the first problem's line and field, and every problem in one
// line, the later ones with their own line and field: `unknown field
// "contxt"; did you mean context?; line 7: samples: want an integer, not
// 20.9`.
func (e *SchemaError) describe() (int, string, string) {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			fmt.Fprintf(&b, "; line %d: ", p.Line)
			if p.Field != "" {
				b.WriteString(p.Field + ": ")
			}
		}
		b.WriteString(p.Msg)
	}
	return e.Problems[0].Line, e.Problems[0].Field, b.String()
}

// maxProblems bounds a report: a document of a million unknown keys gets
// the first ones and a count, not a million-item line.
const maxProblems = 10

// checkSchema walks f's first document beside the Go type t and returns
// the problems it finds, nil if none. Types that decode themselves are
// left to their own decoding; aliases are not followed (their anchor was
// checked where it was written).
func checkSchema(f *ast.File, t reflect.Type) error {
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil
	}
	c := &schemaCheck{vocabulary: schemaKeys(t)}
	c.node(f.Docs[0].Body, t)
	if len(c.problems) == 0 {
		return nil
	}
	if c.more > 0 {
		last := &c.problems[len(c.problems)-1]
		last.Msg += fmt.Sprintf(" (and %d more)", c.more)
	}
	return &SchemaError{Problems: c.problems}
}

type schemaCheck struct {
	vocabulary []string // every key of the schema, for suggestions
	path       []string // the steps to the value being checked
	problems   []Problem
	more       int // problems beyond maxProblems
}

// add records a problem of the value n at the current path (field) or, for
// an unknown key, without one.
func (c *schemaCheck) add(n ast.Node, field bool, msg string) {
	if len(c.problems) == maxProblems {
		c.more++
		return
	}
	p := Problem{Line: nodeLine(n), Msg: msg}
	if field {
		p.Field = strings.Join(c.path, ".")
	}
	c.problems = append(c.problems, p)
}

// in checks n as a value of type t one step (a key or "[i]") further down.
func (c *schemaCheck) in(step string, n ast.Node, t reflect.Type) {
	c.path = append(c.path, step)
	c.node(n, t)
	c.path = c.path[:len(c.path)-1]
}

// hint suggests the closest key of this level; failing that, the closest of
// the whole schema, said to belong elsewhere (seed written inside an arm).
func (c *schemaCheck) hint(name string, fields map[string]reflect.Type) string {
	if h := model.DidYouMean(name, slices.Collect(maps.Keys(fields))...); h != "" {
		return h
	}
	if slices.Contains(c.vocabulary, name) {
		return " here: it is a key of another level"
	}
	others := slices.DeleteFunc(slices.Clone(c.vocabulary), func(s string) bool { _, here := fields[s]; return here })
	if h := model.DidYouMean(name, others...); h != "" {
		return h + " (a key of another level)"
	}
	return ""
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// node checks n as a value of type t at the current path.
func (c *schemaCheck) node(n ast.Node, t reflect.Type) {
	n = bare(n)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n == nil || decodesItself(t) || t.Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := structFields(t)
		eachPair(n, func(k ast.MapKeyNode, val ast.Node) {
			name := keyText(k)
			ft, ok := fields[name]
			if !ok {
				c.add(k, false, fmt.Sprintf("unknown field %q%s", name, c.hint(name, fields)))
				return
			}
			c.in(name, val, ft)
		})
	case reflect.Map:
		eachPair(n, func(k ast.MapKeyNode, val ast.Node) { c.in(keyText(k), val, t.Elem()) })
	case reflect.Slice, reflect.Array:
		if s, ok := n.(*ast.SequenceNode); ok {
			for i, e := range s.Values {
				c.in("["+strconv.Itoa(i)+"]", e, t.Elem())
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch v := n.(type) {
		case *ast.FloatNode:
			if x := v.Value; !math.IsInf(x, 0) && x == math.Trunc(x) {
				return // 2e3 is an integer written as a float
			}
			text := strconv.FormatFloat(v.Value, 'g', -1, 64)
			if tk := v.GetToken(); tk != nil {
				text = tk.Value
			}
			c.add(n, true, "want an integer, not "+text)
		case *ast.StringNode:
			if !numeric(v.Value) { // 2e3 and 1e30 are left to the decoder
				c.add(n, true, "want an integer, not a string")
			}
		}
	case reflect.Float32, reflect.Float64:
		if v, ok := n.(*ast.StringNode); ok && !numeric(v.Value) {
			c.add(n, true, "want a number, not a string"+percentHint(v.Value))
		}
	case reflect.Bool:
		if _, ok := n.(*ast.StringNode); ok {
			c.add(n, true, "want true or false, not a string")
		}
	}
}

// numeric reports whether text reads as a number (go-yaml leaves 2e3 and
// numbers beyond 64 bits as text, and decodes or refuses them itself).
func numeric(text string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// percentHint says how to write a percentage where a fraction is wanted:
// "80%" → ` ("80%": write the fraction, 0.8)`; "" for other text.
func percentHint(text string) string {
	x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "%")), 64)
	if !strings.HasSuffix(strings.TrimSpace(text), "%") || err != nil {
		return ""
	}
	return fmt.Sprintf(" (%q: write the fraction, %g)", text, x/100)
}

// eachPair calls f on each key and value of a mapping node, skipping merge
// keys (<<), whose keys are those of the merged anchor.
func eachPair(n ast.Node, f func(ast.MapKeyNode, ast.Node)) {
	var pairs []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		pairs = v.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{v}
	}
	for _, p := range pairs {
		if p == nil || p.Key == nil {
			continue
		}
		if _, merge := p.Key.(*ast.MergeKeyNode); merge {
			continue
		}
		f(p.Key, p.Value)
	}
}

// structFields maps each YAML key of struct t to its field's type (",inline"
// fields add their struct's keys).
func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, inline := yamlKey(f)
		if inline {
			it := f.Type
			for it.Kind() == reflect.Pointer {
				it = it.Elem()
			}
			if it.Kind() == reflect.Struct {
				maps.Copy(out, structFields(it))
			}
		} else if name != "" {
			out[name] = f.Type
		}
	}
	return out
}
