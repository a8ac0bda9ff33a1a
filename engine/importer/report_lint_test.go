package importer

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/model"
)

// The import report never drops or merges what was left out: every lint
// finding by which the engine leaves part of the imported design out (the
// errors, and the warnings that say the engine ignores something Azure
// accepts) is an entry that names the element (the route, the NSG rule)
// by its design path, at the element's own place in the file.

// TestImportReportNamesWhatTheEngineLeavesOut imports az-full.json: route
// azure (prefix AzureCloud, a service tag Azure accepts in a UDR) is
// ignored by the engine and must be reported; routes default and rfc1918
// both fail route.appliance-unreachable and must be two entries, each
// naming its route at its own place; the nsg.service-tag warning
// (Storage.WestEurope: a tag the engine holds no ranges for, so the rule
// matches nothing) names rule deny-storage-out.
func TestImportReportNamesWhatTheEngineLeavesOut(t *testing.T) {
	res := importTestdata(t, "az-full.json", "az-full")
	rep := res.Report
	find := func(parts ...string) []Entry {
		var out []Entry
		for _, e := range rep.Entries {
			s := e.Where + " " + e.What + " " + e.ID + " " + e.Why
			if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(s, p) }) {
				out = append(out, e)
			}
		}
		return out
	}
	if got := find("route.service-tag", "routes[azure]", "AzureCloud"); len(got) != 1 || got[0].Kind != Ignored {
		t.Errorf("route azure (AzureCloud), which the engine ignores: %d entries %+v, want one Ignored entry naming it:\n%s", len(got), got, rep.Text())
	}
	unreachable := find("route.appliance-unreachable")
	var named []string
	for _, e := range unreachable {
		for _, route := range []string{"default", "rfc1918"} {
			if strings.Contains(e.What, "routes["+route+"]") {
				named = append(named, route+" at "+e.Where)
			}
		}
	}
	slices.Sort(named)
	if len(unreachable) != 2 || len(named) != 2 || !strings.HasPrefix(named[0], "default") || !strings.HasPrefix(named[1], "rfc1918") ||
		strings.TrimPrefix(named[0], "default") == strings.TrimPrefix(named[1], "rfc1918") {
		t.Errorf("route.appliance-unreachable: %d entries naming %q; want one per route (default, rfc1918), each at its own place:\n%s", len(unreachable), named, rep.Text())
	}
	if got := find("nsg.service-tag", "deny-storage-out", "Storage.WestEurope"); len(got) != 1 || got[0].Kind != Ignored {
		t.Errorf("the nsg.service-tag warning does not name rule deny-storage-out in one Ignored entry (%d entries):\n%s", len(got), rep.Text())
	}
	checkLintEntries(t, res)
}

// checkLintEntries checks that every lint finding by which the engine
// leaves part of res's design out has its own entry naming its design
// path.
func checkLintEntries(t *testing.T, res *Result) {
	t.Helper()
	for _, d := range engine.Validate(res.Document) {
		if d.Severity != model.Error && !leavesOut[d.Code] {
			continue
		}
		if !slices.ContainsFunc(res.Report.Entries, func(e Entry) bool {
			return e.Kind == Ignored && strings.Contains(e.What, d.Code) && strings.Contains(e.What, d.Path) && strings.Contains(e.Why, d.Msg)
		}) {
			t.Errorf("no entry names lint finding %s", d.String())
		}
	}
}

// TestReportSortKeepsEveryEntry: Sort orders entries deterministically and
// keeps entries that differ in any field, and even identical ones (two
// entries are two things left out).
func TestReportSortKeepsEveryEntry(t *testing.T) {
	e := Entry{Kind: Ignored, Where: "[2][0]", What: "lint x", Why: "same"}
	withID := e
	withID.ID = "rt"
	rep := Report{Entries: []Entry{withID, e, e}}
	rep.Sort()
	if len(rep.Entries) != 3 {
		t.Fatalf("Sort kept %d of 3 entries: %+v", len(rep.Entries), rep.Entries)
	}
	if rep.Entries[0].ID != "" || rep.Entries[2].ID != "rt" {
		t.Errorf("Sort order %+v; want the entry without an id first", rep.Entries)
	}
	other := Report{Entries: []Entry{e, withID, e}}
	other.Sort()
	if !slices.Equal(rep.Entries, other.Entries) {
		t.Errorf("Sort depends on the input order: %+v vs %+v", rep.Entries, other.Entries)
	}
}
