package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// cutRows is how many of a routing table's n rows the panel draws
// (workspace.ShownRows) and, when that leaves some out, the line that says
// so with the button that draws them all (nil otherwise). table names the
// table (workspace.ShowAllRows), what its rows ("routes", "paths").
func (s *Shell) cutRows(table string, n int, what string) (int, app.UI) {
	shown := s.ws.ShownRows(table, n)
	if shown >= n {
		return n, nil
	}
	return shown, app.P().Class("hint rows-cut").DataSet("table", table).Body(
		app.Text(workspace.RowsCutText(shown, n, what)+" "),
		app.Button().Class("btn btn-small").Text(fmt.Sprintf("Show all %d", n)).OnClick(s.on(workspace.ShowAllRows{Table: table})),
	)
}
