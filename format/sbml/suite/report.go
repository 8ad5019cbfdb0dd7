package suite

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// RunAll runs cases on all cores, in order of the returned slice; done is
// called after each case (from any goroutine). A cancelled context stops
// it: the results so far are returned with the context's error.
func RunAll(ctx context.Context, cases []Case, done func()) ([]Result, error) {
	out := make([]Result, len(cases))
	ran := make([]bool, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = Run(ctx, cases[i])
				ran[i] = true
				if done != nil {
					done()
				}
			}
		}()
	}
feed:
	for i := range cases {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		var partial []Result
		for i, r := range out {
			if ran[i] {
				partial = append(partial, r)
			}
		}
		return partial, err
	}
	return out, nil
}

// Count is pass, fail and unsupported counts.
type Count struct {
	Cases, Pass, Fail, Unsupported int
}

func (c *Count) add(v Verdict) {
	c.Cases++
	switch v {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	default:
		c.Unsupported++
	}
}

// Summary tallies results overall, on the core-ODE subset, per tag and per
// unsupported feature.
type Summary struct {
	All, Core Count
	Tags      map[string]*Count
	Features  map[string]int
}

// Summarize tallies results; core says which ids are core-ODE cases.
func Summarize(results []Result, core map[string]bool) Summary {
	s := Summary{Tags: map[string]*Count{}, Features: map[string]int{}}
	for _, r := range results {
		s.All.add(r.Verdict)
		if core[r.ID] {
			s.Core.add(r.Verdict)
		}
		for _, t := range r.Tags {
			if s.Tags[t] == nil {
				s.Tags[t] = &Count{}
			}
			s.Tags[t].add(r.Verdict)
		}
		if r.Verdict == Unsupported {
			for _, f := range strings.Split(r.Reason, ", ") {
				s.Features[f]++
			}
		}
	}
	return s
}

// WriteMarkdown writes the summary as Markdown tables, then every failing
// case with its reason.
func (s Summary) WriteMarkdown(w io.Writer, results []Result) {
	fmt.Fprintf(w, "| subset | cases | pass | fail | unsupported |\n|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(w, "| all | %d | %d | %d | %d |\n", s.All.Cases, s.All.Pass, s.All.Fail, s.All.Unsupported)
	if s.Core.Cases > 0 {
		fmt.Fprintf(w, "| core ODE | %d | %d | %d | %d |\n", s.Core.Cases, s.Core.Pass, s.Core.Fail, s.Core.Unsupported)
	}
	fmt.Fprintf(w, "\n| tag | cases | pass | fail | unsupported |\n|---|---:|---:|---:|---:|\n")
	tags := make([]string, 0, len(s.Tags))
	for t := range s.Tags {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for _, t := range tags {
		c := s.Tags[t]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d |\n", t, c.Cases, c.Pass, c.Fail, c.Unsupported)
	}
	if len(s.Features) > 0 {
		fmt.Fprintf(w, "\n| unsupported feature | cases |\n|---|---:|\n")
		feats := make([]string, 0, len(s.Features))
		for f := range s.Features {
			feats = append(feats, f)
		}
		sort.Slice(feats, func(i, j int) bool {
			if s.Features[feats[i]] != s.Features[feats[j]] {
				return s.Features[feats[i]] > s.Features[feats[j]]
			}
			return feats[i] < feats[j]
		})
		for _, f := range feats {
			fmt.Fprintf(w, "| %s | %d |\n", f, s.Features[f])
		}
	}
	for _, r := range results {
		if r.Verdict == Fail {
			fmt.Fprintf(w, "\nFAIL %s: %s", r.ID, r.Reason)
		}
	}
	if s.All.Fail > 0 {
		fmt.Fprintln(w)
	}
}
