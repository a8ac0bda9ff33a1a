package engineworker

import (
	"fmt"
	"testing"
	"time"

	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkWorkerRoundTrip is what an edit costs the engine worker's
// protocol on the browser's benchmark design (gen.HubSpokeScale, two
// subnets per spoke, 1,000 on-premises prefixes): the page encoding the
// edited design (encode-ms), the worker reading it and answering the
// Overview (answer-ms), the page reading the answer (read-ms). The edit
// is the hub's location or a route of the spokes' table, each version
// new to the worker (eight versions in turn: none is among the versions
// it keeps). impl=worker is the worker (store.Mirror: what changed
// decoded, analysed from the version before); impl=full, the naive
// baseline, decodes and analyses each version whole.
func BenchmarkWorkerRoundTrip(b *testing.B) {
	for _, n := range []int{100, 500} {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "bench",
			Topology: gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})}
		for _, edit := range []string{"location", "route"} {
			texts := make([][]byte, 8)
			for i := range texts {
				d := scenario.Clone(doc)
				if edit == "location" {
					d.Topology.VNets[0].Location = fmt.Sprintf("region%d", i)
				} else {
					rt := &d.Topology.RouteTables[len(d.Topology.RouteTables)-1]
					rt.Routes[2].AddressPrefix = fmt.Sprintf("10.200.%d.0/24", i)
				}
				text, err := scenario.EncodeCompact(d)
				if err != nil {
					b.Fatal(err)
				}
				texts[i] = text
			}
			for _, impl := range []string{"worker", "full"} {
				b.Run(fmt.Sprintf("vnets=%d/edit=%s/impl=%s", n, edit, impl), func(b *testing.B) {
					roundTrips(b, texts, impl == "full")
				})
			}
		}
	}
}

// roundTrips times the round trips of BenchmarkWorkerRoundTrip over texts
// in turn; full analyses each version from nothing.
func roundTrips(b *testing.B, texts [][]byte, full bool) {
	req := workspace.DeriveRequest{Kind: workspace.DeriveOverview}
	var d Deriver
	var last LastDesign
	var enc, answer, read time.Duration
	for i := 0; b.Loop(); i++ {
		doc, _, err := scenario.Decode(texts[i%len(texts)], scenario.Lenient)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		text, err := scenario.EncodeCompact(doc) // the page's part (the decode above is the bench's)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if full {
			d = Deriver{}
		}
		m, err := last.Receive(Message{Kind: KindDerive, Seq: i, Ask: &req}.Encode(), string(text), true)
		if err != nil {
			b.Fatal(err)
		}
		out := d.Answer(m).Encode()
		t3 := time.Now()
		if a, err := Decode(out); err != nil || a.Derived == nil || a.Derived.Overview == nil {
			b.Fatalf("the answer: %v %+v", err, a)
		}
		t4 := time.Now()
		enc, answer, read = enc+t2.Sub(t1), answer+t3.Sub(t2), read+t4.Sub(t3)
	}
	k := float64(b.N) * float64(time.Millisecond)
	b.ReportMetric(float64(enc)/k, "encode-ms/op")
	b.ReportMetric(float64(answer)/k, "answer-ms/op")
	b.ReportMetric(float64(read)/k, "read-ms/op")
}
