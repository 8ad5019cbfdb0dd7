package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/logic/attractor"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

func runAttractors(e *env, args []string) int {
	const cmd = "attractors"
	fs := newFlags(cmd, "MODEL", `Find the attractors of a logical model: MODEL is "ikklab" (the built-in
network) or a model file (.bnet, .bnd, SBML-qual). Synchronous update lists
fixed points and cycles with their basins; asynchronous update lists fixed
points and complex attractors (terminal SCCs), without basins. Both search
every state of the free (non-fixed) nodes. -fixed-points lists the fixed
points only and -trapspaces the minimal trap spaces: both work for networks
of any size.

Every search has budgets: an exhaustive search whose state space exceeds
-max-states or -max-memory is refused before it starts (the fixed points are
listed instead); fixed points and trap spaces stop after -max-results; every
search stops at -max-time. A search refused or stopped by a budget prints what
it found, says which budget and what more it needs on stderr, and exits 3;
Ctrl-C stops it within a second with what it found and exit 130.`, e,
		"ikklab attractors cellcycle.bnet",
		"ikklab attractors calzone.bnet -fix TNF=1,FADD=1,FASL=0 -format json",
		"ikklab attractors cellcycle.bnet -update async -fix Rb=0",
		"ikklab attractors ikklab -fixed-points -fix TNF=1",
		"ikklab attractors ikklab -context tnbc -trapspaces",
		"ikklab attractors model.bnet -trapspaces -max-results 100 -max-time 10s")
	update := fs.String("update", "sync", "update `scheme`: sync | async")
	fix := fs.String("fix", "", "hold nodes at values: `G=0,H=1,...` (knock-outs, over-expression, input values; names or aliases)")
	ctxName := fs.String("context", "", "knowledge-base `CONTEXT` whose fixed nodes (mutations, knock-outs, over-expression) are held (built-in model)")
	format := formatFlag(fs, "table", "table", "json")
	workers := workersFlag(fs, "goroutines for the exhaustive search (default: one per CPU); results do not depend on it")
	quiet := fs.Bool("q", false, "no progress bar")
	traps := fs.Bool("trapspaces", false, "list the minimal trap spaces instead (subspaces the dynamics never leave; any update scheme, any size)")
	fpOnly := fs.Bool("fixed-points", false, "list the fixed points only (the same for every update scheme; any size)")
	maxStates := fs.Uint64("max-states", 0, "largest state space `N` (2^free) an exhaustive search accepts (default: what -max-memory allows)")
	maxMemory := fs.String("max-memory", humanize.IBytes(attractor.DefaultMaxMemory), "`bytes` an exhaustive search may hold, e.g. 512MiB, 8GiB (sync needs 4 per state, async 24.25)")
	maxResults := fs.Int("max-results", attractor.DefaultMaxResults, "stop after `N` fixed points or trap spaces")
	maxTime := fs.Duration("max-time", defaultMaxTime, "stop any search after this `duration` (e.g. 30s, 5m; 0: no limit)")
	kbFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	o := attractor.Options{Workers: *workers, MaxStates: *maxStates, MaxResults: *maxResults}
	switch *update {
	case "sync":
	case "async":
		o.Update = attractor.Async
	default:
		return fail(e, cmd, exitUsage, fmt.Errorf("unknown -update %q (sync, async)%s", *update, suggestion(*update, []string{"sync", "async"})))
	}
	var err error
	if o.MaxMemory, err = parseBytes(*maxMemory); err != nil {
		return fail(e, cmd, exitUsage, fmt.Errorf("-max-memory: %w", err))
	}
	if *maxResults < 1 || *maxResults > maxListed {
		return fail(e, cmd, exitUsage, fmt.Errorf("-max-results %d outside 1..%d", *maxResults, maxListed))
	}
	if *maxTime < 0 {
		return fail(e, cmd, exitUsage, fmt.Errorf("-max-time %v: want 0 (no limit) or a positive duration", *maxTime))
	}
	if *traps && *fpOnly {
		return fail(e, cmd, exitUsage, errors.New("-trapspaces and -fixed-points ask for different searches; give one"))
	}
	if len(fs.pos) != 1 {
		return fail(e, cmd, exitUsage, fmt.Errorf("want one MODEL argument (\"ikklab\" or a model file), got %d; run 'ikklab %s -h'", len(fs.pos), cmd))
	}
	net, err := loadModel(e, fs.pos[0])
	if err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if o.Fixed, err = parseFix(net, *fix); err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if *ctxName != "" {
		if !strings.EqualFold(fs.pos[0], builtin) {
			return fail(e, cmd, exitUsage, fmt.Errorf("-context applies to the built-in model (ikklab), not %s", fs.pos[0]))
		}
		held, _, err := contextSettings(e, *ctxName)
		if err != nil {
			return fail(e, cmd, exitUsage, err)
		}
		for id, v := range held {
			if w, ok := o.Fixed[id]; ok && w != v {
				return fail(e, cmd, exitUsage, fmt.Errorf("-fix %s=%d contradicts context %s, which holds it at %d", id, b2i(w), *ctxName, b2i(v)))
			}
			o.Fixed[id] = v
		}
	}
	ctx := e.ctx
	if *maxTime > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *maxTime)
		defer cancel()
	}
	b := budgets{maxTime: *maxTime}
	if *traps {
		return printTrapSpaces(e, ctx, net, o, *format, b)
	}
	bar := newProgress(e, *quiet, 1, "attractors", "states")
	o.Progress = bar
	var res *attractor.Result
	if *fpOnly {
		res, err = attractor.FixedPoints(ctx, net, o)
	} else {
		res, err = attractor.Find(ctx, net, o)
		if be := (*attractor.BudgetError)(nil); errors.As(err, &be) && be.Refused {
			// Refused before it started: list the fixed points instead.
			how := "fix nodes with -fix"
			if !be.Hard {
				how += ", or raise -" + budgetFlag(be.Budget)
			}
			b.refused = fmt.Sprintf("%s; listing fixed points only, cycles, complex attractors and basins not searched (%s; -fixed-points or -trapspaces ask for searches of any size)", be, how)
			res, err = attractor.FixedPoints(ctx, net, o)
		}
	}
	bar.Done()
	if res == nil {
		return searchFailed(e, cmd, err)
	}
	var werr error
	if *format == "json" {
		werr = writeAttractorsJSON(ctx, e.stdout, res)
	} else {
		werr = writeAttractorTable(ctx, e.stdout, res)
	}
	if werr != nil {
		return b.writeFailed(e, cmd, werr)
	}
	return b.exit(e, cmd, err)
}

