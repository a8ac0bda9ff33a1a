package engineworker

import (
	"context"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// TestSweepMessages: a sweep asked by message reports its progress and
// ends with the same results as whatif.Sweep, through JSON both ways; a
// cancelled one says so with the components it finished; a bad design is
// an error message, not a crash.
func TestSweepMessages(t *testing.T) {
	doc := &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: 3, Seed: 1})}
	b, err := scenario.EncodeCompact(doc)
	if err != nil {
		t.Fatal(err)
	}
	ask, err := Decode(Message{Kind: KindSweep, Seq: 7, Doc: string(b)}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	var progress []Message
	done := Sweep(context.Background(), ask, func(m Message) { progress = append(progress, m) })
	back, err := Decode(done.Encode())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := whatif.Sweep(context.Background(), doc, nil)
	if back.Kind != KindDone || back.Seq != 7 || back.Result == nil || back.Result.Err != "" || len(back.Result.Results) != len(want) {
		t.Fatalf("done message %+v, want %d results", back, len(want))
	}
	for i := range want {
		if back.Result.Results[i].Component != want[i].Component || len(back.Result.Results[i].Lost) != len(want[i].Lost) {
			t.Fatalf("result %d: %+v, want %+v", i, back.Result.Results[i], want[i])
		}
	}
	if len(progress) != len(want) || progress[len(progress)-1].Done != len(want) || progress[0].Kind != KindProgress {
		t.Fatalf("%d progress messages for %d components", len(progress), len(want))
	}

	ctx, cancel := context.WithCancel(context.Background())
	stopped := Sweep(ctx, ask, func(m Message) {
		if m.Done == 2 {
			cancel()
		}
	})
	if !stopped.Result.Cancelled || stopped.Result.Err != "" || len(stopped.Result.Results) != 2 {
		t.Fatalf("cancelled sweep: %+v, want 2 results and Cancelled", stopped.Result)
	}

	bad := Sweep(context.Background(), Message{Kind: KindSweep, Seq: 1, Doc: "{"}, func(Message) {})
	if bad.Result == nil || !strings.Contains(bad.Result.Err, "JSON") {
		t.Fatalf("a bad design: %+v", bad.Result)
	}
}
