// Package fileerr is the error type the format readers share: a problem in a
// model file, with the path and line where it is, printed on one line.
package fileerr
