package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ikklab/ikklab/format"
	"github.com/ikklab/ikklab/format/maboss"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// builtin is the MODEL name of the knowledge-base network.
const builtin = "ikklab"

// loadModel returns the network named by a MODEL argument: "ikklab" for the
// built-in network, else a model file in any supported format.
func loadModel(e *env, name string) (*model.Network, error) {
	net, _, err := loadModelCfg(e, name, nil)
	return net, err
}

// loadModelCfg is loadModel with cfg files applied (for .bnd, the .cfg beside
// it when none is given) and the resulting MaBoSS settings.
func loadModelCfg(e *env, name string, cfgs []string) (*model.Network, *maboss.Config, error) {
	if strings.EqualFold(name, builtin) {
		k, err := e.kb()
		if err != nil {
			return nil, nil, err
		}
		net, err := k.Network()
		if err != nil {
			return nil, nil, err
		}
		c := maboss.Defaults()
		if len(cfgs) > 0 {
			return applyCfgFiles(net, &c, cfgs)
		}
		return net, &c, nil
	}
	return format.Load(name, cfgs...)
}

func applyCfgFiles(net *model.Network, c *maboss.Config, cfgs []string) (*model.Network, *maboss.Config, error) {
	texts, err := readAll(cfgs)
	if err != nil {
		return nil, nil, err
	}
	return maboss.Apply(net, c, texts...)
}

// resolveNodes resolves a comma-separated list of node names.
func resolveNodes(net *model.Network, list string) ([]string, error) {
	var ids []string
	err := eachItem(list, func(f string) error {
		if f == "" {
			return nil
		}
		id, err := net.Resolve(f)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("empty node list %s", expr.Quote(list))
	}
	return ids, nil
}

// maxItemErrors bounds how many bad items of one list flag are described;
// the rest are counted, so the message stays one readable line however
// long the list.
const maxItemErrors = 5

// eachItem calls f on each comma-separated item of a flag's list, trimmed,
// and reports every bad item at once, in one line: a user who mistyped two
// names learns of both.
func eachItem(list string, f func(item string) error) error {
	var errs []error
	bad := 0
	for _, item := range strings.Split(list, ",") {
		if err := f(strings.TrimSpace(item)); err != nil {
			if bad++; bad <= maxItemErrors {
				errs = append(errs, err)
			}
		}
	}
	if bad > maxItemErrors {
		errs = append(errs, fmt.Errorf("(and %d more)", bad-maxItemErrors))
	}
	return joinOneLine(errs)
}

// joinOneLine joins errs into one error of one line, "a; b" (a usage error is
// one line), or nil when there are none.
func joinOneLine(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, err := range errs {
		msgs[i] = err.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

func readAll(paths []string) ([]string, error) {
	texts := make([]string, len(paths))
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		texts[i] = string(data)
	}
	return texts, nil
}
