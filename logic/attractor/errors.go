package attractor

import (
	"errors"
	"fmt"
)

// ErrTooLarge is wrapped by the error of an exhaustive search whose state
// space exceeds Options.Limit.
var ErrTooLarge = errors.New("attractor: state space too large")

// TooLargeError says how large a refused state space was.
type TooLargeError struct {
	Update Update
	Free   int    // free nodes: the space has 2^Free states
	Limit  uint64 // the limit in effect
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s attractor search over 2^%d states exceeds the limit of %d states; fix more nodes or search fixed points only", e.Update, e.Free, e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }
