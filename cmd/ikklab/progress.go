package main

import (
	"os"

	"github.com/schollz/progressbar/v3"
)

// progress shows a progress bar on standard error when it is a terminal and
// -q was not given; otherwise it shows nothing. It satisfies the engines'
// Progress interfaces (Add(n)).
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(e *env, quiet bool, total int, what string) *progress {
	f, ok := e.stderr.(*os.File)
	if quiet || !ok || !isTerminal(f) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("traj"),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func (p *progress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Done removes the bar.
func (p *progress) Done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}
