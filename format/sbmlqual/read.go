package sbmlqual

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/format/internal/fileerr"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Namespaces of the documents this package reads and writes.
const (
	CoreNS = "http://www.sbml.org/sbml/level3/version1/core"
	QualNS = "http://www.sbml.org/sbml/level3/version1/qual/version1"
	MathNS = "http://www.w3.org/1998/Math/MathML"
)

// sboPhenotype is the Systems Biology Ontology term "phenotype".
const sboPhenotype = "SBO:0000358"

// ErrUnsupported is wrapped by errors for SBML-qual features outside Boolean
// logic: multi-valued species, non-assignment transitions, MathML beyond the
// Boolean subset.
var ErrUnsupported = fileerr.ErrUnsupported

// Error is a problem in an SBML-qual document, with the path and line where it is.
type Error = fileerr.Error

// Read reads an SBML-qual document; the network is named after the model's
// name, or its id.
func Read(r io.Reader) (*model.Network, error) {
	return read(r, "", false)
}

// ReadFile reads an SBML-qual file; the network is named after the file's
// base name without its extension.
func ReadFile(path string) (*model.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	net, err := read(f, path, true)
	if err != nil {
		return nil, err
	}
	net.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return net, nil
}

// The elements decoded whole; attributes are looked up by local name.
type xSpecies struct {
	Attrs []xml.Attr `xml:",any,attr"`
}

type xTransition struct {
	Attrs   []xml.Attr `xml:",any,attr"`
	Outputs []xRef     `xml:"listOfOutputs>output"`
	Terms   *xTerms    `xml:"listOfFunctionTerms"`
}

type xRef struct {
	Attrs []xml.Attr `xml:",any,attr"`
}

type xTerms struct {
	Default *xRef       `xml:"defaultTerm"`
	Terms   []xFuncTerm `xml:"functionTerm"`
}

type xFuncTerm struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Math  *mathNode  `xml:"math"`
}

// attr returns the value of the attribute local, preferring the qual
// namespace, then no namespace, then the core namespace.
func attr(attrs []xml.Attr, local string) (string, bool) {
	for _, ns := range []string{QualNS, "", CoreNS} {
		for _, a := range attrs {
			if a.Name.Local == local && a.Name.Space == ns {
				return a.Value, true
			}
		}
	}
	return "", false
}

type species struct {
	id, name string
	constant bool
	pheno    bool
	line     int
}

type transition struct {
	desc string // "transition tr_X" for messages
	line int
	x    xTransition
}

func read(r io.Reader, path string, named bool) (*model.Network, error) {
	d := xml.NewDecoder(r)
	fail := func(line int, format string, args ...any) error {
		return &Error{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
	}
	var (
		specs    []species
		trans    []transition
		byID     = map[string]int{}
		root     = false
		sawModel = false
		name     string
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Path: path, Line: fileerr.XMLLine(d, err), Err: err}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ := d.InputPos()
		if !root {
			root = true
			if se.Name.Local != "sbml" || se.Name.Space != CoreNS {
				return nil, fail(line, "not SBML Level 3 Version 1: root element <%s> in namespace %q, want <sbml> in %q", se.Name.Local, se.Name.Space, CoreNS)
			}
			continue
		}
		switch {
		case se.Name.Space == CoreNS && se.Name.Local == "model":
			if sawModel {
				return nil, fail(line, "a second <model>")
			}
			sawModel = true
			name, _ = attr(se.Attr, "name")
			if name == "" {
				name, _ = attr(se.Attr, "id")
			}
		case se.Name.Space == QualNS && se.Name.Local == "qualitativeSpecies":
			var x xSpecies
			if err := d.DecodeElement(&x, &se); err != nil {
				return nil, fail(line, "qualitativeSpecies: %v", err)
			}
			s, err := readSpecies(x, line)
			if err != nil {
				return nil, &Error{Path: path, Line: line, Err: err}
			}
			if prev, dup := byID[s.id]; dup {
				return nil, fail(line, "species %s defined twice (first on line %d)", s.id, specs[prev].line)
			}
			byID[s.id] = len(specs)
			specs = append(specs, s)
		case se.Name.Space == QualNS && se.Name.Local == "transition":
			var x xTransition
			if err := d.DecodeElement(&x, &se); err != nil {
				return nil, fail(line, "transition: %v", err)
			}
			desc := fmt.Sprintf("transition %d", len(trans)+1)
			if id, ok := attr(x.Attrs, "id"); ok {
				desc = "transition " + id
			}
			trans = append(trans, transition{desc: desc, line: line, x: x})
		}
	}
	if !root {
		return nil, &Error{Path: path, Err: errors.New("empty document: no <sbml> element")}
	}
	if !sawModel {
		return nil, &Error{Path: path, Err: errors.New("no <model> element")}
	}
	if len(specs) == 0 {
		return nil, &Error{Path: path, Err: errors.New("no qual:qualitativeSpecies: not an SBML-qual model")}
	}

	rules := make([]*expr.Expr, len(specs))
	setBy := make([]string, len(specs))
	for _, tr := range trans {
		if err := readTransition(tr, specs, byID, rules, setBy); err != nil {
			return nil, &Error{Path: path, Line: tr.line, Err: fmt.Errorf("%s: %w", tr.desc, err)}
		}
	}

	names := model.NewLenientNames("node")
	for _, s := range specs {
		if err := names.Add(s.id); err != nil {
			return nil, fail(s.line, "species %s: %w", s.id, err)
		}
	}
	nodes := make([]model.Node, len(specs))
	for i, s := range specs {
		nd := model.Node{ID: s.id, Kind: model.Gene, Rule: rules[i]}
		if s.pheno {
			nd.Kind = model.Phenotype
		}
		if r := rules[i]; r == nil || r.Op == expr.OpVar && r.Name == s.id {
			nd.Kind, nd.Rule = model.Input, nil
		}
		if s.name != "" && s.name != s.id {
			nd.Name = s.name
			// An alias that would name another node, or nothing, is left out.
			if _, taken := names.Lookup(s.name); !taken && model.Normalize(s.name) != "" {
				if names.Add(s.id, s.name) == nil {
					nd.Aliases = []string{s.name}
				}
			}
		}
		nodes[i] = nd
	}
	if named {
		name = ""
	}
	net, err := model.New(name, nodes)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	return net, nil
}

