package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SyntaxError reports a malformed expression with the byte offset of the
// offending token.
type SyntaxError struct {
	Input  string
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("column %d: %s in %s", e.Offset+1, e.Msg, Quote(e.Input))
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 200

type tokKind uint8

const (
	tEOF tokKind = iota
	tName
	tParam
	tLogic
	tNum
	tOp
	tLParen
	tRParen
	tQuestion
	tColon
)

type token struct {
	kind tokKind
	text string
	op   Op
	pos  int
}

type parser struct {
	in    string
	toks  []token
	i     int
	depth int
}

// Parse parses one expression. Keywords AND, OR, NOT, XOR, TRUE and FALSE are
// recognised in any letter case.
func Parse(s string) (*Expr, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{in: s, toks: toks}
	e, err := p.cond()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "unexpected %q", t.text)
	}
	return e, nil
}

// maxQuoted is the most of an input an error message quotes, counted in
// the bytes of the quoted form.
const maxQuoted = 200

// Quote quotes s for an error message (as %q does), keeping at most 200
// bytes of the quoted form (cut at a character boundary, then "… (N
// bytes)"), so that a pathological input never makes a pathological
// message: binary input, which quoting escapes to four bytes a byte, is
// cut as short as text.
func Quote(s string) string {
	q := strconv.Quote(s)
	if len(q) <= maxQuoted+2 {
		return q
	}
	// strconv.Quote escapes each character on its own, so the quoted
	// length of a prefix is the sum of its characters' escapes.
	cut, n := 0, 2
	for cut < len(s) {
		_, w := utf8.DecodeRuneInString(s[cut:])
		e := len(strconv.Quote(s[cut:cut+w])) - 2
		if n+e > maxQuoted+2 {
			break
		}
		n, cut = n+e, cut+w
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("… (%d bytes)", len(s))
}

// MustParse is Parse for expressions known to be valid; it panics otherwise.
func MustParse(s string) *Expr {
	e, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return e
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) errAt(t token, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if t.kind == tEOF {
		msg = strings.Replace(msg, `unexpected ""`, "unexpected end of expression", 1)
	}
	return &SyntaxError{Input: p.in, Offset: t.pos, Msg: msg}
}

func (p *parser) cond() (*Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.peek(), "expression nested deeper than %d", maxDepth)
	}
	c, err := p.binary(2)
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tQuestion {
		return c, nil
	}
	p.next()
	a, err := p.cond()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tColon {
		return nil, p.errAt(t, "expected ':' of a conditional, found %q", t.text)
	}
	b, err := p.cond()
	if err != nil {
		return nil, err
	}
	return &Expr{Op: OpCond, Args: []*Expr{c, a, b}}, nil
}

// binary parses operators of precedence >= min by precedence climbing.
func (p *parser) binary(min int) (*Expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tOp || t.op == OpNot || precedence[t.op] < min {
			return left, nil
		}
		p.next()
		right, err := p.binary(precedence[t.op] + 1)
		if err != nil {
			return nil, err
		}
		left = &Expr{Op: t.op, Args: []*Expr{left, right}}
	}
}

func (p *parser) unary() (*Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.peek(), "expression nested deeper than %d", maxDepth)
	}
	t := p.peek()
	if t.kind == tOp && (t.op == OpNot || t.op == OpSub || t.op == OpAdd) {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		switch t.op {
		case OpNot:
			return Not(x), nil
		case OpSub:
			return &Expr{Op: OpNeg, Args: []*Expr{x}}, nil
		}
		return x, nil
	}
	return p.primary()
}

func (p *parser) primary() (*Expr, error) {
	t := p.next()
	switch t.kind {
	case tName:
		switch strings.ToUpper(t.text) {
		case "TRUE":
			return Const(1), nil
		case "FALSE":
			return Const(0), nil
		}
		return Var(t.text), nil
	case tParam:
		return &Expr{Op: OpParam, Name: t.text[1:]}, nil
	case tLogic:
		if t.text == "@logic" {
			return &Expr{Op: OpLogic}, nil
		}
		return &Expr{Op: OpAttr, Name: t.text[1:]}, nil
	case tNum:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errAt(t, "bad number %q", t.text)
		}
		return Const(v), nil
	case tLParen:
		e, err := p.cond()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, p.errAt(c, "expected ')' to close '(' at column %d, found %q", t.pos+1, c.text)
		}
		return e, nil
	}
	return nil, p.errAt(t, "unexpected %q", t.text)
}

