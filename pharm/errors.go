package pharm

import (
	"errors"
	"fmt"

	"github.com/ikklab/ikklab/dose"
)

// ErrFlat reports dose-response data without a response: every value is the
// same, so no curve, IC50 or Hill coefficient can be estimated.
var ErrFlat = errors.New("pharm: flat dose-response data (no response to fit)")

// UnitError reports a dose that cannot be compared with a target's potency
// because the two are of different unit kinds (molar with IU/mL, ...).
type UnitError struct {
	Drug, Node string
	Dose       dose.Dose // as given
	Potency    dose.Dose // from the knowledge base
}

func (e *UnitError) Error() string {
	return fmt.Sprintf("%s on %s: dose %v is %s but its potency %v is %s; give the dose in %s units (e.g. %q)",
		e.Drug, e.Node, e.Dose, e.Dose.Unit.Kind, e.Potency, e.Potency.Unit.Kind, e.Potency.Unit.Kind, "1 "+e.Potency.Unit.Name)
}

// InputError reports invalid numbers given to a fit or a synergy score; the
// message names the value and where it is.
type InputError struct {
	Where string // e.g. "response[2][3]", "doses_a[1]"
	Value float64
	Msg   string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("pharm: %s = %g: %s", e.Where, e.Value, e.Msg)
}
