// Package dose parses and formats drug doses: molar concentrations (pM to M)
// and the activity (IU/mL) or mass (ng/mL to mg/mL) concentrations some drugs,
// interferons and antibodies among them, are dosed in.
//
// A dose without a unit is an error, except an exact zero, which means "no
// drug" in any unit. Units are never converted between kinds: a molar potency
// can only be compared with a molar dose.
package dose
