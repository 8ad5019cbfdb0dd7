package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/atomicfile"
	"github.com/ikklab/ikklab/internal/errlist"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// Exit codes (ARCHITECTURE.md).
const (
	exitOK      = 0
	exitFailed  = 1 // a check failed
	exitUsage   = 2 // usage or input error
	exitOutput  = 3 // output or resource failure: cannot write
	exitStopped = 130
)

// Version is set at build time with -ldflags "-X main.Version=v1.2.3".
var Version = "v0.1.0-dev"

// env carries the streams of one invocation.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// kbDir is the -kb flag: a knowledge-base directory used instead of
	// the built-in one; kbLoaded caches what it loaded.
	kbDir    string
	kbLoaded *kb.KB
	// makeJob asks run and screen to hand back the job their flags
	// describe (in job) instead of running it: ikklab slurm submit.
	makeJob bool
	job     *job
}

// kb returns the knowledge base the command runs on: the built-in one, or
// the directory given with -kb.
func (e *env) kb() (*kb.KB, error) {
	if e.kbLoaded == nil {
		k, err := loadKB(e.kbDir)
		if err != nil {
			return nil, fmt.Errorf("-kb %s: %w", e.kbDir, err)
		}
		e.kbLoaded = k
	}
	return e.kbLoaded, nil
}

