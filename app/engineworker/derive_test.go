package engineworker

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
	"vnetplay/scenarios"
)

// browserWorkspace is a workspace as the browser runs it (edits drawn
// first, analysed after), on the design doc.
func browserWorkspace(t *testing.T, doc []byte) *workspace.Workspace {
	t.Helper()
	w, st := workspace.New(), &persist.Memory{}
	w.Settle(st, w.Do(workspace.Start{}))
	w.Settle(st, w.Do(workspace.DeferAnalysis{}))
	w.Settle(st, w.Do(workspace.Import{Name: "design.json", Text: string(doc)}))
	return w
}

// pageSide is what the page's engine client keeps of what it sent: the
// design sent last, which the worker keeps (LastDesign).
type pageSide struct {
	sent   string
	worker LastDesign
}

// askWorker sends req about snap's design through the protocol, as the
// page does (the message encoded, the design beside it when it is not the
// one sent last), and returns the worker's decoded answer.
func askWorker(t *testing.T, d *Deriver, p *pageSide, seq int, snap *store.Snapshot, req workspace.DeriveRequest) workspace.DeriveResult {
	t.Helper()
	doc, err := scenario.EncodeCompact(snap.Intact0().Doc)
	if err != nil {
		t.Fatal(err)
	}
	fresh := string(doc) != p.sent
	p.sent = string(doc)
	msg := Message{Kind: KindDerive, Seq: seq, Failures: snap.Failures, Ask: &req}
	if k, ok := snap.KnownChecks(); ok && fresh && seq%3 != 0 { // sent, or computed by the worker
		msg.Known = &k
	}
	in, err := p.worker.Receive(msg.Encode(), string(doc), fresh)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(d.Answer(in).Encode())
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != KindDerived || out.Seq != seq || out.Derived == nil {
		t.Fatalf("the worker answered %+v", out)
	}
	return *out.Derived
}

// workerSteps edits, fails, asks other flows and pages, undoes.
func workerSteps(w *workspace.Workspace, r *rand.Rand) []workspace.Action {
	snap := w.Snap()
	switch r.IntN(8) {
	case 0:
		return []workspace.Action{workspace.PaletteAdd{Kind: []kinds.Kind{kinds.VNet, kinds.Subnet, kinds.VM}[r.IntN(3)]}}
	case 1:
		if comps := whatif.Components(snap.Intact0().Doc); len(comps) > 0 {
			c := comps[r.IntN(len(comps))]
			return []workspace.Action{workspace.ToggleFailure{Failure: c.Failure}}
		}
	case 2:
		return []workspace.Action{workspace.SetProtocol{Protocol: []string{"Tcp", "Udp", "Icmp", "Any"}[r.IntN(4)]}}
	case 3:
		return []workspace.Action{workspace.SetPort{Port: fmt.Sprint([]int{22, 443, 3389}[r.IntN(3)])}}
	case 4:
		return []workspace.Action{workspace.MatrixPageTo{Rows: r.IntN(2) == 0, Page: r.IntN(2)}}
	case 5:
		if nodes := snap.Scene.Nodes; len(nodes) > 0 {
			return []workspace.Action{workspace.Select{Key: nodes[r.IntN(len(nodes))].Key}, workspace.DeleteSelection{}}
		}
	case 6:
		return []workspace.Action{workspace.Undo{}}
	}
	return []workspace.Action{workspace.RestoreAll{}}
}

