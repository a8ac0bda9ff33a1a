package workspace

import "fmt"

// RowCap is how many rows a routing table in the panels draws until the
// user asks for all of them: at 500 VNets with 1,000 on-premises prefixes a
// spoke's effective routes, a circuit's Loc-RIB and each of its neighbors'
// advertised and received paths run to more than a thousand rows each,
// and drawing them all took the page most of a second every time the
// table was drawn again (a failure and its restore: make bench-browser,
// fourteenth round). The counts stay whole, and "Show all" draws the rest.
const RowCap = 100

// tableRows is the set of tables the user asked to see whole
// (ShowAllRows), by table key: for example "routes:" and a subnet,
// "bgp-rib:" and a speaker.
type tableRows map[string]bool

// ShownRows is how many of a table's n rows the panel draws: all of them
// up to RowCap, else RowCap until the user asked for all (ShowAllRows).
func (w *Workspace) ShownRows(table string, n int) int {
	if n <= RowCap || w.rowsAll[table] {
		return n
	}
	return RowCap
}

// RowsCutText says what a table cut at shown of n rows leaves out ("" when
// nothing is).
func RowsCutText(shown, n int, what string) string {
	if shown >= n {
		return ""
	}
	return fmt.Sprintf("Showing the first %d of %d %s.", shown, n, what)
}

// ShowAllRows draws every row of a table cut at RowCap.
type ShowAllRows struct{ Table string }

func (a ShowAllRows) apply(w *Workspace) []Task {
	if w.rowsAll == nil {
		w.rowsAll = tableRows{}
	}
	w.rowsAll[a.Table] = true
	return nil
}
