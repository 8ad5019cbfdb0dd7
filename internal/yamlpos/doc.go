// Package yamlpos finds the line of a value in a YAML document from its path
// ($.arms[2].drugs.momelotinib), so that validation errors found after
// decoding can still name the line. It walks go-yaml's AST itself (see walk)
// and turns go-yaml's own errors into one-line messages with their line and
// the path of the value at fault, naming the closest known key for an
// unknown one.
package yamlpos
