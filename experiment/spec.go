package experiment

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/format"
	"github.com/ikklab/ikklab/internal/limitread"
	"github.com/ikklab/ikklab/internal/yamlpos"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// Spec is an experiment as written in a spec file (version 1).
type Spec struct {
	Version     int        `yaml:"version" json:"version"`
	Name        string     `yaml:"name" json:"name"`
	Description string     `yaml:"description" json:"description,omitempty"`
	Model       string     `yaml:"model" json:"model"`
	Engine      string     `yaml:"engine" json:"engine"`
	Context     ContextRef `yaml:"context" json:"context"`
	Stimuli     []string   `yaml:"stimuli" json:"stimuli"`
	Time        float64    `yaml:"time" json:"time"`
	Samples     int        `yaml:"samples" json:"samples"`
	Seed        int64      `yaml:"seed" json:"seed"`
	Readouts    []string   `yaml:"readouts" json:"readouts"`
	// Activities asks for every node's activity at the end time in each
	// arm (ArmResult.Activities), besides the readouts: what a pathway map
	// is coloured by. Off by default: following every node costs time.
	Activities   bool         `yaml:"activities" json:"activities,omitempty"`
	Arms         []Arm        `yaml:"arms" json:"arms"`
	DoseResponse []DoseSeries `yaml:"dose_response" json:"dose_response,omitempty"`
	Combination  *Combination `yaml:"combination" json:"combination,omitempty"`
	// IC50 says where doses written "IC50" are measured: each such drug is
	// given at the IC50 the model finds for it alone on the readout, added
	// to the base arm (equipotent combination design).
	IC50   *kb.IC50Dosing `yaml:"ic50" json:"ic50,omitempty"`
	Expect []Expectation  `yaml:"expect" json:"expect,omitempty"`
	// Targets gives drugs by their targets on the spec's model: drugs the
	// knowledge base does not know, or known ones acting on nodes a model
	// file names differently (knowledge-base drugs are otherwise mapped by
	// node id and alias).
	Targets map[string][]SpecTarget `yaml:"targets" json:"targets,omitempty"`

	net       *model.Network // the model file's network; nil: the built-in one
	drugTable *drugTable     // nil: the knowledge base's drugs
}

// ContextRef is a knowledge-base context id or an inline context.
type ContextRef struct {
	ID     string
	Inline *InlineContext
}

// InlineContext describes a cell line not in the knowledge base.
type InlineContext struct {
	Name        string            `yaml:"name"`
	Mutations   map[string]string `yaml:"mutations"` // NODE: on|off (fixed)
	Overexpress []string          `yaml:"overexpress"`
	Knockout    []string          `yaml:"knockout"`
	Initial     map[string]string `yaml:"initial"` // NODE: on|off (start only)
}

// UnmarshalYAML accepts a context id or an inline mapping.
func (c *ContextRef) UnmarshalYAML(unmarshal func(any) error) error {
	var id string
	if err := unmarshal(&id); err == nil {
		c.ID = id
		return nil
	}
	var in InlineContext
	if err := unmarshal(&in); err != nil {
		return err
	}
	c.Inline = &in
	return nil
}

// MarshalJSON writes the id or the inline context's name.
func (c ContextRef) MarshalJSON() ([]byte, error) {
	if c.Inline != nil {
		return []byte(fmt.Sprintf("%q", c.Inline.Name)), nil
	}
	return []byte(fmt.Sprintf("%q", c.ID)), nil
}

// String names the context.
func (c ContextRef) String() string {
	if c.Inline != nil {
		return c.Inline.Name
	}
	return c.ID
}

