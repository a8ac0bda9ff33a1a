package engineworker

import (
	"fmt"
	"testing"
	"time"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkWorkerRoundTrip is what an edit costs the engine worker's
// protocol on the browser's benchmark design (gen.HubSpokeScale, two
// subnets per spoke, 1,000 on-premises prefixes): the page encoding the
// edited design, the worker reading it and answering the Overview, and
// the page reading the answer. The edit is the hub's location, set and
// set back (every peering turns global and back), or a route of the
// spokes' table moved to another /24 and back.
func BenchmarkWorkerRoundTrip(b *testing.B) {
	for _, n := range []int{100, 500} {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "bench",
			Topology: gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})}
		for _, edit := range []string{"location", "route"} {
			docs := make([]*scenario.Document, 2)
			for i := range docs {
				d := scenario.Clone(doc)
				if edit == "location" {
					d.Topology.VNets[0].Location = fmt.Sprintf("region%d", i)
				} else {
					rt := &d.Topology.RouteTables[len(d.Topology.RouteTables)-1]
					rt.Routes[2].AddressPrefix = fmt.Sprintf("10.200.%d.0/24", i)
				}
				docs[i] = d
			}
			req := workspace.DeriveRequest{Kind: workspace.DeriveOverview}
			b.Run(fmt.Sprintf("vnets=%d/edit=%s", n, edit), func(b *testing.B) {
				var d Deriver
				var last LastDesign
				var enc, recv, answer, read float64
				for i := 0; b.Loop(); i++ {
					t0 := nowNS()
					text, err := scenario.EncodeCompact(docs[i%2])
					if err != nil {
						b.Fatal(err)
					}
					t1 := nowNS()
					m, err := last.Receive(Message{Kind: KindDerive, Seq: i, Ask: &req}.Encode(), string(text), true)
					if err != nil {
						b.Fatal(err)
					}
					t2 := nowNS()
					out := d.Answer(m).Encode()
					t3 := nowNS()
					if _, err := Decode(out); err != nil {
						b.Fatal(err)
					}
					t4 := nowNS()
					enc, recv, answer, read = enc+t1-t0, recv+t2-t1, answer+t3-t2, read+t4-t3
				}
				k := float64(b.N) * 1e6
				b.ReportMetric(enc/k, "encode-ms/op")
				b.ReportMetric(answer/k, "answer-ms/op")
				b.ReportMetric(read/k, "read-ms/op")
				_ = recv
			})
		}
	}
	_ = store.DefaultFlow
}

func nowNS() float64 { return float64(time.Now().UnixNano()) }
