// Package limitread reads whole files of bounded size: a file larger than
// the bound is refused without reading it all into memory.
package limitread