// Arm is one condition.
type Arm struct {
	Name        string             `yaml:"name" json:"name"`
	Knockout    []string           `yaml:"knockout" json:"knockout,omitempty"`
	Overexpress []string           `yaml:"overexpress" json:"overexpress,omitempty"`
	Knockdown   map[string]float64 `yaml:"knockdown" json:"knockdown,omitempty"`
	Add         []string           `yaml:"add" json:"add,omitempty"`
	Drugs       map[string]string  `yaml:"drugs" json:"drugs,omitempty"`
	Stimuli     *[]string          `yaml:"stimuli" json:"stimuli,omitempty"`
	// Clamp holds nodes at a fixed activity (a probability) whatever their
	// regulators do (model.Network.Clamp); it acts after drugs.
	Clamp map[string]float64 `yaml:"clamp" json:"clamp,omitempty"`
}

// DoseSeries is a drug at rising doses on top of a base arm.
type DoseSeries struct {
	Drug    string   `yaml:"drug" json:"drug"`
	Doses   []string `yaml:"doses" json:"doses"`
	Readout string   `yaml:"readout" json:"readout,omitempty"`
	Base    string   `yaml:"base" json:"base,omitempty"`
}

// Combination is a two-drug dose matrix.
type Combination struct {
	Drugs   []string   `yaml:"drugs" json:"drugs"`
	Doses   [][]string `yaml:"doses" json:"doses"`
	Readout string     `yaml:"readout" json:"readout"`
	Base    string     `yaml:"base" json:"base,omitempty"`
}

// Expectation is a direction the result should show (used to check that an
// experiment reproduces what the literature reports): the claims' record,
// judged by the same judge. Specs use readout, arm, vs, change, margin,
// stronger_than, criterion, reference and control.
type Expectation = kb.Expectation

// Limits of a spec.
const (
	MaxSamples = 10_000_000
	MaxTime    = 10_000.0
	MaxRuns    = 100_000
)

// SpecError is a problem in a spec, with the file, line and field.
type SpecError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *SpecError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return loc + ": " + e.Problem()
}

// Problem is the error without its file and line: "field: message", on one
// line (line breaks in the field, which can hold a user's map key, or in
// the message are written \n).
func (e *SpecError) Problem() string {
	esc := strings.NewReplacer("\n", `\n`, "\r", `\r`)
	if e.Field != "" {
		return esc.Replace(e.Field) + ": " + esc.Replace(e.Msg)
	}
	return esc.Replace(e.Msg)
}

// ReadSpec reads and validates a spec file against the knowledge base; a
// model: path is read relative to the spec's directory.
func ReadSpec(path string, k *kb.KB) (*Spec, error) {
	src, err := ReadSpecSource(path)
	if err != nil {
		return nil, err
	}
	return ParseSpec(src.Name, src.Text, k)
}

// ModelFileHash identifies the network of the model file the spec names
// (model.Network.Hash); "" for the built-in network.
func (s *Spec) ModelFileHash() string {
	if s.net == nil {
		return ""
	}
	return s.net.Hash()
}

// ReadSpecSource reads a spec file's text (at most 4 MiB).
func ReadSpecSource(path string) (SpecSource, error) {
	data, err := limitread.File(path, 4<<20)
	if errors.Is(err, limitread.ErrTooLarge) {
		return SpecSource{}, &SpecError{File: path, Msg: "spec is larger than 4 MiB"}
	} else if err != nil {
		return SpecSource{}, err
	}
	return SpecSource{Name: path, Text: data}, nil
}

// ParseSpec parses and validates a spec; name is used in messages.
func ParseSpec(name string, data []byte, k *kb.KB) (*Spec, error) {
	return parseSpec(name, data, k, false)
}

// ParseBuiltinSpec is ParseSpec for specs from other people (the server):
// a model file is refused before it is opened, so only the built-in
// network runs.
func ParseBuiltinSpec(name string, data []byte, k *kb.KB) (*Spec, error) {
	return parseSpec(name, data, k, true)
}

