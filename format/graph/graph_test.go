package graph

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ikklab/ikklab/logic/expr"
	"github.com/ikklab/ikklab/model"
)

func toy(t *testing.T) *Graph {
	net, err := model.New("toy net", []model.Node{
		{ID: "A", Kind: model.Input, Description: `the "input"`},
		{ID: "B", Kind: model.Gene, Rule: expr.MustParse("A & !C")},
		{ID: "C", Kind: model.Gene, Rule: expr.MustParse("A ^ B")},
		{ID: "Lonely", Kind: model.Phenotype, Rule: expr.Const(1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return New(net, func(target, source string) []string { return []string{source + ">" + target} })
}

func TestSIF(t *testing.T) {
	data, _ := toy(t).SIF()
	want := "A\tactivates\tB\nC\tinhibits\tB\nA\tregulates\tC\nB\tregulates\tC\nLonely\n"
	if string(data) != want {
		t.Errorf("SIF =\n%s\nwant\n%s", data, want)
	}
}

func TestDOT(t *testing.T) {
	data, _ := toy(t).DOT()
	s := string(data)
	for _, want := range []string{
		`digraph "toy net" {`,
		`"A" [label="A", tooltip="the \"input\"", shape=invhouse`,
		`"C" -> "B" [color="#c62828", arrowhead=tee, tooltip="C inhibits B: C>B"]`,
		`{ rank=source; "A"; }`,
		`{ rank=sink; "Lonely"; }`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %s:\n%s", want, s)
		}
	}
}

func TestJSON(t *testing.T) {
	data, _ := toy(t).JSON()
	var g Graph
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 4 || len(g.Edges) != 4 || g.Edges[1].Sign != -1 || g.Nodes[1].Rule != "A & !C" {
		t.Errorf("graph = %+v", g)
	}
}
