package bnet_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/ikklab/ikklab/format/bnet"
)

func ExampleRead() {
	net, err := bnet.Read(strings.NewReader(`targets, factors
CycD, CycD
Rb, !CycD & !CycE
CycE, !Rb & E2F
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, nd := range net.Nodes {
		fmt.Println(nd.ID, nd.Kind, nd.Rule)
	}
	// Output:
	// CycD input <nil>
	// Rb gene !CycD & !CycE
	// CycE gene !Rb & E2F
	// E2F input <nil>
}

func ExampleReadFile() {
	net, err := bnet.ReadFile("testdata/pyboolnet_style.bnet")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net.Name, len(net.Nodes))
	_, err = bnet.Read(strings.NewReader("A, B[-1]\n"))
	fmt.Println(err)
	// Output:
	// pyboolnet_style 4
	// line 1: not supported: BoolNet temporal predicate "B[-1]" in the rule for A: "B[-1]"
}

func ExampleWrite() {
	net, err := bnet.Read(strings.NewReader("A,B&!C|D\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := bnet.Write(os.Stdout, net); err != nil {
		fmt.Println(err)
	}
	// Output:
	// targets, factors
	// A, B & !C | D
	// B, B
	// C, C
	// D, D
}
