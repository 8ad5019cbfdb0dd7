package sbml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ikklab/ikklab/format/internal/fileerr"
)

// Limits on what Read accepts.
const (
	maxBytes    = 256 << 20
	maxElements = 5_000_000
	maxDepth    = 1000
)

// node is an XML element with its attributes, children and text.
type node struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*node
	text  string
	line  int
}

// Error is a read error with the file and line it concerns.
type Error = fileerr.Error

// parseTree reads the whole document into a tree.
func parseTree(r io.Reader, path string) (*node, error) {
	lr := &io.LimitedReader{R: r, N: maxBytes + 1}
	d := xml.NewDecoder(lr)
	var stack []*node
	var root *node
	count := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := fileerr.XMLLine(d, err)
			if lr.N <= 0 {
				err = fmt.Errorf("larger than %d MiB", maxBytes>>20)
			}
			return nil, &Error{Path: path, Line: line, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			line, _ := d.InputPos()
			if count > maxElements {
				return nil, &Error{Path: path, Line: line, Err: fmt.Errorf("more than %d elements", maxElements)}
			}
			if len(stack) >= maxDepth {
				return nil, &Error{Path: path, Line: line, Err: fmt.Errorf("elements nested deeper than %d", maxDepth)}
			}
			n := &node{name: t.Name, attrs: append([]xml.Attr(nil), t.Attr...), line: line}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
				p.text += " " // keeps "1<sep/>2" two numbers
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if lr.N <= 0 {
		return nil, &Error{Path: path, Err: fmt.Errorf("larger than %d MiB", maxBytes>>20)}
	}
	if root == nil {
		return nil, &Error{Path: path, Err: errors.New("no XML element")}
	}
	return root, nil
}

// attr returns the attribute with this local name in no namespace (SBML
// core attributes are unqualified).
func (n *node) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// kid returns the first child with this local name.
func (n *node) kid(local string) *node {
	for _, k := range n.kids {
		if k.name.Local == local {
			return k
		}
	}
	return nil
}

// list returns the children named item of the child named list.
func (n *node) list(list, item string) []*node {
	l := n.kid(list)
	if l == nil {
		return nil
	}
	var out []*node
	for _, k := range l.kids {
		if k.name.Local == item {
			out = append(out, k)
		}
	}
	return out
}

func (n *node) trimmed() string { return strings.TrimSpace(n.text) }
