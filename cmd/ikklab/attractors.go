package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ikklab/ikklab/logic/attractor"
	"github.com/ikklab/ikklab/model"
)

func runAttractors(e *env, args []string) int {
	const cmd = "attractors"
	fs := newFlags(cmd, "MODEL", `Find the attractors of a logical model: MODEL is "ikklab" (the built-in
network) or a model file (.bnet, .bnd, SBML-qual). Synchronous update lists
fixed points and cycles with their basins; asynchronous update lists fixed
points and complex attractors (terminal SCCs), without basins. Both search
every state of the free (non-fixed) nodes; when that space is too large,
only the fixed points are listed (any network size), with a note on stderr.`, e,
		"ikklab attractors cellcycle.bnet",
		"ikklab attractors calzone.bnet -fix TNF=1,FADD=1,FASL=0 -format json",
		"ikklab attractors cellcycle.bnet -update async -fix Rb=0",
		"ikklab attractors ikklab -fix TNF=1")
	update := fs.String("update", "sync", "update `scheme`: sync | async")
	fix := fs.String("fix", "", "hold nodes at values: `G=0,H=1,...` (knock-outs, over-expression, input values; names or aliases)")
	format := formatFlag(fs, "table", "table", "json")
	workers := workersFlag(fs, "goroutines for the exhaustive search (default: one per CPU); results do not depend on it")
	quiet := fs.Bool("q", false, "no progress bar")
	traps := fs.Bool("trapspaces", false, "list the minimal trap spaces instead (subspaces the dynamics never leave; any update scheme)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	o := attractor.Options{Workers: *workers}
	switch *update {
	case "sync":
	case "async":
		o.Update = attractor.Async
	default:
		return fail(e, cmd, exitUsage, fmt.Errorf("unknown -update %q (sync, async)%s", *update, suggestion(*update, []string{"sync", "async"})))
	}
	if *workers < 0 {
		return fail(e, cmd, exitUsage, fmt.Errorf("-workers %d: want 0 or more", *workers))
	}
	if len(fs.pos) != 1 {
		return fail(e, cmd, exitUsage, fmt.Errorf("want one MODEL argument (\"ikklab\" or a model file), got %d; run 'ikklab %s -h'", len(fs.pos), cmd))
	}
	net, err := loadModel(fs.pos[0])
	if err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if o.Fixed, err = parseFix(net, *fix); err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	if *traps {
		return printTrapSpaces(e, net, o, *format)
	}
	bar := newProgress(e, *quiet, 1, "attractors", "states")
	o.Progress = bar
	res, err := attractor.Find(e.ctx, net, o)
	bar.Done()
	if tl := (*attractor.TooLargeError)(nil); errors.As(err, &tl) {
		fmt.Fprintf(e.stderr, "ikklab %s: %d free nodes (2^%d states) are too many for the exhaustive %s search (limit %d states); listing fixed points only — cycles, complex attractors and basins are not searched (fix more nodes with -fix to search them)\n",
			cmd, tl.Free, tl.Free, o.Update, tl.Limit)
		res, err = attractor.FixedPoints(e.ctx, net, o)
	}
	if err != nil {
		return searchFailed(e, cmd, err)
	}
	if *format == "json" {
		return writeJSON(e, cmd, attractorsJSON(res))
	}
	writeAttractorTable(e.stdout, res)
	return exitOK
}

// parseFix reads -fix "G=0,H=1": names resolve through ids and aliases.
func parseFix(net *model.Network, s string) (map[string]bool, error) {
	fixed := map[string]bool{}
	if strings.TrimSpace(s) == "" {
		return fixed, nil
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		name, val, ok := strings.Cut(item, "=")
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !ok || name == "" || (val != "0" && val != "1") {
			return nil, fmt.Errorf("-fix: bad item %q: want NODE=0 or NODE=1, e.g. -fix TNF=1,CASP8=0", item)
		}
		id, err := net.Resolve(name)
		if err != nil {
			return nil, fmt.Errorf("-fix: %w", err)
		}
		if prev, dup := fixed[id]; dup && prev != (val == "1") {
			return nil, fmt.Errorf("-fix: %s given both 0 and 1", id)
		}
		fixed[id] = val == "1"
	}
	return fixed, nil
}

// The contract of ARCHITECTURE.md: {"update", "attractors": [{"kind",
// "states": [{"NODE": 0|1}], "basin_size"}]}, states keyed in network order.
type attractorsOut struct {
	Update     string          `json:"update"`
	Attractors []attractorJSON `json:"attractors"`
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

func attractorsJSON(r *attractor.Result) attractorsOut {
	out := attractorsOut{Update: r.Update.String(), Attractors: []attractorJSON{}}
	for _, a := range r.Attractors {
		j := attractorJSON{Kind: a.Kind.String()}
		if a.Basin >= 0 {
			b := a.Basin
			j.Basin = &b
		}
		for _, s := range a.States {
			j.States = append(j.States, stateJSON{r.Nodes, s})
		}
		out.Attractors = append(out.Attractors, j)
	}
	return out
}

// writeAttractorTable lists each attractor with the nodes that are on.
func writeAttractorTable(w io.Writer, r *attractor.Result) {
	fixed := make([]string, 0, len(r.Fixed))
	for _, id := range r.Nodes {
		if v, ok := r.Fixed[id]; ok {
			fixed = append(fixed, fmt.Sprintf("%s=%d", id, b2i(v)))
		}
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
// {"NODE": 0|1}, "free": [...]}]}, or as a table of the nodes each fixes on.
func printTrapSpaces(e *env, net *model.Network, o attractor.Options, format string) int {
	const cmd = "attractors"
	subs, err := attractor.TrapSpaces(e.ctx, net, o)
	if err != nil {
		return searchFailed(e, cmd, err)
	}
	type trapJSON struct {
		Fixed map[string]int `json:"fixed"`
		Free  []string       `json:"free"`
	}
	out := struct {
		TrapSpaces []trapJSON `json:"trap_spaces"`
	}{TrapSpaces: []trapJSON{}}
	for _, sub := range subs {
		t := trapJSON{Fixed: map[string]int{}, Free: []string{}}
		for i, v := range sub {
			if v < 0 {
				t.Free = append(t.Free, net.Nodes[i].ID)
			} else {
				t.Fixed[net.Nodes[i].ID] = int(v)
			}
		}
		out.TrapSpaces = append(out.TrapSpaces, t)
	}
	if format == "json" {
		return writeJSON(e, cmd, out)
	}
	fmt.Fprintf(e.stdout, "%d minimal trap spaces (%d nodes)\n", len(subs), len(net.Nodes))
	for k, t := range out.TrapSpaces {
		var on []string
		for _, n := range net.Nodes {
			if t.Fixed[n.ID] == 1 {
				on = append(on, n.ID)
			}
		}
		fmt.Fprintf(e.stdout, "#%d  %d free", k+1, len(t.Free))
		if len(t.Free) > 0 {
			fmt.Fprintf(e.stdout, " (%s)", clip(strings.Join(t.Free, " "), 80))
		}
		fmt.Fprintf(e.stdout, "\n   on: %s\n", strings.Join(on, " "))
	}
	return exitOK
}

// searchFailed reports an interrupted or failed search.
func searchFailed(e *env, cmd string, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "ikklab %s: interrupted\n", cmd)
		return exitStopped
	}
	return fail(e, cmd, exitUsage, err)
}
