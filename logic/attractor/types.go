package attractor

import (
	"runtime"
	"strings"
)

// Update is an update scheme.
type Update uint8

const (
	Sync  Update = iota // synchronous: all nodes at once
	Async               // general asynchronous: one node per step
)

func (u Update) String() string {
	if u == Async {
		return "async"
	}
	return "sync"
}

// Kind is the kind of an attractor.
type Kind uint8

const (
	FixedPoint Kind = iota // one state with F(x) = x
	Cycle                  // a synchronous cycle of two or more states
	Complex                // an asynchronous terminal SCC of two or more states
)

var kindNames = [...]string{"fixed_point", "cycle", "complex"}

// String returns the name used in JSON: fixed_point, cycle or complex.
func (k Kind) String() string { return kindNames[k] }

// State is a state of the whole network as a bit set: node i is bit i%64 of
// word i/64 (the layout of expr.Program.Eval).
type State []uint64

// Get returns the value of node i.
func (s State) Get(i int) bool { return s[i>>6]>>(i&63)&1 == 1 }

func (s State) set(i int, v bool) {
	if v {
		s[i>>6] |= 1 << (i & 63)
	} else {
		s[i>>6] &^= 1 << (i & 63)
	}
}

// Bits returns the state as BoolNet writes it: one character 0 or 1 per
// node, node 0 first.
func (s State) Bits(n int) string {
	var b strings.Builder
	b.Grow(n)
	for i := range n {
		if s.Get(i) {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// less is BoolNet's order of states, which decides where a cycle starts:
// the state is read as 32-bit chunks (nodes 0–31, 32–63, ...) compared from
// the first chunk, each as an unsigned integer with node 32c in bit 0. Up to
// 32 nodes this is the order of integer codes.
func (s State) less(t State) bool {
	for w := range s {
		if a, b := uint32(s[w]), uint32(t[w]); a != b {
			return a < b
		}
		if a, b := uint32(s[w]>>32), uint32(t[w]>>32); a != b {
			return a < b
		}
	}
	return false
}

// Attractor is one attractor.
type Attractor struct {
	Kind Kind
	// States: one for a fixed point; a synchronous cycle in successor order
	// from its canonical (smallest) state; a complex attractor in
	// increasing order (see the package doc for BoolNet's order).
	States []State
	// Basin is the number of states (of the 2^free searched) whose
	// synchronous trajectory ends in the attractor; -1 when not computed.
	Basin int64
}

// Result is the outcome of Find.
type Result struct {
	Update     Update
	Nodes      []string        // node ids: the order of the bits of a State
	Fixed      map[string]bool // the fixed nodes in effect (options and constant rules)
	Free       int             // number of free nodes: the space has 2^Free states
	Attractors []Attractor     // sorted by canonical state
	// FixedPointsOnly is set by FixedPoints: cycles and complex attractors
	// were not searched.
	FixedPointsOnly bool
	// Stopped is set when the search ended early (cancelled, out of time or
	// at a budget): Attractors holds the attractors found, others may
	// exist, and basins are not given.
	Stopped bool
}

// Progress receives progress reports from long searches: phase names the
// step ("successors", "trajectories", "scc", "fixed points"), done and total
// count its work units (total 0 when unknown). Calls come from one goroutine
// at a time but not necessarily the caller's.
type Progress interface {
	Progress(phase string, done, total int64)
}

// Options configure a search. The zero value is a synchronous search with
// no fixed nodes, one worker per CPU and the default limit.
type Options struct {
	Update Update
	// Fixed maps node names (ids or aliases) to the value they are held at:
	// knock-outs (false), over-expression and input values.
	Fixed map[string]bool
	// Workers is the number of goroutines computing successors; 0 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
	// MaxStates is the largest state space (2^free) an exhaustive search
	// accepts; 0 means no limit beyond MaxMemory (and 2^30 for Sync).
	MaxStates uint64
	// MaxMemory bounds the bytes an exhaustive search holds (4 per state for
	// Sync, 24.25 per state for Async); a larger space is refused before
	// anything is allocated. 0 means DefaultMaxMemory.
	MaxMemory int64
	// MaxResults bounds the fixed points (FixedPoints) or trap spaces
	// (TrapSpaces) found; the search stops when it would exceed it and
	// returns the first MaxResults with a BudgetError. 0 means
	// DefaultMaxResults.
	MaxResults int
	// Progress, if not nil, receives progress reports.
	Progress Progress
}

// Default budgets.
const (
	DefaultMaxMemory  = 3 << 30 // 3 GiB: 2^29 sync or 2^26 async states
	DefaultMaxResults = 100000
	maxSyncFree       = 30 // two spare bits in a uint32 successor
	maxAsyncFree      = 30
	syncBytes         = 4     // bytes per state of the sync search
	asyncBytes        = 24.25 // bytes per state of the async search (see async.go)
)

func (o *Options) maxMemory() int64 {
	if o.MaxMemory > 0 {
		return o.MaxMemory
	}
	return DefaultMaxMemory
}

func (o *Options) maxResults() int {
	if o.MaxResults > 0 {
		return o.MaxResults
	}
	return DefaultMaxResults
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (o *Options) report(phase string, done, total int64) {
	if o.Progress != nil {
		o.Progress.Progress(phase, done, total)
	}
}
