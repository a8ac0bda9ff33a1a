package workspace

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vnetplay/app/persist"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// bigDoc is a design of about 2.8 MB as stored and 4.3 MB as an indented
// file.
func bigDoc() *scenario.Document {
	return &scenario.Document{Name: "Big", Topology: gen.UDRTables(50)}
}

// TestWhatIsAcceptedReopens: a design imported from a compact file is
// stored, restored at the next start, exported, and imported again — one
// size policy all the way (it was stored as 4.85 MB of indented JSON that
// the restore refused).
func TestWhatIsAcceptedReopens(t *testing.T) {
	compact, err := scenario.EncodeCompact(bigDoc())
	if err != nil {
		t.Fatal(err)
	}
	w, st := startedWS(t)
	w.Settle(st, w.Do(Import{Name: "big.json", Text: string(compact)}))
	if w.Library().Problem != "" {
		t.Fatalf("import: %s", w.Library().Problem)
	}
	w.Settle(st, w.Do(Hidden{}))
	rec, ok := lastOpened(t, st)
	if !ok || len(rec.Scenario) != len(compact) {
		t.Fatalf("stored %d bytes, want the %d of the compact form", len(rec.Scenario), len(compact))
	}
	again := New()
	again.Settle(st, again.Do(Start{}))
	if again.Library().Problem != "" || len(again.Snap().Doc.Topology.RouteTables) != 50 {
		t.Fatalf("restart: %q, %d route tables", again.Library().Problem, len(again.Snap().Doc.Topology.RouteTables))
	}
	tasks := again.Do(ExportJSON{})
	if len(tasks) == 0 || tasks[0].Download == nil {
		t.Fatalf("export: %+v", tasks)
	}
	file := tasks[0].Download.Data
	if len(file) <= 4<<20 {
		t.Fatalf("the exported file is %d bytes: the test needs one over the old 4 MiB read limit", len(file))
	}
	again.Settle(st, again.Do(Import{Name: "exported.json", Text: file}))
	if p := again.Library().Problem; p != "" || len(again.Snap().Doc.Topology.RouteTables) != 50 {
		t.Fatalf("import of the export: %q", p)
	}
}

// TestLinksAreHeldToTheLimits: a link within the length vnetplay makes
// but carrying more VNets than a design may have is refused with the
// count and the limit; nothing is saved.
func TestLinksAreHeldToTheLimits(t *testing.T) {
	doc := &scenario.Document{Name: "Many"}
	for i := range scenario.MaxVNets + 1 {
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: fmt.Sprintf("v%05d", i), Location: "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}})
	}
	b, _ := scenario.EncodeCompact(doc)
	frag, err := persist.EncodeLink(b)
	if err != nil || len(frag) > persist.MaxLinkChars {
		t.Fatalf("test link: %d characters, %v", len(frag), err)
	}
	w, st := New(), &persist.Memory{}
	w.Settle(st, w.Do(Start{Fragment: frag}))
	if p := w.Library().Problem; !strings.Contains(p, "1,001 VNets") || !strings.Contains(p, "1,000") {
		t.Fatalf("problem %q", p)
	}
	if list, _ := st.List(context.Background()); len(list) != 0 {
		t.Fatalf("a refused link saved %d designs", len(list))
	}
}

// TestSweepCancelKeepsWhatItFinished: a cancelled sweep ends with the
// results of the components it finished, marked partial.
func TestSweepCancelKeepsWhatItFinished(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	tasks := w.Do(RunSweep{})
	if len(tasks) != 1 || tasks[0].Sweep == nil || tasks[0].Key != SweepKey {
		t.Fatalf("RunSweep left %+v", tasks)
	}
	if c := w.Do(CancelSweep{}); len(c) != 1 || c[0].Cancel != SweepKey {
		t.Fatalf("CancelSweep left %+v", c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := RunSweepJob(ctx, *tasks[0].Sweep, func(a Action) {
		if p, ok := a.(SweepProgress); ok && p.Done == 2 {
			cancel()
		}
		w.Do(a)
	})
	w.Settle(st, w.Do(done))
	sw := w.Sweep()
	if sw.Running || !sw.Partial || sw.Done != 2 || len(sw.Results) != 2 || sw.Err != "" {
		t.Fatalf("after the cancel: %+v", sw)
	}
	// A full sweep is not partial.
	w.Settle(st, w.Do(RunSweep{}))
	if sw := w.Sweep(); sw.Partial || len(sw.Results) != sw.Total {
		t.Fatalf("full sweep: %d of %d, partial %v", len(sw.Results), sw.Total, sw.Partial)
	}
}
