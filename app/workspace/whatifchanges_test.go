package workspace

import (
	"fmt"
	"testing"

	"vnetplay/engine/diff"
	"vnetplay/engine/model"
)

// TestWhatIfChangesBounded: the counts are complete, each list is cut at
// DiffListLimit rows, and the lost pairs come first, each kind in the
// engine's order.
func TestWhatIfChangesBounded(t *testing.T) {
	ch := &diff.Changes{}
	kinds := []string{diff.PathChanged, diff.Lost, diff.Regained}
	for i := range 3 * DiffListLimit {
		ch.Pairs = append(ch.Pairs, diff.PairChange{From: fmt.Sprintf("a%04d", i), To: "b", Change: kinds[i%3]})
		ch.Routes = append(ch.Routes, diff.RouteChange{Subnet: fmt.Sprintf("s%04d", i)})
	}
	ch.BGP = []diff.BGPChange{{Speaker: "gw"}}
	c := whatIfChanges(ch)
	if want := (WhatIfCounts{Lost: DiffListLimit, Regained: DiffListLimit, Rerouted: DiffListLimit, Routes: 3 * DiffListLimit, BGP: 1}); c.Counts != want {
		t.Errorf("counts %+v, want %+v", c.Counts, want)
	}
	if len(c.Pairs) != DiffListLimit || len(c.Routes) != DiffListLimit || len(c.BGP) != 1 || !c.Truncated() || c.Empty() {
		t.Fatalf("%d pairs, %d routes, %d BGP (truncated %v, empty %v)", len(c.Pairs), len(c.Routes), len(c.BGP), c.Truncated(), c.Empty())
	}
	for i, p := range c.Pairs {
		if want := fmt.Sprintf("a%04d", 3*i+1); p.Change != diff.Lost || p.From != want {
			t.Fatalf("row %d is %s %s, want the lost pair %s", i, p.Change, p.From, want)
		}
	}
	if c.Routes[DiffListLimit-1].Subnet != fmt.Sprintf("s%04d", DiffListLimit-1) {
		t.Errorf("the routes are not the first ones: %+v", c.Routes[DiffListLimit-1])
	}
	if whatIfChanges(nil) != nil || !whatIfChanges(&diff.Changes{}).Empty() {
		t.Error("nil or empty changes")
	}
}

// TestWhatIfChangesSpeakThePagesWords: the pairs the What-if panel lists
// say what happened before and after without the engine's rule codes.
// Failing the hub firewall of hub-spoke-firewall listed "vm1 → Internet"
// as "… by default outbound access (a Microsoft-owned source address,
// rule:internet-edge.default-outbound-access) → …".
func TestWhatIfChangesSpeakThePagesWords(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(ToggleFailure{Failure: model.Failure{Kind: model.ApplianceDown, Target: "firewall"}})
	c := whatIfChanges(w.Snap().Changes())
	if c == nil || len(c.Pairs) == 0 {
		t.Fatalf("failing the firewall changes no pair: %+v", c)
	}
	var texts []string
	for _, p := range c.Pairs {
		texts = append(texts, p.Before, p.After)
	}
	for _, r := range c.Routes {
		texts = append(texts, r.Before, r.After)
	}
	for _, b := range c.BGP {
		texts = append(texts, b.Before, b.After)
	}
	for _, s := range texts {
		if ruleCode.MatchString(s) {
			t.Errorf("the What-if panel would show %q", s)
		}
	}
}
