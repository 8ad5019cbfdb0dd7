package kb

import (
	"fmt"
	"maps"
	"slices"
)

// SettingMap is a list of an arm that maps nodes to values (knockdown, or a
// run spec's clamp), named by its key.
type SettingMap struct {
	Key    string
	Values map[string]float64
}

// EachSetting calls see for every node an arm sets, with the field's path
// under prefix and the key of the list that sets it: knockout, overexpress
// and add in their order, then each map in sorted node order. The checks
// that an arm sets each node once (the knowledge base's and the run
// spec's) walk an arm with it.
func EachSetting(prefix string, knockout, overexpress, add []string, see func(field, key, id string), ms ...SettingMap) {
	for _, list := range []struct {
		key string
		ids []string
	}{{"knockout", knockout}, {"overexpress", overexpress}, {"add", add}} {
		for n, id := range list.ids {
			see(fmt.Sprintf("%s.%s.[%d]", prefix, list.key, n), list.key, id)
		}
	}
	for _, m := range ms {
		for _, id := range slices.Sorted(maps.Keys(m.Values)) {
			see(prefix+"."+m.Key+"."+id, m.Key, id)
		}
	}
}
