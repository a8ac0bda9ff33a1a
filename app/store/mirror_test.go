package store

import (
	"fmt"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestMirrorKeepsEarlierVersions: a design sent again after an edit (an
// undo, a redo) is the analysed snapshot the mirror had, not analysed
// again, for the last mirrorKept versions; an older one is analysed
// again, with the same results.
func TestMirrorKeepsEarlierVersions(t *testing.T) {
	base := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "m",
		Topology: gen.HubSpokeScale(gen.Params{N: 4, Subnets: 2, Prefixes: 10, Seed: 1})}
	var docs [][]byte
	for i := range mirrorKept + 2 {
		d := scenario.Clone(base)
		d.Topology.VNets[0].Location = fmt.Sprintf("region%d", i)
		b, err := scenario.EncodeCompact(d)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	var m Mirror
	var snaps []*Snapshot
	for _, b := range docs {
		s, err := m.Set(b, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, s)
	}
	last := len(docs) - 1
	for i := last - 1; i >= last-mirrorKept; i-- {
		if s, _ := m.Set(docs[i], nil, nil); s != snaps[i] {
			t.Fatalf("version %d sent again was analysed again", i)
		}
		if s, _ := m.Set(docs[last], nil, nil); s != snaps[last] {
			t.Fatalf("the last version, back after version %d, was analysed again", i)
		}
	}
	old, _ := m.Set(docs[0], nil, nil)
	if old == snaps[0] {
		t.Fatal("a version older than the ones kept was kept")
	}
	if old.Doc.Topology.VNets[0].Location != "region0" || len(old.Plane.Subnets()) != len(snaps[0].Plane.Subnets()) {
		t.Fatal("the older version analysed again differs")
	}
}