// defaultMaxTime bounds every attractor search unless -max-time says
// otherwise: a search that has not finished by then returns what it found.
const defaultMaxTime = 55 * time.Second

// maxListed bounds -max-results: the results are held in memory and listed.
const maxListed = 1_000_000

// parseBytes reads a -max-memory value: 512MiB, 8GiB, 2G or a byte count.
func parseBytes(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil || n == 0 || n > 1<<50 {
		return 0, fmt.Errorf("%q: want a size from 1 byte to 1 PiB such as 512MiB or 8GiB", s)
	}
	return int64(n), nil
}

// budgets carries what the command needs to report a refused or stopped
// search.
type budgets struct {
	maxTime time.Duration
	refused string // the refused exhaustive search, when fixed points were listed instead
}

// writeFailed reports a listing cut by ctx (Ctrl-C or -max-time while
// writing) or a write error.
func (b budgets) writeFailed(e *env, cmd string, err error) int {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return b.exit(e, cmd, err)
	}
	return fail(e, cmd, exitOutput, err)
}

// exit prints the budget notes and returns the exit code for a search that
// returned its results with err: 0 complete, 3 refused or stopped by a
// budget, 130 interrupted, 2 any other failure.
func (b budgets) exit(e *env, cmd string, err error) int {
	if b.refused != "" {
		fmt.Fprintf(e.stderr, "ikklab %s: %s\n", cmd, b.refused)
	}
	var be *attractor.BudgetError
	switch {
	case err == nil && b.refused == "":
		return exitOK
	case err == nil:
		return exitOutput
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted; the results above are those found so far\n", cmd)
		return exitStopped
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(e.stderr, "ikklab %s: stopped at -max-time %v; the results above are those found so far (raise -max-time, or fix nodes with -fix)\n", cmd, b.maxTime)
		return exitOutput
	case errors.As(err, &be):
		fmt.Fprintf(e.stderr, "ikklab %s: %s; the results above are those found so far (raise -%s, or fix inputs with -fix)\n", cmd, be, budgetFlag(be.Budget))
		return exitOutput
	}
	return fail(e, cmd, exitUsage, err)
}

func budgetFlag(b attractor.Budget) string {
	return "max-" + string(b)
}

