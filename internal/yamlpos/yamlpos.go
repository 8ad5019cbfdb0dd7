package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/ikklab/ikklab/model"
)

// File is a parsed YAML document.
type File struct {
	ast *ast.File
}

// Parse parses a YAML document. It never panics: go-yaml v1.19.2 panics on
// some malformed input, which is reported as an error.
func Parse(data []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("malformed YAML (the YAML parser failed: %v)", r)
		}
	}()
	a, err := parser.ParseBytes(normalizeBreaks(data), 0)
	if err != nil {
		return nil, err
	}
	return &File{ast: a}, nil
}

// Decode decodes data strictly (unknown keys are errors) into v. It never
// panics, and it refuses a document whose aliases would expand it past
// MaxNodes (a "billion laughs" alias bomb) before decoding it.
func Decode(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed YAML (the YAML parser failed: %v)", r)
		}
	}()
	data = normalizeBreaks(data)
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return err
	}
	if err := checkExpansion(f); err != nil {
		return err
	}
	if err := checkSchema(f, reflect.TypeOf(v)); err != nil {
		return err
	}
	err = yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
	if m := unknownField.FindStringSubmatch(errMessage(err)); m != nil {
		// The vocabulary is the whole schema's, so the key may be known
		// elsewhere (seed: inside an arm); it is never its own suggestion.
		keys := slices.DeleteFunc(schemaKeys(reflect.TypeOf(v)), func(k string) bool { return k == m[1] })
		return &UnknownFieldError{err: err, hint: model.DidYouMean(m[1], keys...)}
	}
	return err
}

var unknownField = regexp.MustCompile(`^unknown field "(.*)"$`)

// errMessage is go-yaml's message of err, or "".
func errMessage(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return ye.GetMessage()
	}
	return ""
}

// UnknownFieldError is go-yaml's unknown-field error with a suggestion of
// the closest key the schema knows ("; did you mean context?").
type UnknownFieldError struct {
	err  error
	hint string
}

func (e *UnknownFieldError) Error() string { return e.err.Error() + e.hint }
func (e *UnknownFieldError) Unwrap() error { return e.err }

// schemaKeys returns every YAML key of the struct types reachable from t (through
// pointers, slices, arrays and maps), each once: the vocabulary an unknown
// key is matched against. A key is named as go-yaml names it: the yaml
// tag, else the json tag, else the field's name lower-cased; ",inline"
// fields add their struct's keys. A type that decodes itself
// (UnmarshalYAML) contributes no keys of its own, only those of the types
// of its fields.
func schemaKeys(t reflect.Type) []string {
	seen := map[reflect.Type]bool{}
	set := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		own := !decodesItself(t)
		for f := range t.Fields() {
			name, inline := yamlKey(f)
			switch {
			case name == "" && !inline:
				continue
			case inline:
				walk(f.Type)
				continue
			}
			if own {
				set[name] = true
			}
			walk(f.Type)
		}
	}
	walk(t)
	return slices.Sorted(maps.Keys(set))
}

// yamlKey is the key go-yaml reads field f from: the yaml tag, else the
// json tag, else the field's name lower-cased; inline for a ",inline"
// field, whose struct's keys are its parent's; "" for an unexported or "-"
// field.
func yamlKey(f reflect.StructField) (name string, inline bool) {
	if !f.IsExported() {
		return "", false
	}
	tag, ok := f.Tag.Lookup("yaml")
	if !ok {
		tag = f.Tag.Get("json")
	}
	name, opts, _ := strings.Cut(tag, ",")
	switch {
	case name == "-":
		return "", false
	case strings.Contains(","+opts+",", ",inline,"):
		return "", true
	case name == "":
		name = strings.ToLower(f.Name)
	}
	return name, false
}

// decodesItself reports whether t (or *t) has its own UnmarshalYAML.
func decodesItself(t reflect.Type) bool {
	for _, i := range []reflect.Type{reflect.TypeFor[yaml.InterfaceUnmarshaler](), reflect.TypeFor[yaml.BytesUnmarshaler]()} {
		if t.Implements(i) || reflect.PointerTo(t).Implements(i) {
			return true
		}
	}
	return false
}

