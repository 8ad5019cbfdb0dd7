package sbml

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/kinetic"
)

// MathNS is the MathML namespace.
const MathNS = "http://www.w3.org/1998/Math/MathML"

const symbolsURL = "http://www.sbml.org/sbml/symbols/"

// mathError is an error in a MathML element, with its line.
type mathError struct {
	line int
	err  error
}

func (e *mathError) Error() string { return e.err.Error() }

func mathErr(n *node, format string, args ...any) error {
	return &mathError{line: n.line, err: fmt.Errorf(format, args...)}
}

// readMath converts a <math> element with one child.
func readMath(m *node) (*kinetic.Expr, error) {
	kids := elementKids(m)
	if len(kids) != 1 {
		return nil, mathErr(m, "<math> with %d child elements, want 1", len(kids))
	}
	return readExpr(kids[0])
}

// readLambda converts a <math> holding a function definition's lambda.
func readLambda(m *node) ([]string, *kinetic.Expr, error) {
	kids := elementKids(m)
	if len(kids) != 1 {
		return nil, nil, mathErr(m, "<math> with %d child elements, want a <lambda>", len(kids))
	}
	l := unwrap(kids[0])
	if l.name.Local != "lambda" {
		return nil, nil, mathErr(l, "function definition holds <%s>, want <lambda>", l.name.Local)
	}
	var args []string
	var body *kinetic.Expr
	for _, k := range elementKids(l) {
		switch k.name.Local {
		case "bvar":
			ci := k.kid("ci")
			if ci == nil {
				return nil, nil, mathErr(k, "<bvar> without <ci>")
			}
			args = append(args, ci.trimmed())
		default:
			if body != nil {
				return nil, nil, mathErr(k, "<lambda> with more than one body")
			}
			var err error
			if body, err = readExpr(k); err != nil {
				return nil, nil, err
			}
		}
	}
	if body == nil {
		return nil, nil, mathErr(l, "<lambda> without a body")
	}
	return args, body, nil
}

// elementKids returns the MathML children, without annotations.
func elementKids(n *node) []*node {
	var out []*node
	for _, k := range n.kids {
		switch k.name.Local {
		case "annotation", "annotation-xml":
			continue
		}
		out = append(out, k)
	}
	return out
}

// unwrap returns the first child of <semantics>.
func unwrap(n *node) *node {
	for n.name.Local == "semantics" {
		kids := elementKids(n)
		if len(kids) == 0 {
			return n
		}
		n = kids[0]
	}
	return n
}

func readExpr(n *node) (*kinetic.Expr, error) {
	n = unwrap(n)
	switch n.name.Local {
	case "ci":
		id := n.trimmed()
		if id == "" {
			return nil, mathErr(n, "empty <ci>")
		}
		return kinetic.S(id), nil
	case "cn":
		v, err := readNumber(n)
		if err != nil {
			return nil, err
		}
		return kinetic.N(v), nil
	case "true":
		return &kinetic.Expr{Op: kinetic.True}, nil
	case "false":
		return &kinetic.Expr{Op: kinetic.False}, nil
	case "pi":
		return kinetic.N(math.Pi), nil
	case "exponentiale":
		return kinetic.N(math.E), nil
	case "infinity":
		return kinetic.N(math.Inf(1)), nil
	case "notanumber":
		return kinetic.N(math.NaN()), nil
	case "csymbol":
		url, _ := n.attr("definitionURL")
		switch strings.TrimPrefix(strings.TrimSpace(url), symbolsURL) {
		case "time":
			return &kinetic.Expr{Op: kinetic.Time}, nil
		case "avogadro":
			return &kinetic.Expr{Op: kinetic.Avogadro}, nil
		}
		return nil, mathErr(n, "csymbol %q outside a function application", url)
	case "piecewise":
		e := &kinetic.Expr{Op: kinetic.Piecewise}
		var otherwise *kinetic.Expr
		for _, k := range elementKids(n) {
			switch k.name.Local {
			case "piece":
				pk := elementKids(k)
				if len(pk) != 2 {
					return nil, mathErr(k, "<piece> with %d children, want 2", len(pk))
				}
				v, err := readExpr(pk[0])
				if err != nil {
					return nil, err
				}
				c, err := readExpr(pk[1])
				if err != nil {
					return nil, err
				}
				e.Args = append(e.Args, v, c)
			case "otherwise":
				ok := elementKids(k)
				if len(ok) != 1 || otherwise != nil {
					return nil, mathErr(k, "malformed <otherwise>")
				}
				v, err := readExpr(ok[0])
				if err != nil {
					return nil, err
				}
				otherwise = v
			default:
				return nil, mathErr(k, "<%s> in <piecewise>", k.name.Local)
			}
		}
		if otherwise != nil {
			e.Args = append(e.Args, otherwise)
		}
		return e, nil
	case "apply":
		return readApply(n)
	}
	return nil, mathErr(n, "unsupported MathML element <%s>", n.name.Local)
}

