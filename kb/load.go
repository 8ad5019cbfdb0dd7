package kb

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

//go:embed data/*.yaml
var embedded embed.FS

// DefaultDir is how the embedded data directory is named in messages.
const DefaultDir = "kb/data"

var (
	defaultOnce sync.Once
	defaultKB   *KB
	defaultErr  error
)

// Default returns the embedded knowledge base, loaded once.
func Default() (*KB, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(embedded, "data")
		if err != nil {
			defaultErr = err
			return
		}
		defaultKB, defaultErr = Load(sub, DefaultDir)
	})
	return defaultKB, defaultErr
}

// DefaultFS returns the embedded data files (for copying or inspection).
func DefaultFS() fs.FS {
	sub, _ := fs.Sub(embedded, "data")
	return sub
}

// maxFileSize bounds one data file, so a stray huge file is an error, not a
// stall.
const maxFileSize = 8 << 20

// file is one parsed data file.
type file struct {
	name string
	ast  *ast.File
}

// document is the union of the sections a data file may hold.
type document struct {
	Nodes      []Node      `yaml:"nodes"`
	Defaults   *Rates      `yaml:"defaults"`
	Rules      []Rule      `yaml:"rules"`
	Drugs      []Drug      `yaml:"drugs"`
	Contexts   []Context   `yaml:"contexts"`
	Claims     []Claim     `yaml:"claims"`
	Mechanisms []Mechanism `yaml:"mechanisms"`
	ReviewRefs []ReviewRef `yaml:"review_refs"`
	Papers     []Paper     `yaml:"papers"`
	Facts      []Fact      `yaml:"facts"`
}

// Load reads every *.yaml file at the top of fsys, validates the whole
// knowledge base and returns it. dir is how the directory is named in
// messages. A *ValidationError lists every problem found.
func Load(fsys fs.FS, dir string) (*KB, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no *.yaml files", dir)
	}
	k := &KB{files: map[string]*file{}, sections: map[string]string{}}
	v := &validator{kb: k}
	for _, n := range names {
		name := path.Join(dir, n)
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		if len(data) > maxFileSize {
			v.add(Issue{File: name, Msg: fmt.Sprintf("file is %d bytes, more than the %d allowed", len(data), maxFileSize)})
			continue
		}
		v.parseFile(name, data)
	}
	if len(v.errs) == 0 {
		v.validate()
	}
	k.Warnings = v.warns
	if len(v.errs) > 0 {
		return k, &ValidationError{Issues: v.errs}
	}
	return k, nil
}

func (v *validator) parseFile(name string, data []byte) {
	k := v.kb
	// go-yaml v1.19.2 panics on some malformed input (e.g. an empty tag,
	// "rules: ! "); report that as a bad file rather than crash.
	defer func() {
		if r := recover(); r != nil {
			v.add(Issue{File: name, Msg: fmt.Sprintf("malformed YAML (the YAML parser failed: %v)", r)})
		}
	}()
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		v.yamlError(name, err)
		return
	}
	var doc document
	if err := yaml.UnmarshalWithOptions(data, &doc, yaml.DisallowUnknownField()); err != nil {
		v.yamlError(name, err)
		return
	}
	k.files[name] = &file{name: name, ast: f}
	claim := func(section string, present bool) {
		if !present {
			return
		}
		if prev, ok := k.sections[section]; ok {
			v.add(Issue{File: name, Line: 1, Field: section, Msg: fmt.Sprintf("section already given in %s; keep one file per section", prev)})
			return
		}
		k.sections[section] = name
	}
	claim("nodes", doc.Nodes != nil)
	claim("defaults", doc.Defaults != nil)
	claim("rules", doc.Rules != nil)
	claim("drugs", doc.Drugs != nil)
	claim("contexts", doc.Contexts != nil)
	claim("claims", doc.Claims != nil)
	claim("mechanisms", doc.Mechanisms != nil)
	claim("review_refs", doc.ReviewRefs != nil)
	claim("papers", doc.Papers != nil)
	claim("facts", doc.Facts != nil)

	place(k, name, "nodes", doc.Nodes)
	place(k, name, "rules", doc.Rules)
	place(k, name, "drugs", doc.Drugs)
	place(k, name, "contexts", doc.Contexts)
	place(k, name, "claims", doc.Claims)
	place(k, name, "mechanisms", doc.Mechanisms)
	place(k, name, "review_refs", doc.ReviewRefs)
	place(k, name, "papers", doc.Papers)
	place(k, name, "facts", doc.Facts)
	k.Nodes = append(k.Nodes, doc.Nodes...)
	k.Rules = append(k.Rules, doc.Rules...)
	k.Drugs = append(k.Drugs, doc.Drugs...)
	k.Contexts = append(k.Contexts, doc.Contexts...)
	k.Claims = append(k.Claims, doc.Claims...)
	k.Mechanisms = append(k.Mechanisms, doc.Mechanisms...)
	k.ReviewRefs = append(k.ReviewRefs, doc.ReviewRefs...)
	k.Papers = append(k.Papers, doc.Papers...)
	k.Facts = append(k.Facts, doc.Facts...)
	if doc.Defaults != nil {
		k.Defaults = *doc.Defaults
	}
}

// place records where each record of a section stands in its file.
func place[T any, P interface {
	*T
	setPos(Pos)
}](k *KB, file, section string, records []T) {
	for i := range records {
		p := Pos{File: file, path: fmt.Sprintf("$.%s[%d]", section, i)}
		p.Line = k.line(p, "")
		P(&records[i]).setPos(p)
	}
}

var caretLine = regexp.MustCompile(`^\[\d+:\d+\]\s*`)

// yamlError turns a go-yaml error into a one-line issue with its line.
func (v *validator) yamlError(name string, err error) {
	var ye yaml.Error
	if errors.As(err, &ye) {
		line := 0
		if t := ye.GetToken(); t != nil && t.Position != nil {
			line = t.Position.Line
		}
		msg := caretLine.ReplaceAllString(ye.GetMessage(), "")
		v.add(Issue{File: name, Line: line, Msg: msg})
		return
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	v.add(Issue{File: name, Msg: msg})
}

// line returns the line of the field under the record at p (the record itself
// for field ""). Fields are dot-separated path steps; a step that is not found
// falls back to the closest enclosing node that is.
func (k *KB) line(p Pos, field string) int {
	f, ok := k.files[p.File]
	if !ok || p.path == "" {
		return p.Line
	}
	steps := []string{}
	if field != "" {
		steps = strings.Split(field, ".")
	}
	for n := len(steps); n >= 0; n-- {
		q := p.path
		for _, s := range steps[:n] {
			if strings.HasPrefix(s, "[") {
				q += s
			} else if isPlainKey(s) {
				q += "." + s
			} else {
				q += ".'" + s + "'"
			}
		}
		yp, err := yaml.PathString(q)
		if err != nil {
			continue
		}
		node, err := yp.FilterFile(f.ast)
		if err != nil || node == nil || node.GetToken() == nil {
			continue
		}
		return node.GetToken().Position.Line
	}
	return p.Line
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func isPlainKey(s string) bool { return plainKey.MatchString(s) }
