package scenarios

import (
	"bytes"
	"context"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/report"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// hybridOutputs adds the hybrid answers of designs that have a control
// plane: every BGP speaker's tables (bgp.golden), the P2S routes of every
// gateway with a P2S configuration (p2s.golden), every named failure set's
// what-if diff (whatif.golden) and the N-1 sweep (spof.golden).
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
	var pb bytes.Buffer
	for _, g := range doc.Topology.Gateways {
		if rs, ok := p.P2S(g.ID); ok {
			report.P2S(&pb, rs)
			pb.WriteString("\n")
		}
	}
	if pb.Len() > 0 {
		out["p2s.golden"] = pb.Bytes()
	}
	var wb bytes.Buffer
	var names []string
	for n := range doc.Failures {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		wb.WriteString("## " + n + "\n")
		res, err := whatif.Apply(doc, doc.Failures[n])
		if err != nil {
			wb.WriteString("error: " + err.Error() + "\n\n")
			continue
		}
		report.Failures(&wb, res.Failures, res.Notes)
		report.Changes(&wb, res.Changes)
		wb.WriteString("\n")
	}
	if wb.Len() > 0 {
		out["whatif.golden"] = wb.Bytes()
	}
	sw, err := whatif.Sweep(context.Background(), doc, nil)
	var sb bytes.Buffer
	if err != nil {
		sb.WriteString("error: " + err.Error() + "\n")
	} else {
		report.Sweep(&sb, sw)
	}
	out["spof.golden"] = sb.Bytes()
}
