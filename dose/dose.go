package dose

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ikklab/ikklab/logic/expr"
)

// Kind is the physical kind of a unit.
type Kind uint8

const (
	None     Kind = iota // the unit-less zero
	Molar                // mol/L
	Activity             // international units per mL
	Mass                 // g/L
)

func (k Kind) String() string {
	return [...]string{"none", "molar", "activity", "mass"}[k]
}

// Unit is a named unit with its scale to the base unit of its kind
// (M for molar, IU/mL for activity, g/L for mass).
type Unit struct {
	Name  string
	Kind  Kind
	Scale float64
}

var units = []Unit{
	{"pM", Molar, 1e-12}, {"nM", Molar, 1e-9}, {"uM", Molar, 1e-6}, {"mM", Molar, 1e-3}, {"M", Molar, 1},
	{"IU/mL", Activity, 1}, {"MIU/mL", Activity, 1e6},
	{"ng/mL", Mass, 1e-6}, {"ug/mL", Mass, 1e-3}, {"mg/mL", Mass, 1},
}

// aliases maps other spellings to a unit name.
var aliases = map[string]string{
	"µM": "uM", "μM": "uM", "µg/mL": "ug/mL", "μg/mL": "ug/mL",
	"IU/ml": "IU/mL", "U/mL": "IU/mL", "U/ml": "IU/mL", "ng/ml": "ng/mL", "ug/ml": "ug/mL", "mg/ml": "mg/mL",
}

// Dose is a concentration with its unit as written.
type Dose struct {
	Value float64 // in Unit
	Unit  Unit
}

// Base returns the dose in the base unit of its kind (M, IU/mL or g/L),
// rounded to 15 significant digits: 3 nM is 3e-09 M, not the
// 3.0000000000000004e-09 the product 3 × 1e-9 gives in binary floating
// point, so doses read back and print as written.
func (d Dose) Base() float64 {
	x := d.Value * d.Unit.Scale
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	var buf [32]byte
	r, err := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], x, 'g', 15, 64)), 64)
	if err != nil {
		return x
	}
	return r
}

// Molar returns the concentration in mol/L, and false if d is not molar.
func (d Dose) Molar() (float64, bool) {
	if d.Unit.Kind != Molar {
		return 0, d.Unit.Kind == None
	}
	return d.Base(), true
}

// IsZero reports whether d is no drug at all.
func (d Dose) IsZero() bool { return d.Value == 0 }

func (d Dose) String() string {
	if d.Unit.Kind == None {
		return "0"
	}
	return strconv.FormatFloat(d.Value, 'g', -1, 64) + " " + d.Unit.Name
}

// Error describes a dose that cannot be parsed; the message quotes the input
// (its first 200 bytes at most, expr.Quote).
type Error struct {
	Input string
	Msg   string
}

func (e *Error) Error() string { return fmt.Sprintf("dose %s: %s", expr.Quote(e.Input), e.Msg) }

// Parse reads a dose such as "10 nM", "1uM", "2.5e-7 M", "1000 IU/mL" or "0".
// Negative, non-finite and unit-less non-zero values are errors.
func Parse(s string) (Dose, error) {
	in := strings.TrimSpace(s)
	i := 0
	for i < len(in) && strings.ContainsRune("0123456789.+-eE", rune(in[i])) {
		// An 'e' starts a unit only when no digit follows it.
		if (in[i] == 'e' || in[i] == 'E') && !(i+1 < len(in) && strings.ContainsRune("0123456789+-", rune(in[i+1]))) {
			break
		}
		i++
	}
	num, unit := in[:i], strings.TrimSpace(in[i:])
	if num == "" {
		return Dose{}, &Error{s, "no number; write e.g. \"10 nM\""}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return Dose{}, &Error{s, "bad number " + expr.Quote(num)}
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return Dose{}, &Error{s, "not a finite number"}
	case v < 0:
		return Dose{}, &Error{s, "negative dose"}
	}
	if unit == "" {
		if v == 0 {
			return Dose{}, nil
		}
		return Dose{}, &Error{s, "missing unit (" + UnitNames() + ")"}
	}
	u, ok := LookupUnit(unit)
	if !ok {
		for _, c := range units { // case matters (nm is a length), but say which unit was meant
			if strings.EqualFold(c.Name, unit) {
				return Dose{}, &Error{s, fmt.Sprintf("unknown unit %s; did you mean %s?", expr.Quote(unit), c.Name)}
			}
		}
		return Dose{}, &Error{s, fmt.Sprintf("unknown unit %s (%s)", expr.Quote(unit), UnitNames())}
	}
	return Dose{Value: v, Unit: u}, nil
}

// LookupUnit finds a unit by name or common alternative spelling.
func LookupUnit(name string) (Unit, bool) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	for _, u := range units {
		if u.Name == name {
			return u, true
		}
	}
	return Unit{}, false
}

// UnitNames lists the accepted unit names.
func UnitNames() string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return strings.Join(names, ", ")
}

// FromMolar returns a molar dose in the unit that reads best (nM for 1e-8, ...).
func FromMolar(m float64) Dose {
	for _, u := range units[:5] {
		if m < u.Scale*1000*(1-1e-12) || u.Name == "M" { // 1e-9·1000 > 1e-6 in floating point
			return Dose{Value: m / u.Scale, Unit: u}
		}
	}
	return Dose{Value: m, Unit: units[4]}
}
