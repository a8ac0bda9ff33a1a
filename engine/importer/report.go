package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Format names an input format.
type Format string

// The formats Import reads.
const (
	FormatAz        Format = "az"        // `az network … list/show` JSON
	FormatREST      Format = "rest"      // REST API bodies (GET answers, {"value": […]} lists): properties nested; read as az
	FormatARM       Format = "arm"       // ARM template (`az group export`)
	FormatTerraform Format = "terraform" // `terraform show -json`
)

// EntryKind classifies a report entry.
type EntryKind string

// Report entry kinds.
const (
	// Skipped: a whole resource that does not map (a storage account, a VM
	// extension), with why.
	Skipped EntryKind = "skipped"
	// Ignored: a property of an imported resource that vnetplay does not
	// model, or a value it could not read.
	Ignored EntryKind = "ignored"
	// Placeholder: a resource referred to but not in the file, added so the
	// design stays whole (a remote VNet in another subscription).
	Placeholder EntryKind = "placeholder"
	// Assumed: a value the file does not give that the import chose (an
	// on-premises site made from a local network gateway), with the choice.
	Assumed EntryKind = "assumed"
)

// Entry is one line of the import report.
type Entry struct {
	Kind EntryKind `json:"kind"`
	// Where is the place in the input ("resources[12]", "[3].subnets[1]",
	// "azurerm_route_table.spokes").
	Where string `json:"where"`
	// What is the resource type or property path concerned.
	What string `json:"what"`
	// Why says what happened and why, in a sentence.
	Why string `json:"why"`
	// ID is the vnetplay id of the resource concerned, when there is one.
	ID string `json:"id,omitempty"`
}

// Report is what an import did: the format, what it imported (counts per
// vnetplay collection) and every entry.
type Report struct {
	Format   Format         `json:"format"`
	Imported map[string]int `json:"imported"`
	Entries  []Entry        `json:"entries"`
}

// Add appends an entry.
func (r *Report) Add(kind EntryKind, where, what, why string) {
	r.Entries = append(r.Entries, Entry{Kind: kind, Where: where, What: what, Why: why})
}

// AddFor appends an entry about the vnetplay resource id.
func (r *Report) AddFor(kind EntryKind, id, where, what, why string) {
	r.Entries = append(r.Entries, Entry{Kind: kind, Where: where, What: what, Why: why, ID: id})
}

// Sort orders the entries deterministically (kind, where, what, why, id).
// It keeps every entry: the report never drops or merges what was left
// out, so two entries that read alike are two things.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Where, b.Where), cmp.Compare(a.What, b.What),
			cmp.Compare(a.Why, b.Why), cmp.Compare(a.ID, b.ID))
	})
}

// Text renders the report for a terminal: a summary line, the counts and
// one line per entry grouped by kind.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import report (%s)\n", r.Format)
	keys := make([]string, 0, len(r.Imported))
	for k := range r.Imported {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  imported %-24s %d\n", k, r.Imported[k])
	}
	if len(r.Entries) == 0 {
		b.WriteString("  everything in the file was imported\n")
	}
	var last EntryKind
	for _, e := range r.Entries {
		if e.Kind != last {
			fmt.Fprintf(&b, "%s:\n", e.Kind)
			last = e.Kind
		}
		id := ""
		if e.ID != "" {
			id = " (" + e.ID + ")"
		}
		fmt.Fprintf(&b, "  %s %s%s: %s\n", e.Where, e.What, id, e.Why)
	}
	return b.String()
}

// Brief is the first n entries in one line, for an error that has no
// design to show them with ("; left out: [3] Microsoft.Storage/… st: not a
// network resource; …"), "" when there are none.
func (r *Report) Brief(n int) string {
	if len(r.Entries) == 0 {
		return ""
	}
	var parts []string
	for _, e := range r.Entries[:min(n, len(r.Entries))] {
		parts = append(parts, e.Where+" "+e.What+": "+e.Why)
	}
	if more := len(r.Entries) - n; more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return "; the import report: " + strings.Join(parts, "; ")
}