func parseSpec(name string, data []byte, k *kb.KB, builtinOnly bool) (*Spec, error) {
	var s Spec
	pos, err := yamlpos.Parse(data)
	if err == nil {
		err = yamlpos.Decode(data, &s)
	}
	if err != nil {
		line, field, msg := pos.Describe(err) // pos is nil when the document did not parse
		return nil, &SpecError{File: name, Line: line, Field: field, Msg: msg}
	}
	v := &specValidator{name: name, pos: pos, k: k, s: &s, builtinOnly: builtinOnly}
	if err := v.validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

type specValidator struct {
	name        string
	pos         *yamlpos.File
	k           *kb.KB
	s           *Spec
	net         *model.Network
	builtinOnly bool    // refuse model files (ParseBuiltinSpec)
	errs        []error // name errors found so far (report)
}

// maxReported bounds the errors one spec reports (the rest are counted).
const maxReported = 20

// report records an error found while checking names; reported returns them.
func (v *specValidator) report(err error) { v.errs = append(v.errs, err) }

// reported returns the recorded errors in line order: nil, the one error,
// or a joined list of at most maxReported (errors.Join; each is one line).
func (v *specValidator) reported() error {
	errs := v.errs
	slices.SortStableFunc(errs, func(a, b error) int { return specLine(a) - specLine(b) })
	switch {
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errs[0]
	case len(errs) > maxReported:
		n := len(errs) - maxReported
		more := &SpecError{File: v.name, Msg: fmt.Sprintf("and %d more error%s", n, map[bool]string{true: "s"}[n > 1])}
		errs = append(errs[:maxReported:maxReported], more)
	}
	return errors.Join(errs...)
}

func specLine(err error) int {
	var se *SpecError
	if errors.As(err, &se) {
		return se.Line
	}
	return 0
}

func (v *specValidator) errf(field, format string, args ...any) error {
	return &SpecError{File: v.name, Line: v.pos.Line("$", field), Field: field, Msg: fmt.Sprintf(format, args...)}
}

func (v *specValidator) validate() error {
	s := v.s
	if s.Version != 1 {
		if s.Version == 0 {
			return v.errf("version", "missing version: write 'version: 1'")
		}
		return v.errf("version", "version %d is not supported (this ikklab reads version 1)", s.Version)
	}
	if s.Name == "" {
		return v.errf("name", "missing name")
	}
	if s.Model == "" {
		s.Model = "ikklab"
	}
	builtin := strings.EqualFold(s.Model, "ikklab")
	if builtin {
		net, err := v.k.Network()
		if err != nil {
			return err
		}
		v.net = net
	} else {
		if v.builtinOnly {
			return v.errf("model", "model %q: only the built-in network (model: ikklab) runs here", s.Model)
		}
		path := s.Model
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(v.name), path)
		}
		net, _, err := format.Load(path)
		if err != nil {
			return v.errf("model", "%v", err)
		}
		if v.s.Context.ID != "" {
			return v.errf("context", "context %q is a knowledge-base context of the built-in model; on %s, describe the cells inline: context: {name: ..., mutations: {NODE: on}, knockout: [...]}", v.s.Context.ID, s.Model)
		}
		v.net, s.net = net, net
	}
	if err := v.buildDrugs(builtin); err != nil {
		return err
	}
	switch s.Engine {
	case "":
		s.Engine = "stochastic"
	case "stochastic", "async", "ode":
	case "sync":
		v.report(v.errf("engine", "engine %q is not available yet (stochastic, async, ode)", s.Engine))
	default:
		v.report(v.errf("engine", "unknown engine %q (stochastic, async, ode)%s", s.Engine, model.DidYouMean(s.Engine, "stochastic", "async", "sync", "ode")))
	}
	if s.Time == 0 {
		s.Time = 50
	}
	if !(s.Time > 0) || s.Time > MaxTime || math.IsInf(s.Time, 0) {
		v.report(v.errf("time", "time %g outside (0, %g]", s.Time, MaxTime))
	}
	switch {
	case s.Samples == 0 && v.pos.Has("$", "samples"):
		v.report(v.errf("samples", "samples 0: give at least 1 trajectory (leave samples out for the default 10,000)"))
	case s.Samples == 0:
		s.Samples = 10000
	case s.Samples < 1 || s.Samples > MaxSamples:
		v.report(v.errf("samples", "samples %d outside 1..%d", s.Samples, MaxSamples))
	}
	// The settings above, names and expectations are checked together, so
	// a spec with several mistakes shows them all at once; the checks after
	// the first report need the drugs and arms resolved.
	v.context()
	for i, st := range s.Stimuli {
		id, err := v.input(fmt.Sprintf("stimuli.[%d]", i), st)
		if err != nil {
			v.report(err)
			continue
		}
		s.Stimuli[i] = id
	}
	if len(s.Readouts) == 0 {
		v.report(v.errf("readouts", "no readouts: list the nodes to read, e.g. [Proliferation, Apoptosis]"))
	}
	v.nodes("readouts", s.Readouts)
	if len(s.Arms) == 0 {
		s.Arms = []Arm{{Name: "control"}}
	}
	arms := map[string]bool{}
	for i := range s.Arms {
		v.arm(i, arms)
	}
	for i := range s.Expect {
		v.expectation(i, arms)
	}
	if err := v.reported(); err != nil {
		return err
	}
	if err := v.ic50(); err != nil {
		return err
	}
	for i := range s.DoseResponse {
		if err := v.series(i, arms); err != nil {
			return err
		}
	}
	if s.Combination != nil {
		if err := v.combination(arms); err != nil {
			return err
		}
	}
	if n := v.runCount(); n > MaxRuns {
		return v.errf("", "%d runs (arms, doses and matrix cells) is more than the %d allowed", n, MaxRuns)
	}
	return nil
}

