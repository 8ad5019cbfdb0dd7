// Package parallel runs the items of a loop on a fixed number of workers.
// Results go into slots indexed by item, so they never depend on the
// number of workers or on which worker ran what.
package parallel
