// Package jsonout encodes results as the JSON ikklab prints: indented by two
// spaces, map keys sorted (so equal results give equal bytes), and with <, >
// and & left as they are.
package jsonout