// expectation checks one expectation, recording every problem (report);
// its readout is measured (added to the readouts when the spec does not list
// it), never read as 0.
func (v *specValidator) expectation(i int, arms map[string]bool) {
	x := &v.s.Expect[i]
	f := fmt.Sprintf("expect.[%d]", i)
	if id, err := v.node(f+".readout", x.Readout); err != nil {
		v.report(err)
	} else {
		x.Readout = id
		if !slices.Contains(v.s.Readouts, id) {
			v.s.Readouts = append(v.s.Readouts, id)
		}
	}
	switch {
	case x.Trend != "" || x.Series != "":
		v.report(v.errf(f+".trend", "dose-dependent expectations (trend, series) belong to claims; a spec's dose_response is judged by its fit"))
		return
	case len(x.Via) > 0:
		v.report(v.errf(f+".via", "via (a mechanism check) belongs to claims"))
		return
	}
	known := arms[x.Arm]
	if !known {
		v.report(v.errf(f+".arm", "%q is not an arm of this spec%s", x.Arm, model.DidYouMean(x.Arm, slices.Sorted(maps.Keys(arms))...)))
	}
	if len(x.Vs) == 0 {
		v.report(v.errf(f+".vs", "give the arm(s) compared with, e.g. vs: [control]"))
		known = false
	}
	for _, a := range x.Vs {
		if !arms[a] {
			v.report(v.errf(f+".vs", "%q is not an arm of this spec%s", a, model.DidYouMean(a, slices.Sorted(maps.Keys(arms))...)))
			known = false
		}
	}
	switch x.Change {
	case "up", "down", "same":
	default:
		v.report(v.errf(f+".change", "change %q is not up, down or same%s", x.Change, model.DidYouMean(x.Change, "up", "down", "same")))
		known = false
	}
	if x.Margin < 0 || x.Margin >= 1 {
		v.report(v.errf(f+".margin", "margin %g outside [0, 1)", x.Margin))
	}
	if st := x.StrongerThan; st != nil {
		for _, a := range []string{st.Arm, st.Vs} {
			if !arms[a] {
				v.report(v.errf(f+".stronger_than", "%q is not an arm of this spec", a))
				known = false
			}
		}
	}
	if !known {
		return // the remaining checks assume the arms and the change are valid
	}
	for _, p := range kb.CheckExpectation(*x, func(a string) bool { return arms[a] }) {
		v.report(v.errf(f+"."+p.Field, "%s", p.Msg))
		return
	}
}