func readNumber(n *node) (float64, error) {
	typ, _ := n.attr("type")
	parts := []string{}
	cur := ""
	// The text around <sep/>: node text holds all character data, so split
	// on the sep child's position by re-reading the raw children.
	if n.kid("sep") != nil {
		// encoding/xml gives the concatenated text; numbers around <sep/>
		// are separated by whitespace in practice, and by nothing only in
		// pathological input.
		parts = strings.Fields(n.text)
	} else {
		cur = n.trimmed()
	}
	switch typ {
	case "e-notation", "rational":
		if len(parts) != 2 {
			return 0, mathErr(n, "<cn type=%q> needs two numbers around <sep/>", typ)
		}
		a, err1 := strconv.ParseFloat(parts[0], 64)
		b, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return 0, mathErr(n, "<cn type=%q> with %q", typ, strings.Join(parts, " <sep/> "))
		}
		if typ == "rational" {
			return a / b, nil
		}
		return a * math.Pow(10, b), nil
	case "", "real", "integer", "double":
		v, err := strconv.ParseFloat(cur, 64)
		if err != nil {
			return 0, mathErr(n, "<cn> with %q, not a number", cur)
		}
		return v, nil
	}
	return 0, mathErr(n, "<cn type=%q> is not a number type SBML allows", typ)
}

func readApply(n *node) (*kinetic.Expr, error) {
	kids := elementKids(n)
	if len(kids) == 0 {
		return nil, mathErr(n, "empty <apply>")
	}
	head := unwrap(kids[0])
	rest := kids[1:]
	var qualifier *kinetic.Expr // degree or logbase
	args := make([]*kinetic.Expr, 0, len(rest))
	for _, k := range rest {
		switch k.name.Local {
		case "degree", "logbase":
			q := elementKids(k)
			if len(q) != 1 {
				return nil, mathErr(k, "<%s> with %d children, want 1", k.name.Local, len(q))
			}
			v, err := readExpr(q[0])
			if err != nil {
				return nil, err
			}
			qualifier = v
			continue
		}
		a, err := readExpr(k)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	var e *kinetic.Expr
	switch head.name.Local {
	case "ci":
		e = &kinetic.Expr{Op: kinetic.Call, Name: head.trimmed(), Args: args}
	case "csymbol":
		url, _ := head.attr("definitionURL")
		switch strings.TrimPrefix(strings.TrimSpace(url), symbolsURL) {
		case "delay":
			e = &kinetic.Expr{Op: kinetic.Delay, Args: args}
		case "rateOf":
			if len(args) != 1 || args[0].Op != kinetic.Sym {
				return nil, mathErr(head, "rateOf takes one symbol")
			}
			e = &kinetic.Expr{Op: kinetic.RateOf, Args: args}
		default:
			return nil, mathErr(head, "unknown csymbol %q", url)
		}
	default:
		op, ok := kinetic.OpByName(head.name.Local)
		if !ok {
			return nil, mathErr(head, "unsupported MathML operator <%s>", head.name.Local)
		}
		switch op {
		case kinetic.Root, kinetic.Log:
			if len(args) != 1 {
				return nil, mathErr(n, "<%s> takes one argument besides its <degree> or <logbase>, got %d", head.name.Local, len(args))
			}
			if qualifier == nil && op == kinetic.Root {
				qualifier = kinetic.N(2) // square root
			} else if qualifier == nil {
				qualifier = kinetic.N(10) // decimal logarithm
			}
			args = append([]*kinetic.Expr{qualifier}, args...)
		default:
			if qualifier != nil {
				return nil, mathErr(n, "<degree> or <logbase> with <%s>", head.name.Local)
			}
		}
		e = &kinetic.Expr{Op: op, Args: args}
	}
	if err := kinetic.CheckArity(e); err != nil {
		return nil, mathErr(n, "%v", err)
	}
	return e, nil
}
