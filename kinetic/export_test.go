package kinetic

// Test hooks for the external test package.

// StartForTest returns the initial state.
func (c *Compiled) StartForTest() ([]float64, error) { return c.start() }

// JacobianForTest writes the symbolic Jacobian at (t, y), reporting false
// when the model has none.
func (c *Compiled) JacobianForTest(t float64, y, out []float64) bool {
	if c.jac == nil {
		return false
	}
	clear(out)
	c.jacobianAt(t, y, out)
	return true
}

// RHSForTest evaluates the right-hand side.
func (c *Compiled) RHSForTest(t float64, y, dy []float64) {
	c.sync(t, y)
	for k, f := range c.deriv {
		dy[k] = f(&c.env)
	}
}