func (v *specValidator) runCount() int {
	n := len(v.s.Arms)
	for _, d := range v.s.DoseResponse {
		n += len(d.Doses)
	}
	if c := v.s.Combination; c != nil && len(c.Doses) == 2 {
		n += len(c.Doses[0]) * len(c.Doses[1])
	}
	return n
}

// context resolves the spec's context, recording every bad name (report).
func (v *specValidator) context() {
	c := &v.s.Context
	switch {
	case c.Inline != nil:
		in := c.Inline
		if in.Name == "" {
			v.report(v.errf("context.name", "an inline context needs a name"))
		}
		in.Mutations = keyed(v, "context.mutations", in.Mutations, v.node, v.onOff)
		in.Initial = keyed(v, "context.initial", in.Initial, v.node, v.onOff)
		v.nodes("context.overexpress", in.Overexpress)
		v.nodes("context.knockout", in.Knockout)
	case c.ID != "":
		id, err := v.k.ResolveContext(c.ID)
		if err != nil {
			v.report(v.errf("context", "%v", err))
			return
		}
		c.ID = id
	}
}

// keyed resolves the keys of a map of names (nodes or drugs) to their ids
// and checks each value (check may be nil), recording every unknown name,
// bad value and two names of one id; it returns the map by id.
func keyed[V any](v *specValidator, field string, m map[string]V, resolve func(field, name string) (string, error), check func(field, id string, val V) error) map[string]V {
	if len(m) == 0 {
		return m
	}
	out := make(map[string]V, len(m))
	by := map[string]string{} // id → the name that gave it
	for _, name := range slices.Sorted(maps.Keys(m)) {
		f := field + "." + name
		id, err := resolve(f, name)
		if err == nil && check != nil {
			err = check(f, id, m[name])
		}
		if err != nil {
			v.report(err)
			continue
		}
		if prev, dup := by[id]; dup {
			v.report(v.errf(f, "%s and %s both name %s: give it once", expr.Quote(prev), expr.Quote(name), id))
			continue
		}
		by[id] = name
		out[id] = m[name]
	}
	return out
}

// onOff checks a fixed or initial value.
func (v *specValidator) onOff(field, _ string, val string) error {
	if val != "on" && val != "off" {
		return v.errf(field, "value %q is not on or off", val)
	}
	return nil
}

// nodes resolves a list of node names in place, recording every bad one.
func (v *specValidator) nodes(field string, ids []string) {
	for i, id := range ids {
		nid, err := v.node(fmt.Sprintf("%s.[%d]", field, i), id)
		if err != nil {
			v.report(err)
			continue
		}
		ids[i] = nid
	}
}

func (v *specValidator) node(field, name string) (string, error) {
	id, err := v.net.Resolve(name)
	if err != nil {
		return "", v.errf(field, "%v", err)
	}
	return id, nil
}

func (v *specValidator) input(field, name string) (string, error) {
	id, err := v.node(field, name)
	if err != nil {
		return "", err
	}
	if n, _ := v.net.Node(id); n.Kind != model.Input {
		return "", v.errf(field, "%s is not a stimulus (an input node); use 'add' to force a %s node on", id, n.Kind)
	}
	return id, nil
}

