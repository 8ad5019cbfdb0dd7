package attractor_test

import (
	"context"
	"fmt"

	"github.com/ikklab/ikklab/logic/attractor"
	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

// A positive two-node loop: A = B, B = A.
func loop() *model.Network {
	net, err := model.New("loop", []model.Node{
		{ID: "A", Kind: model.Gene, Rule: expr.MustParse("B")},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("A")},
	})
	if err != nil {
		panic(err)
	}
	return net
}

func ExampleFind() {
	r, err := attractor.Find(context.Background(), loop(), attractor.Options{})
	if err != nil {
		panic(err)
	}
	for _, a := range r.Attractors {
		fmt.Print(a.Kind, " basin ", a.Basin, ":")
		for _, s := range a.States {
			fmt.Print(" ", s.Bits(len(r.Nodes)))
		}
		fmt.Println()
	}
	// Output:
	// fixed_point basin 1: 00
	// cycle basin 2: 10 01
	// fixed_point basin 1: 11
}

func ExampleFind_async() {
	r, err := attractor.Find(context.Background(), loop(), attractor.Options{Update: attractor.Async})
	if err != nil {
		panic(err)
	}
	for _, a := range r.Attractors {
		fmt.Println(a.Kind, a.States[0].Bits(len(r.Nodes)))
	}
	// Output:
	// fixed_point 00
	// fixed_point 11
}

func ExampleFixedPoints() {
	r, err := attractor.FixedPoints(context.Background(), loop(), attractor.Options{Fixed: map[string]bool{"A": true}})
	if err != nil {
		panic(err)
	}
	for _, a := range r.Attractors {
		fmt.Println(a.States[0].Bits(len(r.Nodes)))
	}
	// Output:
	// 11
}

func ExampleTrapSpaces() {
	spaces, err := attractor.TrapSpaces(context.Background(), loop(), attractor.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(spaces)
	// Output:
	// [00 11]
}
