package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/format/maboss"
)

// fuzzEnv is an env on the built-in knowledge base for the list parsers.
func fuzzEnv(f *testing.F) *env {
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	if _, err := e.kb(); err != nil {
		f.Fatal(err)
	}
	return e
}

// oneLine fails t when an error message spans lines or quotes a
// pathological amount of input.
func oneLine(t *testing.T, what string, err error) {
	if err == nil {
		return
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 2000 {
		t.Fatalf("%s: error of %d bytes or several lines: %.300q", what, len(msg), msg)
	}
}

// FuzzListFlags fuzzes the parsers of the CLI's list flags on the built-in
// network (issue 11, item 24): -fix (NODE=0|1,...), -knockout/-overexpress
// (node lists), -drugs (DRUG=DOSE,...), -only (claim ids) and -e (cfg
// statements). None may panic; errors are one line; what parses is valid.
func FuzzListFlags(f *testing.F) {
	e := fuzzEnv(f)
	k, _ := e.kb()
	net, err := k.Network()
	if err != nil {
		f.Fatal(err)
	}
	claimIDs := k.ClaimIDs()
	for _, seed := range []struct {
		flag byte
		s    string
	}{
		{'f', "TNF=1,CASP8=0"}, {'f', "IKKε=1"}, {'f', "TNF=1,TNF=0"}, {'f', "=,=,"},
		{'k', "TBK1,IKBKE"}, {'k', "nf-kb, p65"}, {'k', ",,"},
		{'d', "momelotinib=1uM,trametinib=10nM"}, {'d', "CYT387=3 µM"}, {'d', "trastuzumab=10ug/mL"}, {'d', "x=1e300M"},
		{'o', "C01,c19"}, {'o', "C99"},
		{'e', "TNF.istate = 1;"}, {'e', "$x = 1/0;"}, {'e', "time_tick = 0.5; max_time = 10;"},
	} {
		f.Add(seed.flag, seed.s)
	}
	f.Fuzz(func(t *testing.T, flag byte, s string) {
		switch flag % 5 {
		case 0:
			fixed, err := parseFix(net, s)
			oneLine(t, "-fix", err)
			for id := range fixed {
				if _, ok := net.Index(id); !ok {
					t.Fatalf("-fix %q gave unknown node %q", s, id)
				}
			}
		case 1:
			ids, err := resolveNodes(net, s)
			oneLine(t, "-knockout", err)
			for _, id := range ids {
				if _, ok := net.Index(id); !ok {
					t.Fatalf("-knockout %q gave unknown node %q", s, id)
				}
			}
		case 2:
			_, err := applyDrugs(e, net, s)
			oneLine(t, "-drugs", err)
		case 3:
			ids, err := parseOnly(s, claimIDs, "claim", "C01–C32")
			oneLine(t, "-only", err)
			for _, id := range ids {
				if _, ok := k.Claim(id); !ok {
					t.Fatalf("-only %q gave unknown claim %q", s, id)
				}
			}
		case 4:
			_, _, err := maboss.Apply(net, nil, s)
			oneLine(t, "-e", err)
		}
	})
}
