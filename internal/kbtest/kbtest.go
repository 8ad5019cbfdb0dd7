package kbtest

import (
	"testing"

	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// Network returns the built-in knowledge base and the network it builds.
func Network(tb testing.TB) (*kb.KB, *model.Network) {
	tb.Helper()
	k, err := kb.Default()
	if err != nil {
		tb.Fatal(err)
	}
	net, err := k.Network()
	if err != nil {
		tb.Fatal(err)
	}
	return k, net
}