// TestWorkerEqualsInPage (issue 12: worker = in-page on the same edit
// sequence): along random edits, failures, flows, matrix pages, deletions
// and undos of built-in and generated designs, the engine worker's answer
// to every question a panel asks (the matrix, the expectations, the
// what-if changes, the Overview, a subnet's effective routes, a speaker's
// tables, the Names matrix, a picked cell's walk, a picked name's
// resolution, the IP flow verify and Resolve a name tools, a simulation's
// walk, the Next hop tool, a NIC's routes as compared with Azure's, a challenge's grade) — through the protocol, encoded and
// decoded as the page and the worker exchange it, on the worker's own
// mirror of the design (analysed from its previous version) — is the
// page's own answer on its snapshot of the same design, value for value.
func TestWorkerEqualsInPage(t *testing.T) {
	designs := map[string][]byte{}
	for _, name := range []string{"hub-spoke-firewall", "er-vpn-coexistence", "forced-tunnelling", "p2s-hub-spoke", "private-endpoint-dns-hub-resolver"} {
		s, ok := scenarios.Get(name)
		if !ok {
			t.Fatalf("no scenario %q", name)
		}
		designs[name] = s.JSON
	}
	if ws := scenarios.Workshop(); len(ws) > 0 { // a challenge: its grade
		designs[ws[0].Name] = ws[0].JSON
	}
	big, err := scenario.EncodeCompact(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "HubSpoke-62",
		Topology: gen.HubSpokeScale(gen.Params{N: 61, Subnets: 2, Prefixes: 50, Seed: 1})})
	if err != nil {
		t.Fatal(err)
	}
	designs["HubSpoke-62"] = big
	for name, doc := range designs {
		t.Run(name, func(t *testing.T) {
			w := browserWorkspace(t, doc)
			d, p := &Deriver{}, &pageSide{}
			r := rand.New(rand.NewPCG(7, uint64(len(name))))
			steps := 25
			if name == "HubSpoke-62" {
				steps = 6
			}
			for i := range steps {
				for _, a := range workerSteps(w, r) {
					w.Settle(nil, w.Do(a))
				}
				w.Settle(nil, w.Do(workspace.Analyse{}))
				snap := w.Snap()
				subnet := "no-such-subnet"
				if subnets := snap.Plane.Subnets(); len(subnets) > 0 && i%4 != 3 {
					subnet = subnets[r.IntN(len(subnets))]
				}
				speaker := kinds.Ref{Kind: kinds.Gateway, ID: "no-such-speaker"}
				if res := snap.Plane.BGP(); res != nil && len(res.Speakers()) > 0 && i%4 != 3 {
					speaker.ID = res.Speakers()[r.IntN(len(res.Speakers()))].ID
				}
				if i%3 == 1 { // a P2S pool's clients' routes (the gateway's id)
					speaker.Kind = kinds.P2S
					if gws := snap.Doc.Topology.Gateways; len(gws) > 0 {
						speaker.ID = gws[r.IntN(len(gws))].ID
					}
				}
				from, to := "no-such-vm/nic0", reach.Internet
				if eps := snap.Plane.Endpoints(); len(eps) > 0 && i%5 != 4 {
					from = eps[r.IntN(len(eps))]
					if i%3 != 0 {
						to = eps[r.IntN(len(eps))]
					}
				}
				name := "no-such-name.example.com"
				if pes := snap.Doc.Topology.PrivateEndpoints; len(pes) > 0 && i%4 != 2 {
					name = strings.ToLower(pes[r.IntN(len(pes))].Fqdn)
				}
				sim := workspace.SimQuestion{From: from, To: to}
				switch i % 3 {
				case 1:
					sim = workspace.SimQuestion{From: from, ToIP: fmt.Sprintf("10.%d.1.4", r.IntN(3))}
				case 2:
					sim = workspace.SimQuestion{Check: "no-such-check"}
					if ex := snap.Doc.Expect; len(ex) > 0 {
						sim.Check = ex[r.IntN(len(ex))].ID
					}
				}
				for _, req := range []workspace.DeriveRequest{
					{Kind: workspace.DeriveSim, Flow: w.Flow(), Sim: sim},
					{Kind: workspace.DeriveNICRoutes, From: from},
					{Kind: workspace.DeriveGrade},
					{Kind: workspace.DeriveNextHop, NextHop: workspace.NextHopQuestion{From: from, Dst: []string{"10.2.1.4", "192.168.1.1", "nope"}[i%3]}},
					{Kind: workspace.DeriveWalk, Flow: w.Flow(), From: from, To: to},
					{Kind: workspace.DeriveNameWalk, From: from, Name: name},
					{Kind: workspace.DeriveIPFlow, IPFlow: workspace.IPFlow{NIC: from, Direction: []string{"Inbound", "Outbound"}[i%2], Protocol: "TCP",
						Local: []string{"443", "22", "x"}[i%3], Remote: fmt.Sprintf("10.%d.1.4:50000", r.IntN(3))}},
					{Kind: workspace.DeriveResolve, Resolve: workspace.Resolve{From: from, Name: []string{name, "www.example.com", "not a name"}[i%3]}},
					{Kind: workspace.DeriveSpeaker, Ref: speaker},
					{Kind: workspace.DeriveNames},
					{Kind: workspace.DeriveMatrix, Flow: w.Flow(), Nav: workspace.MatrixNav{RowPage: i % 2}},
					{Kind: workspace.DeriveChecks},
					{Kind: workspace.DeriveChanges},
					{Kind: workspace.DeriveOverview},
					{Kind: workspace.DeriveRoutes, Subnet: subnet},
				} {
					page := workspace.Derive(snap, req)
					worker := askWorker(t, d, p, i+1, snap, req)
					if !reflect.DeepEqual(page, worker) {
						pj, _ := json.Marshal(page)
						wj, _ := json.Marshal(worker)
						t.Fatalf("step %d, %s: the worker's answer differs from the page's\npage   %.2000s\nworker %.2000s", i, req.Kind, pj, wj)
					}
				}
			}
		})
	}
}

