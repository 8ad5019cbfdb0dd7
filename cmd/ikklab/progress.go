package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress shows a progress bar on standard error when it is a terminal and
// -q was not given; otherwise it shows nothing. It serves the engines'
// progress interfaces: Add(n) for trajectories done (stochastic) and
// Progress(phase, done, total) for search phases (attractor).
//
// The bar is mpb's: unlike the library used before, it does not import
// net/http, whose initialisers cost every process about 1 MB of peak RSS.
type progress struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	start time.Time
	unit  string

	mu          sync.Mutex // guards the fields below, read by the label
	phase, rate string
	shown       time.Time
	done        int64
}

func newProgress(e *env, quiet bool, total int64, what, unit string) *progress {
	f, ok := e.stderr.(*os.File)
	if quiet || !ok || !isTerminal(f) {
		return &progress{}
	}
	pr := &progress{phase: what, unit: unit, start: time.Now()}
	pr.p = mpb.New(mpb.WithOutput(f), mpb.WithRefreshRate(100*time.Millisecond), mpb.WithWidth(40))
	phase := decor.Any(func(decor.Statistics) string {
		pr.mu.Lock()
		defer pr.mu.Unlock()
		return pr.phase
	}, decor.WC{W: len(what) + 1, C: decor.DindentRight})
	// The rate is the mean since the start, shown once a second has
	// passed: a bar's own first readings divide by almost no time (one
	// showed 111,230,581 traj/s).
	rate := decor.Any(func(decor.Statistics) string {
		pr.mu.Lock()
		defer pr.mu.Unlock()
		return pr.rate
	}, decor.WC{W: 1, C: decor.DextraSpace})
	if total <= 0 { // unknown: a spinner with the count
		pr.bar = pr.p.New(0, mpb.SpinnerStyle().PositionLeft(), mpb.BarWidth(2), mpb.PrependDecorators(phase), mpb.AppendDecorators(decor.CurrentNoUnit("%d"), rate), mpb.BarRemoveOnComplete())
	} else {
		pr.bar = pr.p.New(total, mpb.BarStyle(), mpb.PrependDecorators(phase), mpb.AppendDecorators(decor.CountersNoUnit("%d/%d"), decor.Percentage(decor.WC{W: 5}), rate), mpb.BarRemoveOnComplete())
	}
	return pr
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
	p.mu.Lock()
	p.done += int64(n)
	if now := time.Now(); now.Sub(p.shown) >= 500*time.Millisecond {
		if r := rateText(p.done, now.Sub(p.start), p.unit); r != "" {
			p.shown, p.rate = now, r
		}
	}
	p.mu.Unlock()
	p.bar.IncrBy(n)
}

// Progress shows done of total in a named phase.
func (p *progress) Progress(phase string, done, total int64) {
	if p.bar == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	p.phase, p.rate = phase, ""
	p.mu.Unlock()
	p.bar.SetTotal(total, false)
	p.bar.SetCurrent(done)
}

// Done removes the bar and waits until it is gone from the terminal.
func (p *progress) Done() {
	if p.bar == nil {
		return
	}
	p.bar.Abort(true)
	p.p.Wait()
}
