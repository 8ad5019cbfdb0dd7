package kinetic

// Model is a quantitative model with SBML core's structure.
type Model struct {
	ID, Name           string
	Compartments       []Compartment
	Species            []Species
	Parameters         []Parameter
	Functions          []Function
	InitialAssignments []Assignment
	Rules              []Rule
	Reactions          []Reaction
	Events             []Event
	// ConversionFactor is the model-wide conversion factor parameter ("" for
	// none).
	ConversionFactor string
	// Unsupported lists features the source uses that the simulator does
	// not implement; Compile refuses a model that lists any.
	Unsupported []string
	// Annotations are MIRIAM cross-references of the model ("" element)
	// or of an element by id; Notes are their human-readable notes. The
	// SBML reader does not keep a file's own; the writer writes these.
	Annotations []Annotation
	Notes       map[string]string
}

// Annotation is one MIRIAM cross-reference: element (an id, or "" for the
// model) Qualifier (a BioModels qualifier such as "bqbiol:is" or
// "bqmodel:isDescribedBy") Resource (an identifiers.org URI).
type Annotation struct {
	Element, Qualifier, Resource string
}

// Compartment is a volume (or area, length) species live in.
type Compartment struct {
	ID, Name   string
	Size       float64
	HasSize    bool
	Constant   bool
	Dimensions float64 // 3 unless set; 0 means a dimensionless compartment
}

// Species is an entity in a compartment, with an initial amount or
// concentration.
type Species struct {
	ID, Name, Compartment string
	Initial               float64
	HasInitial            bool
	// InitialIsConcentration says Initial is a concentration, not an amount.
	InitialIsConcentration bool
	// OnlySubstance (hasOnlySubstanceUnits) makes the species symbol its
	// amount instead of its concentration.
	OnlySubstance    bool
	Boundary         bool
	Constant         bool
	ConversionFactor string
}

// Parameter is a named value.
type Parameter struct {
	ID, Name string
	Value    float64
	HasValue bool
	Constant bool
}

// Assignment sets a symbol to a value: an initial assignment or one of an
// event's assignments.
type Assignment struct {
	Symbol string
	Math   *Expr
}

// RuleKind says what a rule defines.
type RuleKind int

const (
	AssignmentRule RuleKind = iota // Variable = Math at all times
	RateRule                       // d(Variable)/dt = Math
	AlgebraicRule                  // 0 = Math (unsupported)
)

// Rule is an assignment, rate or algebraic rule.
type Rule struct {
	Kind     RuleKind
	Variable string
	Math     *Expr
}

// SpeciesRef is a reactant or product of a reaction.
type SpeciesRef struct {
	Species string
	// ID names the stoichiometry as a symbol ("" for none).
	ID            string
	Stoichiometry float64
	HasStoich     bool
	Constant      bool
	// StoichMath is SBML Level 2's stoichiometryMath (nil for none).
	StoichMath *Expr
}

// Reaction converts reactants into products at the rate its kinetic law
// gives (extent per time).
type Reaction struct {
	ID, Name   string
	Reversible bool
	Fast       bool
	Reactants  []SpeciesRef
	Products   []SpeciesRef
	Modifiers  []string
	Law        *Expr       // nil: no kinetic law (the reaction does not run)
	Locals     []Parameter // local parameters, shadowing global symbols in Law
}

// Event changes symbols when its trigger becomes true.
type Event struct {
	ID       string
	Trigger  *Expr
	Delay    *Expr // nil: none
	Priority *Expr // nil: none
	// InitialValue is the trigger's value just before the start: when false
	// and the trigger is true at the start, the event fires at the start.
	InitialValue bool
	// Persistent events execute after their delay even if the trigger has
	// turned false meanwhile.
	Persistent bool
	// FromTrigger (useValuesFromTriggerTime) evaluates the assignments at
	// trigger time, not at execution time.
	FromTrigger bool
	Assignments []Assignment
}

// Unsupported is the error for a model feature the simulator does not
// implement.
type Unsupported struct {
	Feature string
}

func (e *Unsupported) Error() string { return "unsupported: " + e.Feature }
