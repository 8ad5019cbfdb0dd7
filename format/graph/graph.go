package graph

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ikklab/ikklab/internal/jsonout"
	"github.com/ikklab/ikklab/model"
)

// Graph is a network's nodes and signed edges with evidence.
type Graph struct {
	Name  string `json:"name"`
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is one vertex.
type Node struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Name        string   `json:"name,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
	Rule        string   `json:"rule,omitempty"`
}

// Edge is one regulation of Target by Source.
type Edge struct {
	Source      string   `json:"source"`
	Target      string   `json:"target"`
	Interaction string   `json:"interaction"` // activates | inhibits | regulates
	Sign        int      `json:"sign"`        // 1, -1, 0
	Evidence    []string `json:"evidence,omitempty"`
}

// New builds the graph of net. evidence, when not nil, returns the evidence
// of the edge source → target.
func New(net *model.Network, evidence func(target, source string) []string) *Graph {
	g := &Graph{Name: net.Name}
	for _, n := range net.Nodes {
		gn := Node{ID: n.ID, Kind: n.Kind.String(), Name: n.Name, Aliases: n.Aliases, Description: n.Description}
		if n.Rule != nil {
			gn.Rule = n.Rule.String()
		}
		g.Nodes = append(g.Nodes, gn)
	}
	for _, e := range net.Edges() {
		ge := Edge{Source: e.Source, Target: e.Target, Sign: int(e.Sign), Interaction: interaction(e.Sign)}
		if evidence != nil {
			ge.Evidence = evidence(e.Target, e.Source)
		}
		g.Edges = append(g.Edges, ge)
	}
	return g
}

func interaction(s model.Sign) string {
	switch s {
	case model.Activates:
		return "activates"
	case model.Inhibits:
		return "inhibits"
	}
	return "regulates"
}

// SIF returns the graph in Cytoscape's Simple Interaction Format. Nodes
// without edges are listed alone on a line, as SIF allows.
func (g *Graph) SIF() ([]byte, error) {
	var b bytes.Buffer
	linked := map[string]bool{}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", e.Source, e.Interaction, e.Target)
		linked[e.Source], linked[e.Target] = true, true
	}
	for _, n := range g.Nodes {
		if !linked[n.ID] {
			fmt.Fprintln(&b, n.ID)
		}
	}
	return b.Bytes(), nil
}

// JSON returns the graph as indented JSON.
func (g *Graph) JSON() ([]byte, error) { return jsonout.Marshal(g) }

// kindStyle gives each node kind its look in DOT.
var kindStyle = map[string]string{
	"input":     `shape=invhouse, style=filled, fillcolor="#dbe9f6"`,
	"gene":      `shape=box, style="rounded,filled", fillcolor="#ffffff"`,
	"phenotype": `shape=ellipse, style=filled, fillcolor="#fde2c8"`,
}

// DOT returns the graph in Graphviz's language: inputs at the top, phenotypes
// at the bottom, activations as green arrows, inhibitions as red tee-heads,
// with each edge's evidence as its tooltip.
func (g *Graph) DOT() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "digraph %s {\n", quote(g.Name))
	b.WriteString("  graph [rankdir=TB, fontname=\"Helvetica\", overlap=false, splines=true];\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11];\n  edge [arrowsize=0.7];\n")
	ranks := map[string][]string{}
	for _, n := range g.Nodes {
		label := n.ID
		tip := n.Description
		if n.Rule != "" {
			tip = n.ID + " = " + n.Rule + "\n" + tip
		}
		fmt.Fprintf(&b, "  %s [label=%s, tooltip=%s, %s];\n", quote(n.ID), quote(label), quote(tip), kindStyle[n.Kind])
		ranks[n.Kind] = append(ranks[n.Kind], quote(n.ID))
	}
	for kind, rank := range map[string]string{"input": "source", "phenotype": "sink"} {
		if len(ranks[kind]) > 0 {
			fmt.Fprintf(&b, "  { rank=%s; %s; }\n", rank, strings.Join(ranks[kind], "; "))
		}
	}
	for _, e := range g.Edges {
		style := `color="#2e7d32", arrowhead=normal`
		switch e.Sign {
		case -1:
			style = `color="#c62828", arrowhead=tee`
		case 0:
			style = `color="#555555", arrowhead=odot`
		}
		fmt.Fprintf(&b, "  %s -> %s [%s, tooltip=%s];\n", quote(e.Source), quote(e.Target), style,
			quote(e.Source+" "+e.Interaction+" "+e.Target+": "+strings.Join(e.Evidence, " ")))
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// quote makes a DOT double-quoted string.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
