package attractor

import (
	"errors"
	"fmt"
	"math"

	"github.com/dustin/go-humanize"
)

// ErrTooLarge is wrapped by every BudgetError: a search that was refused
// up front or stopped because it reached one of its budgets.
var ErrTooLarge = errors.New("attractor: search exceeds its budget")

// Budget names the limit a search ran into.
type Budget string

const (
	BudgetStates  Budget = "states"  // Options.MaxStates: the exhaustive state space
	BudgetMemory  Budget = "memory"  // Options.MaxMemory: bytes an exhaustive search holds
	BudgetResults Budget = "results" // Options.MaxResults: fixed points or trap spaces listed
)

// BudgetError says which budget a search exceeded, what the budget was and,
// when known, what the search would need. Refused searches did not start;
// stopped ones return what they found with the error.
type BudgetError struct {
	Search  string // "sync attractors", "async attractors", "fixed points", "trap spaces"
	Budget  Budget
	Limit   string // the budget in effect, e.g. "3 GiB" or "1000"
	Need    string // what the search needs, e.g. "2^40 states (4 TiB)"; "" when unknown
	Refused bool   // true: refused before starting; false: stopped, results are partial
	Free    int    // free nodes of the searched network
	// Hard is set when Limit is the most the search can represent, not a
	// setting that can be raised.
	Hard bool
}

func (e *BudgetError) Error() string {
	if e.Refused {
		return fmt.Sprintf("%s: needs %s, above the %s budget of %s", e.Search, e.Need, e.Budget, e.Limit)
	}
	s := fmt.Sprintf("%s: stopped at the %s budget of %s", e.Search, e.Budget, e.Limit)
	if e.Need != "" {
		s += "; " + e.Need
	}
	return s
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *BudgetError) Unwrap() error { return ErrTooLarge }

// bytesString writes a byte count in binary units: "3.0 GiB", "388 MiB".
func bytesString(b float64) string {
	if b >= math.MaxUint64 {
		return fmt.Sprintf("%.3g bytes", b)
	}
	return humanize.IBytes(uint64(b))
}
