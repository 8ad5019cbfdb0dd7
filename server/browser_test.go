package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ikklab/ikklab/server"
)

const doseSpec = `version: 1
name: momelotinib-dose
context: tnbc
time: 20
samples: 300
readouts: [Proliferation]
dose_response:
  - drug: momelotinib
    doses: [10nM, 300nM, 10uM]
`

// chromium returns the browser to drive, or skips.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("IKKLAB_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Skip("no chromium (Debian package chromium; .ci/run installs it)")
	return ""
}

// A new user opens the page, builds momelotinib in TNBC with the form,
// runs it, and sees the plots and the coloured map — at desktop and at
// phone width. Screenshots go to the test's artifact directory
// (go test ./server -run Browser -artifacts -outputdir DIR keeps them).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	base, _ := start(t, server.Options{Workers: 2})
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
				chromedp.Flag("headless", true), chromedp.WindowSize(size.width, size.height))
			actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancel()
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			step := func(what string, a chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, a); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			step("open", chromedp.Navigate(base+"/"))
			step("viewport", chromedp.EmulateViewport(int64(size.width), int64(size.height)))
			step("form loads", chromedp.WaitVisible(`#drugs .drug`))
			step("context", chromedp.SetValue(`#context`, "tnbc"))
			// The context's settings are shown, and an input it fixes is
			// checked and cannot be unticked.
			sets, err := chromedp.Run(ctx, chromedp.Text(`#context-sets`))
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('input[name=stimulus][value=Mitogens]'); return b.checked && b.disabled; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(sets, "IKBKE on (expression)") || !strings.Contains(sets, "Mitogens on (environment)") || !fixed {
				t.Errorf("context settings shown %q, Mitogens box checked and fixed: %v", sets, fixed)
			}
			step("samples", chromedp.SetValue(`input[name=samples]`, "400"))
			step("time", chromedp.SetValue(`input[name=time]`, "20"))
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#spec').dispatchEvent(new Event('input', {bubbles: true}))`)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#check').textContent.includes('trajectories')`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
				t.Fatalf("validation: %v", err)
			}
			check, err := chromedp.Run(ctx, chromedp.Text(`#check`))
			if err != nil {
				t.Fatal(err)
			}
			step("run", chromedp.Click(`#run`))
			step("plots", chromedp.WaitVisible(`#plots img`))
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#map svg rect').length > 50`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				t.Fatalf("map: %v", err)
			}
			// Every node has a value (the page asks for activities), and
			// the map says so in each node's title.
			colored, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('#map g.node title')].filter(t => !t.textContent.endsWith('no value')).length`))
			if err != nil {
				t.Fatal(err)
			}
			nodes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#map g.node').length`))
			if err != nil {
				t.Fatal(err)
			}
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
			if err != nil {
				t.Fatal(err)
			}
			step("zoom in", chromedp.Click(`#zoom-in`))
			zoomed, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Number(document.querySelector('#map svg').getAttribute('width')) / Number(document.querySelector('#map svg').dataset.width)`))
			if err != nil {
				t.Fatal(err)
			}
			step("zoom back", chromedp.Click(`#zoom-out`))
			step("node details", chromedp.Click(`#map [data-id="TBK1"]`))
			step("node panel", chromedp.WaitVisible(`#node h2`))
			page, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(check, "trajectories") {
				t.Errorf("validation line %q", check)
			}
			if colored != nodes || nodes < 100 {
				t.Errorf("%d of the map's %d nodes are coloured by the run; want all", colored, nodes)
			}
			if zoomed != 1.25 {
				t.Errorf("zoom in scaled the map by %g, want 1.25", zoomed)
			}
			if overflow {
				wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('#map')).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(' ')`))
				t.Errorf("at %d px the page scrolls sideways (%s)", size.width, wide)
			}
			path := filepath.Join(t.ArtifactDir(), "ikklab-"+size.name+".png")
			if err := os.WriteFile(path, page, 0o644); err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("IKKLAB_SCREENSHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, "ikklab-"+size.name+".png"), page, 0o644)
			}
			if size.name == "desktop" {
				// A pasted spec with a dose series shows its curve.
				step("close panel", chromedp.Click(`#node .close`))
				step("open the YAML form", chromedp.Click(`#builder details summary`))
				step("paste", chromedp.SetValue(`#yaml`, doseSpec))
				step("run it", chromedp.Click(`#yaml-form button`))
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll('#plots img')].some(i => i.src.includes('dose_response'))`, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
					msg, _ := chromedp.Run(ctx, chromedp.Text(`#yaml-check`))
					t.Fatalf("dose-response plot: %v (%s)", err, msg)
				}
				// A pasted spec with two typos shows both, one per line.
				step("paste typos", chromedp.SetValue(`#yaml`, "version: 1\nname: typos\ncontext: tnbcc\nreadouts: [Prolif]\n"))
				step("run typos", chromedp.Click(`#yaml-form button`))
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#yaml-check').innerText.split('\n').length == 2`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
					msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#yaml-check').innerText`))
					t.Errorf("two typos: want two lines under the YAML form, got %q (%v)", msg, err)
				}
				shot, err := chromedp.Run(ctx, chromedp.Screenshot(`#yaml-form`))
				if err == nil {
					os.WriteFile(filepath.Join(t.ArtifactDir(), "ikklab-yaml-errors.png"), shot, 0o644)
					if dir := os.Getenv("IKKLAB_SCREENSHOTS"); dir != "" {
						os.WriteFile(filepath.Join(dir, "ikklab-yaml-errors.png"), shot, 0o644)
					}
				}
			}
			t.Logf("%s: %d map nodes coloured; screenshot %s", size.name, colored, path)
		})
	}
}
