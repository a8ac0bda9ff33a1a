package store

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestApplyTakesWhatTryPrepared: a form's Save right after the check of
// its draft (Try, then Apply of an equal edit on the same design) takes the
// design Try made instead of preparing the edit again; any other edit, or
// the same edit once the design changed, is prepared afresh and lands as
// in a session that never tried it.
func TestApplyTakesWhatTryPrepared(t *testing.T) {
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpokeScale(gen.Params{N: 3, Subnets: 2, Prefixes: 10, Seed: 1})}
	location := func(v string) Edit {
		return SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: v}
	}
	for _, deferred := range []bool{false, true} {
		s, fresh := Open(doc), Open(doc)
		s.SetDeferred(deferred)
		fresh.SetDeferred(deferred)
		same := func(what string) {
			t.Helper()
			a, _ := s.Encode()
			b, _ := fresh.Encode()
			if string(a) != string(b) || s.Version() != fresh.Version() {
				t.Fatalf("deferred %v, %s: the design differs from an untried session's\n%s\n%s", deferred, what, a, b)
			}
		}
		apply := func(e Edit) {
			t.Helper()
			for _, x := range []*Session{s, fresh} {
				if _, err := x.Apply(e); err != nil {
					t.Fatal(err)
				}
			}
		}

		if _, err := s.Try(location("westus")); err != nil {
			t.Fatal(err)
		}
		made := s.tried.next
		apply(location("westus"))
		if s.Current().Doc != made {
			t.Errorf("deferred %v: Save after Try prepared the edit again", deferred)
		}
		same("a tried edit saved")

		if _, err := s.Try(location("eastus")); err != nil {
			t.Fatal(err)
		}
		made = s.tried.next
		apply(location("northeurope")) // the draft changed after its check
		if s.Current().Doc == made {
			t.Errorf("deferred %v: another edit took the tried design", deferred)
		}
		same("another edit than the tried one")

		if _, err := s.Try(location("eastus")); err != nil {
			t.Fatal(err)
		}
		made = s.tried.next
		s.Undo()
		fresh.Undo()
		apply(location("eastus")) // the same edit, on another design
		if s.Current().Doc == made {
			t.Errorf("deferred %v: the tried design was taken after an undo", deferred)
		}
		same("the tried edit after an undo")
		s.Analyse()
		fresh.Analyse()
	}
}