var keywords = map[string]Op{"AND": OpAnd, "OR": OpOr, "NOT": OpNot, "XOR": OpXor}

// keyword reports whether a name is one of the keywords, in any case,
// without the allocation strings.ToUpper makes for every name (a large
// model's parse lexes tens of thousands).
func keyword(text string) (Op, bool) {
	if len(text) > 3 {
		return 0, false
	}
	for k, op := range keywords {
		if strings.EqualFold(text, k) {
			return op, true
		}
	}
	return 0, false
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case r == '$' || isNameStart(r):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isNamePart(r2) {
					break
				}
				j += n
			}
			text := s[i:j]
			switch {
			case r == '$' && j == i+1:
				return nil, &SyntaxError{Input: s, Offset: i, Msg: "'$' without a parameter name"}
			case r == '$':
				toks = append(toks, token{kind: tParam, text: text, pos: i})
			default:
				if op, ok := keyword(text); ok {
					toks = append(toks, token{kind: tOp, text: text, op: op, pos: i})
				} else {
					toks = append(toks, token{kind: tName, text: text, pos: i})
				}
			}
			i = j
			continue
		case r == '@':
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && isNamePart(rune(s[j])) && s[j] != '.' {
				j++
			}
			if j == i+1 || !isNameStart(rune(s[i+1])) {
				return nil, &SyntaxError{Input: s, Offset: i, Msg: "'@' must be followed by an attribute name such as @logic"}
			}
			toks = append(toks, token{kind: tLogic, text: s[i:j], pos: i})
			i = j
			continue
		case r >= '0' && r <= '9' || r == '.':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && s[k] >= '0' && s[k] <= '9' {
					for k < len(s) && s[k] >= '0' && s[k] <= '9' {
						k++
					}
					j = k
				}
			}
			toks = append(toks, token{kind: tNum, text: s[i:j], pos: i})
			i = j
			continue
		}
		two := ""
		if i+1 < len(s) {
			two = s[i : i+2]
		}
		var t token
		switch two {
		case "&&":
			t = token{kind: tOp, op: OpAnd}
		case "||":
			t = token{kind: tOp, op: OpOr}
		case "==":
			t = token{kind: tOp, op: OpEq}
		case "!=":
			t = token{kind: tOp, op: OpNe}
		case "<=":
			t = token{kind: tOp, op: OpLe}
		case ">=":
			t = token{kind: tOp, op: OpGe}
		}
		if t.kind == tOp {
			t.text, t.pos = two, i
			toks = append(toks, t)
			i += 2
			continue
		}
		t = token{text: string(r), pos: i}
		switch r {
		case '!':
			t.kind, t.op = tOp, OpNot
		case '&':
			t.kind, t.op = tOp, OpAnd
		case '|':
			t.kind, t.op = tOp, OpOr
		case '^':
			t.kind, t.op = tOp, OpXor
		case '<':
			t.kind, t.op = tOp, OpLt
		case '>':
			t.kind, t.op = tOp, OpGt
		case '+':
			t.kind, t.op = tOp, OpAdd
		case '-':
			t.kind, t.op = tOp, OpSub
		case '*':
			t.kind, t.op = tOp, OpMul
		case '/':
			t.kind, t.op = tOp, OpDiv
		case '(':
			t.kind = tLParen
		case ')':
			t.kind = tRParen
		case '?':
			t.kind = tQuestion
		case ':':
			t.kind = tColon
		default:
			return nil, &SyntaxError{Input: s, Offset: i, Msg: fmt.Sprintf("unexpected character %q", r)}
		}
		toks = append(toks, t)
		i += size
	}
	return append(toks, token{kind: tEOF, pos: len(s)}), nil
}

func isNameStart(r rune) bool { return r == '_' || r < utf8.RuneSelf && unicode.IsLetter(r) }

func isNamePart(r rune) bool {
	return r == '_' || r == '.' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
