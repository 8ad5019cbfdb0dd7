package kb

import (
	"fmt"
	"regexp"
	"strconv"
)

var (
	reMechanism = regexp.MustCompile(`^M\d+$`)
	reContextID = regexp.MustCompile(`^X\d+$`)
	reDrugID    = regexp.MustCompile(`^D\d+[a-z]?$`)
	reClaimID   = regexp.MustCompile(`^C\d\d$`)
	reFindingID = regexp.MustCompile(`^V\d+$`)
	reRef       = regexp.MustCompile(`^\[(\d+)\]$`)
	reSection   = regexp.MustCompile(`^§[1-4]$`)
	rePaper     = regexp.MustCompile(`^[a-z]+\d{4}[a-z]?$`)
)

// EvidenceKind says what an evidence string refers to.
type EvidenceKind uint8

const (
	EvidenceUnknown EvidenceKind = iota
	EvidenceMechanism
	EvidenceContext
	EvidenceDrug
	EvidenceClaim
	EvidenceReviewRef
	EvidenceSection
	EvidencePaper
)

// ClassifyEvidence tells what kind of id an evidence string is by its form.
func ClassifyEvidence(s string) EvidenceKind {
	switch {
	case reMechanism.MatchString(s):
		return EvidenceMechanism
	case reContextID.MatchString(s):
		return EvidenceContext
	case reDrugID.MatchString(s):
		return EvidenceDrug
	case reClaimID.MatchString(s):
		return EvidenceClaim
	case reRef.MatchString(s):
		return EvidenceReviewRef
	case reSection.MatchString(s) || s == "abstract":
		return EvidenceSection
	case rePaper.MatchString(s):
		return EvidencePaper
	}
	return EvidenceUnknown
}

// checkEvidence returns why s does not resolve, or "".
func (k *KB) checkEvidence(s string) string {
	switch ClassifyEvidence(s) {
	case EvidenceMechanism:
		if _, ok := k.idx.mechanisms[s]; !ok {
			return fmt.Sprintf("unknown mechanism %q", s)
		}
	case EvidenceContext:
		if _, ok := k.idx.contextReview[s]; !ok {
			return fmt.Sprintf("no context has review_id %q", s)
		}
	case EvidenceDrug:
		if _, ok := k.idx.drugReview[s]; !ok {
			return fmt.Sprintf("no drug has review_id %q", s)
		}
	case EvidenceClaim:
		if _, ok := k.idx.claims[s]; !ok {
			return fmt.Sprintf("unknown claim %q", s)
		}
	case EvidenceReviewRef:
		n, _ := strconv.Atoi(reRef.FindStringSubmatch(s)[1])
		if _, ok := k.idx.refs[n]; !ok {
			return fmt.Sprintf("review reference %s is not in review_refs", s)
		}
	case EvidencePaper:
		if _, ok := k.idx.papers[s]; !ok {
			return fmt.Sprintf("unknown paper %q (add it to papers)", s)
		}
	case EvidenceSection:
	default:
		return fmt.Sprintf("unrecognised evidence %q (expected a review id such as M6, X3, D1 or C19, a reference such as \"[8]\", §1, abstract, or a paper id such as zhou2013)", s)
	}
	return ""
}
