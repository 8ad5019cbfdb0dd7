// Command serverload puts ikklab serve under load (issue 14): a server on
// loopback with a fresh database, CLIENTS goroutines that for DURATION post
// small runs, poll them until they end and list runs, then a drain. It
// reports the status codes seen, GET latency percentiles, and checks that
// every accepted run ended done or cancelled and that nothing but 429 was
// an error. Not run by go test:
//
//	go run ./bench/serverload -clients 50 -duration 60s
package main
