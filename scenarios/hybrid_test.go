package scenarios

import (
	"bytes"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/report"
	"vnetplay/engine/scenario"
)

// hybridOutputs adds the hybrid answers of designs that have a control
// plane: every BGP speaker's tables (bgp.golden).
func hybridOutputs(doc *scenario.Document, p *dataplane.Plane, out map[string][]byte) {
	r := p.BGP()
	if r == nil || len(r.Speakers()) == 0 {
		return
	}
	var b bytes.Buffer
	report.Sessions(&b, r)
	for _, sp := range r.Speakers() {
		b.WriteString("\n")
		report.BGP(&b, r, sp.ID)
	}
	out["bgp.golden"] = b.Bytes()
}
