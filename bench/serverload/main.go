package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/server"
	"github.com/ikklab/ikklab/store"
)

const spec = `version: 1
name: load
context: tnbc
time: 5
samples: 50
readouts: [Proliferation]
arms:
  - name: control
  - name: momelotinib
    drugs: {momelotinib: 1uM}
`

func main() {
	clients := flag.Int("clients", 50, "concurrent clients")
	duration := flag.Duration("duration", 60*time.Second, "how long clients post")
	flag.Parse()
	if err := run(*clients, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "serverload:", err)
		os.Exit(1)
	}
}

func run(clients int, duration time.Duration) error {
	dir, err := os.MkdirTemp("", "serverload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(context.Background(), filepath.Join(dir, "load.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := kb.Default()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := server.New(st, k, server.Options{Version: "load"})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	var mu sync.Mutex
	codes := map[string]int{}
	var gets []time.Duration
	var accepted []int64
	count := func(what string, code int) {
		mu.Lock()
		codes[fmt.Sprintf("%s %d", what, code)]++
		mu.Unlock()
	}
	get := func(url string) (int, map[string]any, error) {
		t0 := time.Now()
		resp, err := client.Get(url)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		mu.Lock()
		gets = append(gets, time.Since(t0))
		mu.Unlock()
		var v map[string]any
		json.Unmarshal(b, &v)
		return resp.StatusCode, v, nil
	}
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				resp, err := client.Post(base+"/api/runs", "application/yaml", strings.NewReader(spec))
				if err != nil {
					errs <- err
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				count("POST", resp.StatusCode)
				switch resp.StatusCode {
				case 201:
				case 429:
					time.Sleep(200 * time.Millisecond)
					continue
				default:
					errs <- fmt.Errorf("POST: %d %s", resp.StatusCode, b)
					return
				}
				var v struct{ ID int64 }
				json.Unmarshal(b, &v)
				mu.Lock()
				accepted = append(accepted, v.ID)
				mu.Unlock()
				for time.Now().Before(deadline.Add(5 * time.Minute)) {
					code, body, err := get(fmt.Sprintf("%s/api/runs/%d", base, v.ID))
					if err != nil || code != 200 {
						errs <- fmt.Errorf("GET run: %d %v", code, err)
						return
					}
					count("GET run", code)
					if r, _ := body["run"].(map[string]any); r["status"] == "done" || r["status"] == "cancelled" || r["status"] == "failed" {
						break
					}
					code, _, err = get(base + "/api/runs?limit=20")
					if err != nil || code != 200 {
						errs <- fmt.Errorf("GET runs: %d %v", code, err)
						return
					}
					count("GET runs", code)
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	stop()
	if err := <-served; err != nil {
		return err
	}
	// Every accepted run ended done or cancelled.
	bad := 0
	byStatus := map[string]int{}
	for _, id := range accepted {
		r, err := st.Get(context.Background(), id)
		if err != nil {
			return err
		}
		byStatus[r.Status]++
		if r.Status != store.Done && r.Status != store.Cancelled {
			bad++
		}
	}
	sort.Slice(gets, func(i, j int) bool { return gets[i] < gets[j] })
	pct := func(p float64) time.Duration { return gets[int(p*float64(len(gets)-1))] }
	fmt.Printf("clients %d, %v of posting; accepted runs %d: %v\n", clients, duration, len(accepted), byStatus)
	fmt.Printf("responses: %v\n", codes)
	fmt.Printf("GET latency over %d requests: p50 %v, p99 %v, max %v\n", len(gets), pct(0.5), pct(0.99), gets[len(gets)-1])
	if bad > 0 {
		return fmt.Errorf("%d accepted runs did not end done or cancelled", bad)
	}
	if pct(0.99) > 100*time.Millisecond {
		return fmt.Errorf("p99 of GETs %v above 100 ms", pct(0.99))
	}
	return nil
}
