package format

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/format/bnet"
	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/format/sbmlqual"
	"github.com/ikklab/ikklab/model"
)

// Kind names a file format.
type Kind string

const (
	MaBoSS   Kind = "maboss"
	BoolNet  Kind = "bnet"
	SBMLQual Kind = "sbml-qual"
)

// Detect returns the format of a path from its extension.
func Detect(path string) (Kind, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".bnd":
		return MaBoSS, nil
	case ".bnet":
		return BoolNet, nil
	case ".sbml", ".xml":
		return SBMLQual, nil
	case ".cfg":
		return "", fmt.Errorf("%s: a .cfg file goes with its .bnd; give the .bnd (its .cfg is found beside it) or use -cfg", path)
	}
	return "", fmt.Errorf("%s: unknown model format %q (use .bnd with .cfg, .bnet, .sbml or .xml)", path, filepath.Ext(path))
}

// qualNS marks an SBML-qual document.
const qualNS = "http://www.sbml.org/sbml/level3/version1/qual/version1"

// IsKinetic reports whether path is an SBML core model (reactions, rules,
// events: read with format/sbml) rather than a logical model: a .sbml or
// .xml file that does not declare the qual package.
func IsKinetic(path string) (bool, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".sbml", ".xml":
	default:
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	return !bytes.Contains(head[:n], []byte(qualNS)), nil
}

// CfgsFor returns the cfg files that go with a .bnd, in the order they are
// applied: NAME.cfg and NAME.bnd.cfg, those that exist. MaBoSS's own
// examples split a model's cfg in two this way (cell_fate_sbml: the
// initial states in cell_fate.cfg, the rate parameters in
// cell_fate.bnd.cfg).
func CfgsFor(bnd string) []string {
	var cfgs []string
	for _, c := range []string{strings.TrimSuffix(bnd, filepath.Ext(bnd)) + ".cfg", bnd + ".cfg"} {
		if _, err := os.Stat(c); err == nil {
			cfgs = append(cfgs, c)
		}
	}
	return cfgs
}

// Load reads a model file. For a .bnd, cfgs are applied in order (when none
// is given, the cfg beside the .bnd, if any). The MaBoSS settings are
// returned for every format (defaults when the file has none).
func Load(path string, cfgs ...string) (*model.Network, *maboss.Config, error) {
	kind, err := Detect(path)
	if err != nil {
		return nil, nil, err
	}
	var net *model.Network
	switch kind {
	case MaBoSS:
		if len(cfgs) > 0 {
			return maboss.ReadFiles(path, cfgs)
		}
		cs := CfgsFor(path)
		net, cfg, err := maboss.ReadFiles(path, cs)
		if err != nil && len(cs) == 0 && strings.Contains(err.Error(), "undefined parameter") {
			err = fmt.Errorf("%w (no .cfg beside the .bnd defines it: give one with -cfg)", err)
		}
		return net, cfg, err
	case BoolNet:
		net, err = bnet.ReadFile(path)
	case SBMLQual:
		net, err = sbmlqual.ReadFile(path)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(cfgs) > 0 {
		texts := make([]string, len(cfgs))
		for i, c := range cfgs {
			data, err := os.ReadFile(c)
			if err != nil {
				return nil, nil, err
			}
			texts[i] = string(data)
		}
		return maboss.Apply(net, nil, texts...)
	}
	d := maboss.Defaults()
	return net, &d, nil
}

// Written returns the files Save writes for path: path, and for a .bnd its
// .cfg beside it.
func Written(path string) []string {
	if kind, err := Detect(path); err == nil && kind == MaBoSS {
		return []string{path, strings.TrimSuffix(path, filepath.Ext(path)) + ".cfg"}
	}
	return []string{path}
}

// Read returns the files Load reads for path with cfgs: path, and for a
// .bnd the cfgs given or, when none is, those beside it (CfgsFor).
func Read(path string, cfgs []string) []string {
	if kind, err := Detect(path); err == nil && kind == MaBoSS && len(cfgs) == 0 {
		cfgs = CfgsFor(path)
	}
	return append([]string{path}, cfgs...)
}

// Save writes net to path in the format its extension names, atomically; a
// .bnd gets its .cfg (with the settings c) beside it.
func Save(path string, net *model.Network, c *maboss.Config) error {
	kind, err := Detect(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch kind {
	case MaBoSS:
		var cfg bytes.Buffer
		if err := maboss.Write(&buf, &cfg, net, c); err != nil {
			return err
		}
		if err := atomicfile.Write(Written(path)[1], cfg.Bytes()); err != nil {
			return err
		}
	case BoolNet:
		err = bnet.Write(&buf, net)
	case SBMLQual:
		err = sbmlqual.Write(&buf, net)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}
