package kinetic

// The symbolic Jacobian: every expression the right-hand side evaluates
// (assignment rules, rate laws, the derivatives) is differentiated with D
// with respect to each symbol it reads, and the gradients of the computed
// symbols with respect to the state are chained in the run program's
// order (forward-mode differentiation over symbolic partials).

type partial struct {
	wrt int // symbol slot
	f   fn
}

type jacStep struct {
	slot, state, comp int
	kind              symKind // kState: the state itself (amount: divided by comp)
	amount            bool
	partials          []partial
}

type jacobian struct {
	steps  []jacStep
	derivs [][]partial // per state component
	grad   [][]float64 // per symbol slot: ∂value/∂y (nil: constant)
}

// buildJacobian prepares the symbolic Jacobian, or leaves c.jac nil when
// some expression has no derivative rule (D returned nil) or reads rateOf.
func (c *Compiled) buildJacobian() {
	n := c.nState
	if n == 0 {
		return
	}
	j := &jacobian{grad: make([][]float64, len(c.syms)), derivs: make([][]partial, n)}
	partials := func(le localExpr) ([]partial, bool) {
		bad := false
		le.e.Walk(func(x *Expr) {
			if x.Op == RateOf || x.Op == Delay || x.Op == Call {
				bad = true
			}
		})
		if bad {
			return nil, false
		}
		var out []partial
		for _, name := range le.e.Symbols() {
			if _, local := le.locals[name]; local {
				continue
			}
			u, ok := c.slot[name]
			if !ok {
				return nil, false
			}
			d := D(le.e, name, le.locals)
			if d == nil {
				return nil, false
			}
			if isZero(d) {
				continue
			}
			sc := &scope{c: c, locals: le.locals, deps: map[int]bool{}}
			f, err := sc.compile(d)
			if err != nil {
				return nil, false
			}
			out = append(out, partial{wrt: u, f: f})
		}
		return out, true
	}
	for _, st := range c.runProg {
		s := c.syms[st.slot]
		js := jacStep{slot: st.slot, kind: s.kind, state: s.state, comp: s.comp, amount: s.amount}
		if s.kind != kState {
			ps, ok := partials(c.runExprs[st.slot])
			if !ok {
				return
			}
			js.partials = ps
		}
		j.steps = append(j.steps, js)
		j.grad[st.slot] = make([]float64, n)
	}
	for k, e := range c.derivExprs {
		ps, ok := partials(localExpr{e: e})
		if !ok {
			return
		}
		j.derivs[k] = ps
	}
	c.jac = j
}

// jacobianAt writes ∂f/∂y at (t, y), row-major.
func (c *Compiled) jacobianAt(t float64, y, out []float64) {
	c.sync(t, y)
	j := c.jac
	n := c.nState
	for _, st := range j.steps {
		g := j.grad[st.slot]
		clear(g)
		if st.kind == kState {
			if !st.amount {
				g[st.state] = 1
				continue
			}
			v := c.env.vals[st.comp]
			g[st.state] = 1 / v
			if gc := j.grad[st.comp]; gc != nil {
				w := c.env.vals[st.slot] / v
				for i, x := range gc {
					g[i] -= w * x
				}
			}
			continue
		}
		c.chain(g, st.partials)
	}
	for k, ps := range j.derivs {
		c.chain(out[k*n:k*n+n], ps)
	}
}

// chain adds Σ ∂e/∂u · ∂u/∂y over an expression's partials to dst.
func (c *Compiled) chain(dst []float64, ps []partial) {
	for _, p := range ps {
		gu := c.jac.grad[p.wrt]
		if gu == nil {
			continue
		}
		if w := p.f(&c.env); w != 0 {
			for i, x := range gu {
				dst[i] += w * x
			}
		}
	}
}