// validSId reports whether s is an SBML SId: a letter or '_', then letters,
// digits and '_'.
func validSId(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

func readSpecies(x xSpecies, line int) (species, error) {
	id, _ := attr(x.Attrs, "id")
	if !validSId(id) {
		return species{}, fmt.Errorf("qualitativeSpecies: id %q is not an SBML SId", id)
	}
	s := species{id: id, line: line}
	s.name, _ = attr(x.Attrs, "name")
	if v, ok := attr(x.Attrs, "maxLevel"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			return species{}, fmt.Errorf("species %s: maxLevel %q is not an integer", id, v)
		case n > 1:
			return species{}, fmt.Errorf("species %s: %w: multi-valued species (maxLevel %d); only Boolean models (maxLevel 1) are read", id, ErrUnsupported, n)
		case n < 1:
			return species{}, fmt.Errorf("species %s: maxLevel %d, want 1", id, n)
		}
	}
	if v, ok := attr(x.Attrs, "constant"); ok {
		b, err := xmlBool(v)
		if err != nil {
			return species{}, fmt.Errorf("species %s: constant=%q: %v", id, v, err)
		}
		s.constant = b
	}
	if v, ok := attr(x.Attrs, "sboTerm"); ok && strings.TrimSpace(v) == sboPhenotype {
		s.pheno = true
	}
	return s, nil
}

func xmlBool(v string) (bool, error) {
	switch strings.TrimSpace(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errors.New("not an XML boolean (true, false)")
}

func level(attrs []xml.Attr, what string) (int, error) {
	v, ok := attr(attrs, "resultLevel")
	if !ok {
		return 0, fmt.Errorf("%s without resultLevel", what)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s: resultLevel %q is not an integer", what, v)
	case n < 0 || n > 1:
		return 0, fmt.Errorf("%s: %w: resultLevel %d in a Boolean model", what, ErrUnsupported, n)
	}
	return n, nil
}

// readTransition sets the rules of the transition's outputs.
func readTransition(tr transition, specs []species, byID map[string]int, rules []*expr.Expr, setBy []string) error {
	x := tr.x
	if len(x.Outputs) == 0 {
		return errors.New("no qual:output")
	}
	var rule *expr.Expr // nil: an input transition without function terms
	if x.Terms != nil {
		def := 0
		if x.Terms.Default != nil {
			var err error
			if def, err = level(x.Terms.Default.Attrs, "defaultTerm"); err != nil {
				return err
			}
		}
		var on, off []*expr.Expr
		for i, ft := range x.Terms.Terms {
			what := fmt.Sprintf("functionTerm %d", i+1)
			lv, err := level(ft.Attrs, what)
			if err != nil {
				return err
			}
			if ft.Math == nil {
				return fmt.Errorf("%s without <math>", what)
			}
			e, err := mathExpr(ft.Math, byID)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			if lv == 1 {
				on = append(on, e)
			} else {
				off = append(off, e)
			}
		}
		switch {
		case def == 0:
			rule = expr.Or(on...)
		case len(off) == 0:
			rule = expr.Const(1)
		case len(on) == 0:
			rule = not(expr.Or(off...))
		default:
			rule = expr.Or(expr.Or(on...), not(expr.Or(off...)))
		}
	}
	for _, o := range x.Outputs {
		id, _ := attr(o.Attrs, "qualitativeSpecies")
		i, ok := byID[id]
		if !ok {
			return fmt.Errorf("output names unknown species %q", id)
		}
		if eff, ok := attr(o.Attrs, "transitionEffect"); ok && eff != "assignmentLevel" {
			return fmt.Errorf("output %s: %w: transitionEffect %q (only assignmentLevel)", id, ErrUnsupported, eff)
		}
		if specs[i].constant {
			return fmt.Errorf("output %s is a constant species", id)
		}
		if setBy[i] != "" {
			return fmt.Errorf("%w: species %s is the output of two transitions (%s and this one)", ErrUnsupported, id, setBy[i])
		}
		setBy[i] = tr.desc
		rules[i] = rule
	}
	return nil
}