// parseFix reads -fix "G=0,H=1": names resolve through ids and aliases.
func parseFix(net *model.Network, s string) (map[string]bool, error) {
	fixed := map[string]bool{}
	if strings.TrimSpace(s) == "" {
		return fixed, nil
	}
	err := eachItem(s, func(item string) error {
		name, val, ok := strings.Cut(item, "=")
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !ok || name == "" || (val != "0" && val != "1") {
			return fmt.Errorf("bad item %s: want NODE=0 or NODE=1, e.g. -fix TNF=1,CASP8=0", expr.Quote(item))
		}
		id, err := net.Resolve(name)
		if err != nil {
			return err
		}
		if prev, dup := fixed[id]; dup && prev != (val == "1") {
			return fmt.Errorf("%s given both 0 and 1", id)
		}
		fixed[id] = val == "1"
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("-fix: %w", err)
	}
	return fixed, nil
}

// The contract of ARCHITECTURE.md: {"update", "attractors": [{"kind",
// "states": [{"NODE": 0|1}], "basin_size"}]}, states keyed in network order.
// The "attractors" list is streamed after these fields by streamJSON.
type attractorsOut struct {
	Update string `json:"update"`
	// Search is "exhaustive" (every attractor) or "fixed_points" (cycles
	// and complex attractors not searched); Complete is false when the
	// search stopped early and more may exist.
	Search   string `json:"search"`
	Complete bool   `json:"complete"`
}

type attractorJSON struct {
	Kind   string      `json:"kind"`
	States []stateJSON `json:"states"`
	Basin  *int64      `json:"basin_size,omitempty"`
}

// stateJSON is one state as {"NODE": 0|1, ...} in network order.
type stateJSON struct {
	nodes []string
	s     attractor.State
}

func (s stateJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, id := range s.nodes {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(id)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		if s.s.Get(i) {
			b.WriteString(":1")
		} else {
			b.WriteString(":0")
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeAttractorsJSON streams the attractors of r (see attractorsOut) one
// at a time, so a million fixed points are never held as one document.
func writeAttractorsJSON(ctx context.Context, w io.Writer, r *attractor.Result) error {
	head := attractorsOut{Update: r.Update.String(), Search: "exhaustive", Complete: !r.Stopped}
	if r.FixedPointsOnly {
		head.Search = "fixed_points"
	}
	return streamJSON(ctx, w, head, "attractors", len(r.Attractors), func(k int) any {
		a := r.Attractors[k]
		j := attractorJSON{Kind: a.Kind.String()}
		if a.Basin >= 0 {
			b := a.Basin
			j.Basin = &b
		}
		for _, s := range a.States {
			j.States = append(j.States, stateJSON{r.Nodes, s})
		}
		return j
	})
}

// streamJSON writes head (an object) with one more field, key, holding the
// n items item(0), ..., item(n-1), encoded one at a time and indented as
// jsonout does; it checks ctx every 1,024 items.
func streamJSON(ctx context.Context, w io.Writer, head any, key string, n int, item func(int) any) error {
	h, err := jsonout.Marshal(head)
	if err != nil {
		return err
	}
	h = bytes.TrimRight(h, "\n")
	if len(h) < 2 || h[len(h)-1] != '}' {
		return fmt.Errorf("streamJSON: head is not an object")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	body := bytes.TrimSpace(h[1 : len(h)-1])
	bw.WriteString("{\n")
	if len(body) > 0 {
		bw.WriteString("  ")
		bw.Write(body)
		bw.WriteString(",\n")
	}
	fmt.Fprintf(bw, "  %q: [", key)
	for k := range n {
		if k&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				bw.Flush()
				return err
			}
		}
		data, err := json.MarshalIndent(item(k), "    ", "  ")
		if err != nil {
			return err
		}
		if k > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(data)
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// writeAttractorTable lists each attractor with the nodes that are on,
// checking ctx every 1,024 attractors.
func writeAttractorTable(ctx context.Context, out io.Writer, r *attractor.Result) error {
	w := bufio.NewWriterSize(out, 1<<16)
	fixed := make([]string, 0, len(r.Fixed))
	for _, id := range r.Nodes {
		if v, ok := r.Fixed[id]; ok {
			fixed = append(fixed, fmt.Sprintf("%s=%d", id, b2i(v)))
		}
	}
	if r.Stopped {
		fmt.Fprintf(w, "PARTIAL: the search stopped early; these %d attractors were found, others may exist\n", len(r.Attractors))
	}
	if r.FixedPointsOnly {
		fmt.Fprintf(w, "%d fixed points (%d nodes, %d free; cycles and complex attractors not searched)\n", len(r.Attractors), len(r.Nodes), r.Free)
	} else {
		fmt.Fprintf(w, "%d attractors (%s update, %d nodes, 2^%d states of the free nodes)\n", len(r.Attractors), r.Update, len(r.Nodes), r.Free)
	}
	if len(fixed) > 0 {
		fmt.Fprintf(w, "fixed: %s\n", strings.Join(fixed, " "))
	}
	total := float64(uint64(1) << min(r.Free, 63))
	for k, a := range r.Attractors {
		if k&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				w.Flush()
				return err
			}
		}
		head := fmt.Sprintf("#%d %s", k+1, a.Kind)
		if len(a.States) > 1 {
			head += fmt.Sprintf(" of %d states", len(a.States))
		}
		if a.Basin >= 0 {
			head += fmt.Sprintf("  basin %d (%.3g%%)", a.Basin, 100*float64(a.Basin)/total)
		}
		fmt.Fprintln(w, head)
		switch a.Kind {
		case attractor.Complex:
			var on, vary []string
			for i, id := range r.Nodes {
				n1 := 0
				for _, s := range a.States {
					if s.Get(i) {
						n1++
					}
				}
				switch n1 {
				case 0:
				case len(a.States):
					on = append(on, id)
				default:
					vary = append(vary, id)
				}
			}
			fmt.Fprintf(w, "   on:      %s\n   varying: %s\n", list(on), list(vary))
		default:
			for t, s := range a.States {
				var on []string
				for i, id := range r.Nodes {
					if s.Get(i) {
						on = append(on, id)
					}
				}
				if len(a.States) > 1 {
					fmt.Fprintf(w, "   t%-3d on: %s\n", t, list(on))
				} else {
					fmt.Fprintf(w, "   on: %s\n", list(on))
				}
			}
		}
	}
	return w.Flush()
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "(none)"
	}
	return strings.Join(ids, " ")
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

// printTrapSpaces lists minimal trap spaces: as JSON {"trap_spaces": [{"fixed":
// {"NODE": 0|1}, "free": [...]}], "complete": bool}, or as a table of the
// nodes each fixes on.
func printTrapSpaces(e *env, ctx context.Context, net *model.Network, o attractor.Options, format string, b budgets) int {
	const cmd = "attractors"
	subs, err := attractor.TrapSpaces(ctx, net, o)
	if subs == nil && err != nil {
		return searchFailed(e, cmd, err)
	}
	var werr error
	if format == "json" {
		head := struct {
			Complete bool `json:"complete"`
		}{err == nil}
		werr = streamJSON(ctx, e.stdout, head, "trap_spaces", len(subs), func(k int) any { return trapJSON{net, subs[k]} })
	} else {
		werr = writeTrapTable(ctx, e.stdout, net, subs, err == nil)
	}
	if werr != nil {
		return b.writeFailed(e, cmd, werr)
	}
	return b.exit(e, cmd, err)
}

// writeTrapTable lists each trap space with its free nodes and the nodes it
// fixes on, checking ctx every 1,024 spaces.
func writeTrapTable(ctx context.Context, out io.Writer, net *model.Network, subs []attractor.Subspace, complete bool) error {
	w := bufio.NewWriterSize(out, 1<<16)
	if !complete {
		fmt.Fprintf(w, "PARTIAL: the search stopped early; %d trap spaces found so far (minimal among themselves; others may exist)\n", len(subs))
	} else {
		fmt.Fprintf(w, "%d minimal trap spaces (%d nodes)\n", len(subs), len(net.Nodes))
	}
	var on, free []string
	for k, sub := range subs {
		if k&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				w.Flush()
				return err
			}
		}
		on, free = on[:0], free[:0]
		for i, v := range sub {
			switch v {
			case -1:
				free = append(free, net.Nodes[i].ID)
			case 1:
				on = append(on, net.Nodes[i].ID)
			}
		}
		fmt.Fprintf(w, "#%d  %d free", k+1, len(free))
		if len(free) > 0 {
			fmt.Fprintf(w, " (%s)", clip(strings.Join(free, " "), 80))
		}
		fmt.Fprintf(w, "\n   on: %s\n", strings.Join(on, " "))
	}
	return w.Flush()
}

// trapJSON is one trap space as {"fixed": {"NODE": 0|1, ...}, "free":
// ["NODE", ...]}, nodes in network order.
type trapJSON struct {
	net *model.Network
	sub attractor.Subspace
}

func (t trapJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"fixed":{`)
	n := 0
	for i, v := range t.sub {
		if v >= 0 {
			if n++; n > 1 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(t.net.Nodes[i].ID)
			b.Write(k)
			b.WriteString(":" + "01"[v:v+1])
		}
	}
	b.WriteString(`},"free":[`)
	n = 0
	for i, v := range t.sub {
		if v < 0 {
			if n++; n > 1 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(t.net.Nodes[i].ID)
			b.Write(k)
		}
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// searchFailed reports an interrupted or failed search.
func searchFailed(e *env, cmd string, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted\n", cmd)
		return exitStopped
	}
	return fail(e, cmd, exitUsage, err)
}
