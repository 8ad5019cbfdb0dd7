package main

import (
	"os"

	"github.com/schollz/progressbar/v3"
)

// progress shows a progress bar on standard error when it is a terminal and
// -q was not given; otherwise it shows nothing. It serves the engines'
// progress interfaces: Add(n) for trajectories done (stochastic) and
// Progress(phase, done, total) for search phases (attractor).
type progress struct {
	bar   *progressbar.ProgressBar
	phase string
}

func newProgress(e *env, quiet bool, total int64, what, unit string) *progress {
	f, ok := e.stderr.(*os.File)
	if quiet || !ok || !isTerminal(f) {
		return &progress{}
	}
	return &progress{phase: what, bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Add advances the bar by n units.
func (p *progress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Progress shows done of total in a named phase.
func (p *progress) Progress(phase string, done, total int64) {
	if p.bar == nil || total <= 0 {
		return
	}
	if phase != p.phase {
		p.phase = phase
		p.bar.Describe(phase)
	}
	p.bar.ChangeMax64(total)
	_ = p.bar.Set64(done)
}

// Done removes the bar.
func (p *progress) Done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}
