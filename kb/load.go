package kb

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"github.com/ikklab/ikklab/internal/yamlpos"
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
	pos  *yamlpos.File
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
	Findings   []Finding   `yaml:"findings"`
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
	f, err := yamlpos.Parse(data)
	if err != nil {
		v.yamlError(name, nil, err)
		return
	}
	var doc document
	if err := yamlpos.Decode(data, &doc); err != nil {
		v.yamlError(name, f, err)
		return
	}
	k.files[name] = &file{name: name, pos: f}
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
	claim("findings", doc.Findings != nil)

	place(k, name, "nodes", doc.Nodes)
	place(k, name, "rules", doc.Rules)
	place(k, name, "drugs", doc.Drugs)
	place(k, name, "contexts", doc.Contexts)
	place(k, name, "claims", doc.Claims)
	place(k, name, "mechanisms", doc.Mechanisms)
	place(k, name, "review_refs", doc.ReviewRefs)
	place(k, name, "papers", doc.Papers)
	place(k, name, "facts", doc.Facts)
	place(k, name, "findings", doc.Findings)
	k.Nodes = append(k.Nodes, doc.Nodes...)
	k.Rules = append(k.Rules, doc.Rules...)
	k.Drugs = append(k.Drugs, doc.Drugs...)
	k.Contexts = append(k.Contexts, doc.Contexts...)
	k.Claims = append(k.Claims, doc.Claims...)
	k.Mechanisms = append(k.Mechanisms, doc.Mechanisms...)
	k.ReviewRefs = append(k.ReviewRefs, doc.ReviewRefs...)
	k.Papers = append(k.Papers, doc.Papers...)
	k.Facts = append(k.Facts, doc.Facts...)
	k.Findings = append(k.Findings, doc.Findings...)
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

// yamlError turns a go-yaml error in the document f (nil when it did not
// parse) into a one-line issue with its line and field.
func (v *validator) yamlError(name string, f *yamlpos.File, err error) {
	line, field, msg := f.Describe(err)
	v.add(Issue{File: name, Line: line, Field: field, Msg: msg})
}

// line returns the line of the field under the record at p (the record itself
// for field ""); see yamlpos.File.Line.
func (k *KB) line(p Pos, field string) int {
	f, ok := k.files[p.File]
	if !ok || p.path == "" {
		return p.Line
	}
	if l := f.pos.Line(p.path, field); l > 0 {
		return l
	}
	return p.Line
}
