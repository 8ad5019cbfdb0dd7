// Package kbtest loads the built-in knowledge base and its network for
// tests, failing the test on an error, so that every package's tests share
// one loader instead of repeating the two error checks.
package kbtest
