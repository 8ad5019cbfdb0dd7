package main

import (
	"fmt"
	"os"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/schollz/progressbar/v3"
)

// progress shows a progress bar on standard error when it is a terminal and
// -q was not given; otherwise it shows nothing. It serves the engines'
// progress interfaces: Add(n) for trajectories done (stochastic) and
// Progress(phase, done, total) for search phases (attractor).
type progress struct {
	bar          *progressbar.ProgressBar
	phase, unit  string
	start, shown time.Time
	done         int64
}

func newProgress(e *env, quiet bool, total int64, what, unit string) *progress {
	f, ok := e.stderr.(*os.File)
	if quiet || !ok || !isTerminal(f) {
		return &progress{}
	}
	// The bar's own rate is not shown: its first readings divide by almost
	// no time (one showed 111,230,581 traj/s). Add shows the mean rate
	// since the start instead, once a second has passed.
	if total <= 0 {
		total = -1 // unknown: a spinner with the count and the rate
	}
	return &progress{phase: what, unit: unit, start: time.Now(), bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

// rateText is the mean rate of done units over elapsed, "" before a second
// has passed.
func rateText(done int64, elapsed time.Duration, unit string) string {
	if elapsed < time.Second {
		return ""
	}
	return fmt.Sprintf("%s %s/s", humanize.Comma(int64(float64(done)/elapsed.Seconds())), unit)
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Add advances the bar by n units.
func (p *progress) Add(n int) {
	if p.bar == nil {
		return
	}
	p.done += int64(n)
	if now := time.Now(); now.Sub(p.shown) >= 500*time.Millisecond {
		if r := rateText(p.done, now.Sub(p.start), p.unit); r != "" {
			p.shown = now
			p.bar.Describe(p.phase + " " + r)
		}
	}
	_ = p.bar.Add(n)
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