// TestDeriveQueueKeepsTheLatest: a newer question of a kind replaces the
// one waiting, which is answered superseded at once; kinds are answered in
// the order they came.
func TestDeriveQueueKeepsTheLatest(t *testing.T) {
	s, _ := scenarios.Get("hub-spoke-firewall")
	ask := func(seq int, kind string) Message {
		return Message{Kind: KindDerive, Seq: seq, Doc: string(s.JSON), Ask: &workspace.DeriveRequest{Kind: kind, Flow: store.DefaultFlow}}
	}
	var q DeriveQueue
	if sup := q.Push(ask(1, workspace.DeriveMatrix)); sup != nil {
		t.Fatalf("the first question superseded %+v", sup)
	}
	q.Push(ask(2, workspace.DeriveChecks))
	sup := q.Push(ask(3, workspace.DeriveMatrix))
	if sup == nil || sup.Seq != 1 || !sup.Derived.Superseded {
		t.Fatalf("question 1 was not answered superseded: %+v", sup)
	}
	var got []int
	for {
		a, ok := q.Next()
		if !ok {
			break
		}
		if a.Derived.Superseded || a.Derived.Err != "" {
			t.Fatalf("answer %d: %+v", a.Seq, a.Derived)
		}
		got = append(got, a.Seq)
	}
	if !reflect.DeepEqual(got, []int{3, 2}) {
		t.Fatalf("answered %v, want the matrix (3) then the checks (2)", got)
	}
}

// TestLastDesign: a question sent without its design is about the design
// sent last; one sent as text alone (the sweep, older pages) is read as
// it is.
func TestLastDesign(t *testing.T) {
	var l LastDesign
	ask := Message{Kind: KindDerive, Seq: 1, Ask: &workspace.DeriveRequest{Kind: workspace.DeriveOverview}}.Encode()
	if m, err := l.Receive(ask, "", false); err != nil || m.Doc != "" {
		t.Fatalf("before any design: %q, %v", m.Doc, err)
	}
	if m, err := l.Receive(ask, "A", true); err != nil || m.Doc != "A" {
		t.Fatalf("with design A: %q, %v", m.Doc, err)
	}
	if m, err := l.Receive(ask, "", false); err != nil || m.Doc != "A" {
		t.Fatalf("without a design after A: %q, %v", m.Doc, err)
	}
	sweep := Message{Kind: KindSweep, Seq: 2, Doc: "B"}.Encode()
	if m, err := l.Receive(sweep, "", false); err != nil || m.Doc != "B" {
		t.Fatalf("a sweep: %q, %v", m.Doc, err)
	}
	if m, _ := l.Receive(ask, "", false); m.Doc != "A" {
		t.Fatalf("a sweep's design became the questions' design: %q", m.Doc)
	}
	if _, err := l.Receive("{", "C", true); err == nil {
		t.Fatal("a message that is not JSON was read")
	}
}
