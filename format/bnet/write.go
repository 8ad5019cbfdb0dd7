package bnet

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/ikklab/ikklab/model"
)

// Write writes net as a .bnet file with the BoolNet header, one line per node
// in network order; inputs are written "X, X". It fails on what the format
// cannot hold: MaBoSS rates, non-Boolean rules, and ids that are not .bnet
// names (see the package documentation).
func Write(w io.Writer, net *model.Network) error {
	if len(net.Nodes) == 0 {
		return errors.New("bnet: network has no nodes")
	}
	for _, nd := range net.Nodes {
		if !validName(nd.ID) {
			return fmt.Errorf("bnet: node id %q is not a .bnet name (letters, digits, '_' and '.', starting with a letter or '_')", nd.ID)
		}
		if !net.NodeLogical(&nd) && (nd.Up != nil || nd.Down != nil) {
			return fmt.Errorf("bnet: node %s has MaBoSS rates (rate_up/rate_down), which a .bnet file cannot hold", nd.ID)
		}
		if nd.Rule == nil {
			continue
		}
		if err := nd.Rule.CheckBoolean(); err != nil {
			return fmt.Errorf("bnet: rule of %s: %v", nd.ID, err)
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "targets, factors")
	for _, nd := range net.Nodes {
		if nd.Rule == nil {
			fmt.Fprintf(bw, "%s, %s\n", nd.ID, nd.ID)
			continue
		}
		fmt.Fprintf(bw, "%s, %s\n", nd.ID, nd.Rule)
	}
	return bw.Flush()
}
