package engineworker

import (
	"reflect"
	"testing"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// TestRehearsalLeavesTheWorkerAsItWas: a rehearsal's question is answered
// on the design sent beside it, and leaves the worker as it was: its
// mirror (the design, the versions kept) and the design the page sent
// last, so that the page's next questions, with or without their design,
// get the answers they got without the rehearsal.
func TestRehearsalLeavesTheWorkerAsItWas(t *testing.T) {
	s, _ := scenarios.Get("hub-spoke-firewall")
	doc, _, err := scenario.Decode(s.JSON, scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	encode := func(d *scenario.Document) string {
		b, err := scenario.EncodeCompact(d)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	design := encode(doc)
	other := scenario.Clone(doc) // a design whose answers differ: a VNet less
	other.Topology.VNets = other.Topology.VNets[:len(other.Topology.VNets)-1]
	rehearsed := encode(other)
	edited := scenario.Clone(doc)
	edited.Topology.VNets[0].Location += "-edited"

	overview := workspace.DeriveRequest{Kind: workspace.DeriveOverview}
	var d Deriver
	var last LastDesign
	ask := func(seq int, doc string, withDoc, rehearsal bool) workspace.DeriveResult {
		t.Helper()
		m, err := last.Receive(Message{Kind: KindDerive, Seq: seq, Ask: &overview, Rehearsal: rehearsal}.Encode(), doc, withDoc)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Decode(d.Answer(m).Encode())
		if err != nil || out.Derived == nil || out.Derived.Err != "" {
			t.Fatalf("question %d: %v %+v", seq, err, out.Derived)
		}
		return *out.Derived
	}
	want := ask(1, design, true, false)
	ask(2, encode(edited), true, false) // the mirror keeps design as the version before
	ask(3, design, true, false)         // an undo
	mirror, lastDesign := d.mirror, last

	r := ask(4, rehearsed, true, true)
	if reflect.DeepEqual(r, want) {
		t.Fatal("the rehearsal was answered on the page's design, not on its own")
	}
	if page := workspace.Derive(mustSet(t, rehearsed), overview); !reflect.DeepEqual(r, page) {
		t.Errorf("the rehearsal's answer is not its design's:\n%+v\n%+v", r, page)
	}
	if !reflect.DeepEqual(d.mirror, mirror) {
		t.Error("the rehearsal changed the worker's mirror")
	}
	if last != lastDesign {
		t.Error("the rehearsal changed the design the page sent last")
	}
	if got := ask(5, "", false, false); !reflect.DeepEqual(got, want) {
		t.Errorf("a question without its design after the rehearsal:\n%+v\nwant\n%+v", got, want)
	}
}

// mustSet is doc analysed afresh.
func mustSet(t *testing.T, doc string) *store.Snapshot {
	t.Helper()
	var m store.Mirror
	snap, err := m.Set([]byte(doc), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestDeriveQueueRehearsalsWait: a rehearsal's question is answered only
// when none of the page's own waits, and a newer rehearsal of the same
// question replaces the one waiting, without replacing the page's.
func TestDeriveQueueRehearsalsWait(t *testing.T) {
	s, _ := scenarios.Get("hub-spoke-firewall")
	ask := func(seq int, rehearsal bool) Message {
		return Message{Kind: KindDerive, Seq: seq, Doc: string(s.JSON), Ask: &workspace.DeriveRequest{Kind: workspace.DeriveOverview}, Rehearsal: rehearsal}
	}
	var q DeriveQueue
	q.Push(ask(1, true))
	if sup := q.Push(ask(2, false)); sup != nil {
		t.Fatalf("the page's question superseded the rehearsal %+v", sup)
	}
	if sup := q.Push(ask(3, true)); sup == nil || sup.Seq != 1 || !sup.Derived.Superseded {
		t.Fatalf("rehearsal 1 was not answered superseded: %+v", sup)
	}
	var got []int
	for {
		a, ok := q.Next()
		if !ok {
			break
		}
		got = append(got, a.Seq)
	}
	if !reflect.DeepEqual(got, []int{2, 3}) {
		t.Fatalf("answered %v, want the page's question (2) then the rehearsal (3)", got)
	}
}
