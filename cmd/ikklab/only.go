package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// parseOnly reads -only "C01,C19": ids, case-insensitive, each one of all
// (an unknown one gets the closest as a suggestion).
func parseOnly(list string, all []string, what, idForm string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	var ids []string
	err := eachItem(list, func(given string) error {
		id := strings.ToUpper(given)
		if !slices.Contains(all, id) {
			return fmt.Errorf("unknown %s %s (%s)%s", what, expr.Quote(given), idForm, model.DidYouMean(id, all...))
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}
