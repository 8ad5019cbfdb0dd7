// Package kb is ikklab's curated knowledge of the IKKε/TBK1 system: the nodes
// of the network, one logic rule per node with the evidence for every
// regulator, drugs with their targets and potencies, cancer contexts, the
// review's claims as structured experiments, the review's reference list
// mapped to primary papers, and quantitative facts.
//
// The data are YAML files under data/ (embedded in the binary; the schema is
// SCHEMA.md beside this file). Load reads a directory of such files and
// validates every cross-reference; Default returns the embedded knowledge base.
// Every error names the file, the line and the field. Coverage checks the
// knowledge base against the review: every mechanism M1–M19 used by a rule,
// every drug D1–D11 with a sourced potency, contexts X1–X12, claims C01–C32.
//
// Evidence strings are review ids (M6, X3, D4, C19), review reference numbers
// ("[8]"), review sections (§1, abstract) or primary-paper ids (zhou2013).
//
// The source of the review is ../shared/seed/review-ikke-tbk1-zh.txt, its
// English extract ../shared/domain/review-extract.md.
package kb