// kbFlag adds -kb DIR to a command that uses the knowledge base.
func kbFlag(fs *flags) {
	fs.StringVar(&fs.e.kbDir, "kb", "", "knowledge-base `DIR` (an edited copy of kb/data; check it with 'ikklab kb validate -dir DIR') used instead of the built-in one")
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

// commands lists the subcommands in usage order: those on model files and
// the knowledge base, which every build has, then the build's own
// (buildCommands: experiments, Slurm, the server in the full build; none in
// the sim build), then version.
func commands() []command {
	list := []command{
		{"kb", "inspect and validate the knowledge base", runKB},
		{"simulate", "stochastic simulation with MaBoSS semantics", runSimulate},
		{"attractors", "fixed points, cycles and basins (sync or async)", runAttractors},
		{"convert", "convert a model between MaBoSS, BoolNet and SBML-qual", runConvert},
	}
	list = append(list, buildCommands()...)
	return append(list, command{"version", "print the version", runVersion})
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	code := dispatch(ctx, args, stdin, out, stderr)
	if out.err != nil {
		// Output that did not arrive is a failure, whatever the command
		// computed (a closed or full standard output).
		fmt.Fprintf(stderr, "ikklab: writing standard output: %v\n", out.err)
		if code == exitOK || code == exitFailed {
			return exitOutput
		}
	}
	return code
}

// checkedWriter remembers the first write error.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) >= 2 && args[0] == "help" && args[1] != "help" {
		// "ikklab help run" is "ikklab run -h"; "ikklab help kb show" is "ikklab kb show -h"
		args = append(append([]string(nil), args[1:]...), "-h")
	}
	if len(args) == 0 {
		usage(stderr) // a usage error: the list of commands, on standard error
		return exitUsage
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	if slices.Contains(fullOnly, args[0]) {
		fmt.Fprintf(stderr, "ikklab: %s is not in the sim build (go build -tags sim); the full build has it: go build ./cmd/ikklab\n", args[0])
		return exitUsage
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	fmt.Fprintf(stderr, "ikklab: unknown command %q%s; run 'ikklab help'\n", args[0], suggestion(args[0], names))
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `ikklab — the IKKε/TBK1 signalling network of the review, as an executable,
evidence-linked model.

Usage: ikklab COMMAND [flags] [args]

Commands:`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Examples:
  ikklab kb validate
  ikklab kb show IKKε
  ikklab kb drugs -format json
  ikklab simulate ikklab -context tnbc -drugs momelotinib=1uM

Run 'ikklab COMMAND -h' for the flags of a command.`+buildNote)
}

func runVersion(e *env, args []string) int {
	fs := newFlags("version", "", "Print the ikklab version.", e)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	fmt.Fprintln(e.stdout, "ikklab", Version)
	return exitOK
}

// flags is a subcommand's flag set; -h prints its usage (with examples) on
// standard output, a bad flag a one-line error on standard error.
type flags struct {
	*flag.FlagSet
	e     *env
	name  string
	usage func()   // prints the usage, examples included, to standard output
	pos   []string // positional arguments, which may come before, between or after flags
	// outDir says whether -o names a directory (else a file); checked
	// after parsing, before any work (outFileFlag, outDirFlag).
	outDir bool
	// outLater says the command checks -o itself, once it knows whether
	// -o is a file or a directory (merge: it depends on the shards).
	outLater bool
}

// outFileFlag adds -o naming a file, checked for writing before any work.
func outFileFlag(fs *flags, usage string) *string {
	return fs.String("o", "", usage)
}

// outDirFlag adds -o naming a directory, checked for writing before any
// work; the check creates nothing, the result's writer creates it.
func outDirFlag(fs *flags, usage string) *string {
	fs.outDir = true
	return fs.String("o", "", usage)
}

// checkOut refuses an -o that cannot be written: exit 2 at once, not after
// minutes of work.
func checkOut(fs *flags) (int, bool) {
	f := fs.Lookup("o")
	if f == nil || f.Value.String() == "" || fs.outLater {
		return 0, true
	}
	check := atomicfile.CheckFile
	if fs.outDir {
		check = atomicfile.CheckDir
	}
	if err := check(f.Value.String()); err != nil {
		fmt.Fprintf(fs.e.stderr, "ikklab %s: -o: %v\n", fs.name, err)
		return exitUsage, false
	}
	return 0, true
}

// resultDir is where a command writes its -o directory: dir itself for a
// complete result, DIR.partial for an interrupted one, so that a partial
// result never replaces a complete one.
func resultDir(dir string, complete bool) (string, error) {
	if complete {
		return dir, nil
	}
	dir = strings.TrimRight(dir, "/") + ".partial"
	return dir, atomicfile.CheckDir(dir)
}

// afterParse runs the checks every command shares once its flags parse.
func afterParse(fs *flags) (int, bool) {
	if code, ok := checkWorkers(fs); !ok {
		return code, ok
	}
	return checkOut(fs)
}

// maxWorkers bounds -workers: more goroutines than this only cost memory.
const maxWorkers = 1024

// checkWorkers refuses a -workers value outside 1..maxWorkers for every
// command that has the flag.
func checkWorkers(fs *flags) (int, bool) {
	f := fs.Lookup("workers")
	if f == nil {
		return 0, true
	}
	if n, err := strconv.Atoi(f.Value.String()); err != nil || n < 1 || n > maxWorkers {
		fmt.Fprintf(fs.e.stderr, "ikklab %s: -workers %s outside 1..%d\n", fs.name, f.Value.String(), maxWorkers)
		return exitUsage, false
	}
	return 0, true
}

// workersFlag adds -workers, defaulting to one worker per CPU.
func workersFlag(fs *flags, usage string) *int {
	return fs.Int("workers", runtime.GOMAXPROCS(0), usage)
}

func newFlags(name, argsUsage, help string, e *env, examples ...string) *flags {
	fs := flag.NewFlagSet("ikklab "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on -h and on every parse error; the
	// usage goes to standard output only for -h (parse prints it), so a
	// mistyped flag costs one line on standard error and never lands in
	// output redirected to a file.
	fs.Usage = func() {}
	f := &flags{FlagSet: fs, e: e, name: name}
	f.usage = func() {
		w := e.stdout
		fmt.Fprintf(w, "Usage: ikklab %s [flags] %s\n\n%s\n", name, argsUsage, help)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nFlags:")
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
		if len(examples) > 0 {
			fmt.Fprintln(w, "\nExamples:")
			for _, x := range examples {
				fmt.Fprintln(w, "  "+x)
			}
		}
	}
	return f
}

// parse parses flags, collecting positional arguments wherever they stand
// ("ikklab simulate model.bnd -samples 10" and "ikklab simulate -samples 10
// model.bnd" mean the same); "--" ends the flags. It returns (0, false)
// after -h and (2, false) after a usage error, which it reports.
func parse(fs *flags, args []string) (int, bool) {
	fs.pos = nil
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.usage()
			return exitOK, false
		case err != nil:
			fmt.Fprintf(fs.e.stderr, "ikklab %s: %v%s ('ikklab %s -h' lists the flags)\n", fs.name, err, fs.flagSuggestion(err), fs.name)
			return exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return afterParse(fs)
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			fs.pos = append(fs.pos, rest...)
			return afterParse(fs)
		}
		fs.pos = append(fs.pos, rest[0])
		args = rest[1:]
	}
}

// flagSuggestion names the closest defined flag when err is the flag
// package's "flag provided but not defined: -x".
func (fs *flags) flagSuggestion(err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	return suggestion(name, names)
}

// loadKB loads the embedded knowledge base, or the one in dir when given.
func loadKB(dir string) (*kb.KB, error) {
	if dir == "" {
		return kb.Default()
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory of *.yaml files", dir)
	}
	return kb.Load(os.DirFS(dir), dir)
}

// fail prints a one-line error for a command (one line each for joined
// errors, as a spec with several bad names gives) and returns the exit code.
func fail(e *env, cmd string, code int, err error) int {
	for _, err := range errlist.Split(err) {
		fmt.Fprintf(e.stderr, "ikklab %s: %v\n", cmd, err)
	}
	return code
}

// suggestion returns "; did you mean X?" for the closest of names, or "".
func suggestion(name string, names []string) string { return model.DidYouMean(name, names...) }

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