// normalizeBreaks drops a UTF-8 byte-order mark (which Windows editors
// write first, and which go-yaml reads as part of the first key) and turns
// CRLF and lone CR line breaks into LF, as YAML 1.2 (section 5.4) normalises
// them anyway. go-yaml v1.19.2 counts a CRLF after a comment as two lines,
// so a spec saved on Windows had its errors reported one line low per
// comment; found by FuzzPositions.
func normalizeBreaks(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !bytes.ContainsRune(data, '\r') {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// MaxNodes bounds the number of YAML nodes a document may expand to once
// its aliases are resolved: the knowledge base has about 60,000.
const MaxNodes = 1_000_000

// ExpansionError reports a document whose aliases expand past MaxNodes.
type ExpansionError struct {
	Line  int   // of the alias that crossed the budget
	Nodes int64 // the expansion reached so far
}

func (e *ExpansionError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.message())
}

func (e *ExpansionError) message() string {
	return fmt.Sprintf("YAML aliases expand the document to more than %d nodes (%d so far); anchors and aliases beyond that budget are refused", MaxNodes, e.Nodes)
}

// checkExpansion counts the nodes of f with every alias replaced by its
// anchor's value, stopping at the first alias that crosses MaxNodes.
func checkExpansion(f *ast.File) error {
	anchors := map[string]int64{}
	var total int64
	var walk func(n ast.Node) (int64, error)
	walk = func(n ast.Node) (int64, error) {
		if n == nil {
			return 0, nil
		}
		var size int64 = 1
		add := func(c ast.Node) error {
			s, err := walk(c)
			size += s
			return err
		}
		var err error
		switch t := n.(type) {
		case *ast.DocumentNode:
			return walk(t.Body)
		case *ast.TagNode:
			return walk(t.Value)
		case *ast.AnchorNode:
			s, err := walk(t.Value)
			if t.Name != nil {
				anchors[t.Name.String()] = s
			}
			return s, err
		case *ast.AliasNode:
			name := ""
			if t.Value != nil {
				name = t.Value.String()
			}
			s := anchors[name]
			total += s
			if total > MaxNodes {
				line := 0
				if tk := t.GetToken(); tk != nil && tk.Position != nil {
					line = tk.Position.Line
				}
				return s, &ExpansionError{Line: line, Nodes: total}
			}
			return s, nil
		case *ast.MappingNode:
			for _, mv := range t.Values {
				if err = add(mv); err != nil {
					break
				}
			}
		case *ast.MappingValueNode:
			if err = add(t.Key); err == nil {
				err = add(t.Value)
			}
		case *ast.MappingKeyNode:
			err = add(t.Value)
		case *ast.SequenceNode:
			for _, c := range t.Values {
				if err = add(c); err != nil {
					break
				}
			}
		}
		return size, err
	}
	for _, d := range f.Docs {
		if _, err := walk(d); err != nil {
			return err
		}
	}
	return nil
}

var caret = regexp.MustCompile(`^\[\d+:\d+\]\s*`)

// Describe turns a YAML error (from Parse, Decode or go-yaml) into its line
// and a one-line message in the user's terms, naming the key written before
// the value at fault ("samples: want an integer, not a string").
func Describe(err error) (int, string) {
	line, field, msg, _ := describe(err)
	if field != "" {
		msg = field + ": " + msg
	}
	return line, msg
}

// Describe is Describe with the field apart: the path of the value at fault
// in f ("arms.[0].drugs.momelotinib", as File.Line reads it) when the error
// points at a value of f, else the key written before it, else "". The
// message does not repeat the field. f may be nil (the document did not
// parse).
func (f *File) Describe(err error) (line int, field, msg string) {
	line, field, msg, tok := describe(err)
	if path := f.pathAt(tok); path != "" && field != "" {
		field = path
	}
	return line, field, msg
}

// describe is Describe's line, key and message, and go-yaml's token of the
// value at fault (nil when there is none).
func describe(err error) (line int, key, msg string, tok *token.Token) {
	var ee *ExpansionError
	if errors.As(err, &ee) {
		return ee.Line, "", ee.message(), nil
	}
	var se *SchemaError
	if errors.As(err, &se) {
		line, field, msg := se.describe()
		return line, field, msg, nil
	}
	hint := ""
	var uf *UnknownFieldError
	if errors.As(err, &uf) {
		hint = uf.hint
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		tok = ye.GetToken()
		raw := strings.ReplaceAll(caret.ReplaceAllString(ye.GetMessage(), ""), "\n", " ")
		at := tok
		switch {
		case strings.Contains(raw, "',' or ']' must be specified"):
			at = opener(tok, token.SequenceStartType, token.SequenceEndType) // go-yaml notices it on a later line
		case strings.Contains(raw, "',' or '}' must be specified"), strings.Contains(raw, "could not find flow mapping end token '}'"):
			at = opener(tok, token.MappingStartType, token.MappingEndType)
		case strings.Contains(raw, "value is not allowed in this context"):
			at = next(tok, token.MappingValueType) // the ':' of the key at fault, not the value before it
		}
		if at != nil && at.Position != nil {
			line = at.Position.Line
		}
		key, msg := plain(raw, keyOf(tok))
		return line, key, msg + hint, tok
	}
	msg, _, _ = strings.Cut(err.Error(), "\n")
	return 0, "", msg, nil
}

var (
	intoField    = regexp.MustCompile(`^cannot unmarshal (.+?) into Go struct field \w+\.(\w+) of type (\S+)$`)
	intoValue    = regexp.MustCompile(`^cannot unmarshal (\S+) into Go value of type (\S+) \( overflow \)$`)
	duplicateKey = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]$`)
	goTypes      = map[string]string{"int": "an integer", "int64": "an integer", "float64": "a number", "string": "a string", "bool": "true or false"}
)

// plain rewrites go-yaml's messages that speak of Go types into the user's
// terms, with the key they are about (key, the key written before the bad
// value, or ""): "samples", "want an integer, not a string" for "cannot
// unmarshal string into Go struct field Spec.Samples of type int".
func plain(msg, key string) (field, text string) {
	kind := func(t string) string {
		switch {
		case goTypes[t] != "":
			return goTypes[t]
		case strings.HasPrefix(t, "[]"):
			return "a list"
		case strings.HasPrefix(t, "map["):
			return "a map of names to values"
		}
		return "a " + t
	}
	if m := intoField.FindStringSubmatch(msg); m != nil {
		// go-yaml names the field of the outermost struct (arms for an
		// arm's knock-down), so the key is the one written before the
		// value at fault, when there is one.
		return key, fmt.Sprintf("want %s, not %s", kind(m[3]), kind(m[1]))
	}
	if m := intoValue.FindStringSubmatch(msg); m != nil {
		return key, fmt.Sprintf("%s does not fit %s", m[1], kind(m[2]))
	}
	if m := duplicateKey.FindStringSubmatch(msg); m != nil {
		return m[1], fmt.Sprintf("given twice (first on line %s): give each key once", m[2])
	}
	switch {
	case strings.Contains(msg, "value is not allowed in this context"):
		return "", "a 'key:' where none can stand: indent this line like the keys beside it (it sits under a value), or quote a value that holds ': '"
	case strings.HasPrefix(msg, "mapping was used where sequence is expected"):
		return key, "a map where a list is expected ([A, B] or one '- A' per line)"
	case strings.Contains(msg, "was used where sequence is expected"):
		return key, "a single value where a list is expected"
	case strings.HasPrefix(msg, "sequence was used where mapping is expected"):
		return key, "a list where a map is expected (NAME: VALUE)"
	case strings.Contains(msg, "was used where mapping is expected"):
		return key, "a single value where a map is expected (NAME: VALUE)"
	case strings.Contains(msg, "found character '\t' that cannot start any token"),
		strings.Contains(msg, "tab character cannot use as a map key directly"):
		return "", "a tab character: YAML indents with spaces only"
	case strings.Contains(msg, "',' or ']' must be specified"):
		return "", "a list opened with [ is not closed: ',' or ']' expected"
	case strings.Contains(msg, "',' or '}' must be specified"), strings.Contains(msg, "could not find flow mapping end token '}'"):
		return "", "a map opened with { is not closed: ',' or '}' expected"
	}
	return "", msg
}

// opener returns the unmatched open bracket (of type open, closed by close)
// before t, or t when there is none.
func opener(t *token.Token, open, close token.Type) *token.Token {
	depth := 0
	for p := t; p != nil; p = p.Prev {
		switch p.Type {
		case close:
			depth++
		case open:
			if depth == 0 {
				return p
			}
			depth--
		}
	}
	return t
}

// next returns the first token of type typ from t on, or t when there is
// none.
func next(t *token.Token, typ token.Type) *token.Token {
	for n := t; n != nil; n = n.Next {
		if n.Type == typ {
			return n
		}
	}
	return t
}

// pathAt is the path of the deepest value of f written at t's position
// ("arms.[0].drugs.momelotinib"), or "" when f, t or such a value is
// missing. Aliases are not followed: a value reached through one is named
// where its anchor was written.
func (f *File) pathAt(t *token.Token) string {
	if f == nil || t == nil || t.Position == nil || len(f.ast.Docs) == 0 {
		return ""
	}
	at := func(n ast.Node) bool {
		p := n.GetToken()
		return p != nil && p.Position != nil && p.Position.Line == t.Position.Line && p.Position.Column == t.Position.Column
	}
	var steps, found []string
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		if n = bare(n); n == nil {
			return
		}
		if at(n) && len(steps) >= len(found) {
			found = slices.Clone(steps)
		}
		pair := func(mv *ast.MappingValueNode) {
			steps = append(steps, keyText(mv.Key))
			if mv.Key != nil && at(mv.Key) && len(steps) >= len(found) {
				found = slices.Clone(steps) // a key at fault (given twice)
			}
			visit(mv.Value)
			steps = steps[:len(steps)-1]
		}
		switch w := n.(type) {
		case *ast.MappingNode:
			for _, mv := range w.Values {
				pair(mv)
			}
		case *ast.MappingValueNode:
			pair(w)
		case *ast.SequenceNode:
			for i, v := range w.Values {
				steps = append(steps, "["+strconv.Itoa(i)+"]")
				visit(v)
				steps = steps[:len(steps)-1]
			}
		}
	}
	visit(f.ast.Docs[0].Body)
	return strings.Join(found, ".")
}

// keyOf returns the mapping key written just before t (the value go-yaml
// could not decode), or "".
func keyOf(t *token.Token) string {
	if t == nil {
		return ""
	}
	if p := t.Prev; p != nil && p.Type == token.MappingValueType && p.Prev != nil {
		return p.Prev.Value
	}
	return ""
}

// Has reports whether the value at base followed by the steps of field is
// written in the file (Line falls back to an enclosing value; Has does not).
func (f *File) Has(base, field string) bool {
	if f == nil {
		return false
	}
	steps := splitSteps(base, field)
	_, found := f.walk(steps)
	return found == len(steps)
}

// Line returns the line of the value at base followed by the dot-separated
// steps of field ("arms.[2].drugs.tbk1-ii"); a step that is not found falls
// back to the closest enclosing value, and 0 means none was found.
func (f *File) Line(base, field string) int {
	if f == nil {
		return 0
	}
	line, _ := f.walk(splitSteps(base, field))
	return line
}

// splitSteps turns base ("$", "$.nodes[3]") and field ("drugs.[0].name")
// into steps: keys, and indices written "[k]".
func splitSteps(base, field string) []string {
	var steps []string
	for _, s := range strings.Split(strings.TrimPrefix(base, "$"), ".") {
		for s != "" {
			k := strings.IndexByte(s[1:], '[') + 1
			if k == 0 {
				k = len(s)
			}
			steps, s = append(steps, s[:k]), s[k:]
		}
	}
	if field != "" {
		steps = append(steps, strings.Split(field, ".")...)
	}
	return steps
}

// walk follows steps from the document's root, one AST node per step (so
// its cost is linear in the steps and the keys it passes), and returns the
// line of the deepest value it reached (0 for none) and how many steps led
// there. It replaces go-yaml's path queries, whose parser took a minute on
// a path of 1,500 empty steps and panics on some malformed ones (both found
// by FuzzPositions).
func (f *File) walk(steps []string) (line, found int) {
	if len(f.ast.Docs) == 0 {
		return 0, 0
	}
	n := f.ast.Docs[0].Body
	if n == nil {
		return 0, 0
	}
	line = nodeLine(n)
	for _, s := range steps {
		if n = child(n, s); n == nil {
			break
		}
		line, found = nodeLine(n), found+1
	}
	return line, found
}

// child returns the value of key or index step s in n, or nil.
func child(n ast.Node, s string) ast.Node {
	switch t := bare(n).(type) {
	case *ast.MappingNode:
		for _, mv := range t.Values {
			if keyText(mv.Key) == s {
				return mv.Value
			}
		}
	case *ast.MappingValueNode:
		if keyText(t.Key) == s {
			return t.Value
		}
	case *ast.SequenceNode:
		if k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil && strings.HasPrefix(s, "[") && k >= 0 && k < len(t.Values) {
			return t.Values[k]
		}
	}
	return nil
}

// bare is n without the anchors and tags written on it.
func bare(n ast.Node) ast.Node {
	for {
		switch w := n.(type) {
		case *ast.AnchorNode:
			n = w.Value
		case *ast.TagNode:
			n = w.Value
		default:
			return n
		}
	}
}

// keyText is a mapping key as written, without its quotes.
func keyText(k ast.MapKeyNode) string {
	if k == nil {
		return ""
	}
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if t := k.GetToken(); t != nil {
		return t.Value
	}
	return ""
}

func nodeLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}