// arm checks one arm, recording every bad name or value (report).
func (v *specValidator) arm(i int, arms map[string]bool) {
	a := &v.s.Arms[i]
	f := fmt.Sprintf("arms.[%d]", i)
	switch {
	case a.Name == "":
		v.report(v.errf(f, "an arm needs a name"))
	case arms[a.Name]:
		v.report(v.errf(f+".name", "arm %q given twice", a.Name))
	default:
		arms[a.Name] = true
	}
	v.nodes(f+".knockout", a.Knockout)
	v.nodes(f+".overexpress", a.Overexpress)
	v.nodes(f+".add", a.Add)
	if a.Stimuli != nil {
		for j, st := range *a.Stimuli {
			id, err := v.input(fmt.Sprintf("%s.stimuli.[%d]", f, j), st)
			if err != nil {
				v.report(err)
				continue
			}
			(*a.Stimuli)[j] = id
		}
	}
	a.Knockdown = keyed(v, f+".knockdown", a.Knockdown, v.node, func(field, _ string, frac float64) error {
		if !(frac > 0 && frac <= 1) {
			return v.errf(field, "knock-down fraction %g outside (0, 1]", frac)
		}
		return nil
	})
	a.Drugs = keyed(v, f+".drugs", a.Drugs, v.drug, func(field, id, d string) error {
		if kb.IsIC50(d) {
			return v.ic50Dose(field, id)
		}
		_, err := v.dose(field, id, d)
		return err
	})
	a.Clamp = keyed(v, f+".clamp", a.Clamp, v.node, func(field, _ string, p float64) error {
		if !(p >= 0 && p <= 1) {
			return v.errf(field, "activity %g outside [0, 1]", p)
		}
		return nil
	})
	v.setOnce(f, a)
}

// setOnce reports a node an arm sets twice: in two of knockout, overexpress,
// add, knockdown and clamp (which would win is not the user's choice), or
// twice in one list.
func (v *specValidator) setOnce(f string, a *Arm) {
	by := map[string]string{} // node id → the field that set it first
	see := func(field, key, id string) {
		if _, ok := v.net.Node(id); !ok {
			return // an unknown name, reported already
		}
		if first, dup := by[id]; dup {
			v.report(v.errf(field, "%s is already set by %s; an arm sets each node once (knockout, overexpress, add, knockdown or clamp)", id, first))
			return
		}
		by[id] = key
	}
	kb.EachSetting(f, a.Knockout, a.Overexpress, a.Add, see, kb.SettingMap{Key: "knockdown", Values: a.Knockdown}, kb.SettingMap{Key: "clamp", Values: a.Clamp})
}

// ic50Dose checks a dose written IC50: the spec must say where it is
// measured, and the drug must be dosed in molar units.
func (v *specValidator) ic50Dose(field, drug string) error {
	if v.s.IC50 == nil {
		return v.errf(field, "dose IC50 needs 'ic50: {readout: NODE, base: ARM}' to say where the IC50 is measured")
	}
	dr, _ := v.k.Drug(drug)
	for _, t := range dr.Targets {
		if t.Dose.Unit.Kind != dose.Molar {
			return v.errf(field, "dose IC50 needs a drug dosed in molar units; %s is not", drug)
		}
	}
	return nil
}

// ic50 checks the ic50 block: a known readout and a base arm that takes no
// drug at its IC50.
func (v *specValidator) ic50() error {
	c := v.s.IC50
	if c == nil {
		return nil
	}
	id, err := v.node("ic50.readout", c.Readout)
	if err != nil {
		return err
	}
	c.Readout = id
	i := slices.IndexFunc(v.s.Arms, func(a Arm) bool { return a.Name == c.Base })
	if i < 0 {
		return v.errf("ic50.base", "base arm %q is not an arm of this spec", c.Base)
	}
	if len(IC50Drugs(v.s.Arms[i:i+1])) > 0 {
		return v.errf("ic50.base", "base arm %q cannot itself take a drug at its IC50", c.Base)
	}
	return nil
}

func (v *specValidator) drug(field, name string) (string, error) {
	id, err := v.s.drugs(v.k).ResolveDrug(name)
	if err != nil {
		return "", v.errf(field, "%v", err)
	}
	if err := v.drugTargets(field, id); err != nil {
		return "", err
	}
	return id, nil
}

// dose parses a dose for a drug: a unit is required (but for 0), it must be
// of a kind the drug's potencies use, and not absurd.
func (v *specValidator) dose(field, drug, s string) (dose.Dose, error) {
	d, err := dose.Parse(s)
	if err != nil {
		return d, v.errf(field, "%v", err)
	}
	if d.Unit.Kind == dose.None {
		return d, nil
	}
	dr, _ := v.s.drugs(v.k).Drug(drug)
	if err := dr.CheckDose(s, d); err != nil {
		return d, v.errf(field, "%v", err)
	}
	return d, nil
}

func (v *specValidator) series(i int, arms map[string]bool) error {
	d := &v.s.DoseResponse[i]
	f := fmt.Sprintf("dose_response.[%d]", i)
	id, err := v.drug(f+".drug", d.Drug)
	if err != nil {
		return err
	}
	d.Drug = id
	if len(d.Doses) < 2 {
		return v.errf(f+".doses", "a dose series needs at least two doses")
	}
	var bad []error // every bad dose of the series, one line each
	for j, s := range d.Doses {
		if _, err := v.dose(fmt.Sprintf("%s.doses.[%d]", f, j), id, s); err != nil {
			bad = append(bad, err)
		}
	}
	if len(bad) > 0 {
		return errors.Join(bad...)
	}
	if d.Readout == "" {
		d.Readout = v.s.Readouts[0]
	} else if d.Readout, err = v.node(f+".readout", d.Readout); err != nil {
		return err
	}
	if d.Base == "" {
		d.Base = v.s.Arms[0].Name
	} else if !arms[d.Base] {
		return v.errf(f+".base", "%q is not an arm of this spec", d.Base)
	}
	return nil
}

func (v *specValidator) combination(arms map[string]bool) error {
	c := v.s.Combination
	if len(c.Drugs) != 2 {
		return v.errf("combination.drugs", "a combination takes two drugs, not %d", len(c.Drugs))
	}
	if len(c.Doses) != 2 {
		return v.errf("combination.doses", "give two dose lists, one per drug")
	}
	for i := range c.Drugs {
		id, err := v.drug(fmt.Sprintf("combination.drugs.[%d]", i), c.Drugs[i])
		if err != nil {
			return err
		}
		c.Drugs[i] = id
		if len(c.Doses[i]) < 2 {
			return v.errf(fmt.Sprintf("combination.doses.[%d]", i), "each drug needs at least two doses (the first usually 0)")
		}
		var bad []error // every bad dose of the list, one line each
		for j, s := range c.Doses[i] {
			d, err := v.dose(fmt.Sprintf("combination.doses.[%d].[%d]", i, j), id, s)
			switch {
			case err != nil:
				bad = append(bad, err)
			case j == 0 && !d.IsZero():
				bad = append(bad, v.errf(fmt.Sprintf("combination.doses.[%d].[0]", i), "the first dose of each drug must be 0 (the single-agent row and column)"))
			}
		}
		if len(bad) > 0 {
			return errors.Join(bad...)
		}
	}
	if c.Drugs[0] == c.Drugs[1] {
		return v.errf("combination.drugs", "the two drugs are the same (%s)", c.Drugs[0])
	}
	if c.Readout == "" {
		c.Readout = v.s.Readouts[0]
	} else {
		id, err := v.node("combination.readout", c.Readout)
		if err != nil {
			return err
		}
		c.Readout = id
	}
	if c.Base == "" {
		c.Base = v.s.Arms[0].Name
	} else if !arms[c.Base] {
		return v.errf("combination.base", "%q is not an arm of this spec", c.Base)
	}
	return nil
}

var errNoRuns = errors.New("experiment: nothing to run")
