package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// TestRawTableMarkup: a raw table is the markup go-app would draw for the
// same table, every text and attribute escaped (a route's reason or a
// name may hold <, & or quotes), empty attributes left out.
func TestRawTableMarkup(t *testing.T) {
	tb := newRawTable("bgp-rib", "data", `Best <paths> & "more"`, "sr-only", "Network", "A&B")
	tb.row("", `won: "shorter" <AS path>`, monoCell("10.0.0.0/16"), plainCell("x<y"))
	tb.row("why state-active", "", rawCell{text: "it's", span: 2})
	got := app.HTMLString(tb.UI())
	want := `<table id="bgp-rib" class="data"><caption class="sr-only">Best &lt;paths&gt; &amp; &#34;more&#34;</caption>` +
		`<thead><tr><th scope="col">Network</th><th scope="col">A&amp;B</th></tr></thead><tbody>` +
		`<tr title="won: &#34;shorter&#34; &lt;AS path&gt;"><td class="mono">10.0.0.0/16</td><td>x&lt;y</td></tr>` +
		`<tr class="why state-active"><td colspan="2">it&#39;s</td></tr></tbody></table>`
	if strings.TrimSpace(got) != want {
		t.Fatalf("raw table\n got %s\nwant %s", got, want)
	}
	if empty := app.HTMLString(newRawTable("", "", "", "", "Prefix").UI()); strings.TrimSpace(empty) != `<table><thead><tr><th scope="col">Prefix</th></tr></thead><tbody></tbody></table>` {
		t.Fatalf("an empty table: %s", empty)
	}
	items := []string{"spoke1/app 10.0.0.0/8: a → <none>", "b & c"}
	list := app.HTMLString(rawList("diff-routes", "diff-list mono", len(items), func(i int) string { return items[i] }))
	if strings.TrimSpace(list) != `<ul id="diff-routes" class="diff-list mono"><li>spoke1/app 10.0.0.0/8: a → &lt;none&gt;</li><li>b &amp; c</li></ul>` {
		t.Fatalf("a raw list: %s", list)
	}
}

// TestWordCellBreaksBetweenWords: a cell of words may wrap where a word
// of a camel-case name starts, and nowhere else; its text is unchanged.
func TestWordCellBreaksBetweenWords(t *testing.T) {
	for in, want := range map[string]string{
		"VirtualNetworkGateway": "Virtual<wbr>Network<wbr>Gateway",
		"VNetPeering":           "VNet<wbr>Peering",
		"VnetLocal":             "Vnet<wbr>Local",
		"Internet":              "Internet",
		"None":                  "None",
		"":                      "",
		"a<B&C":                 "a&lt;B&amp;C",
		"VirtualAppliance, Ab":  "Virtual<wbr>Appliance, Ab",
	} {
		tb := newRawTable("", "", "", "", "Next hop type")
		tb.row("", "", wordCell(in))
		got := app.HTMLString(tb.UI())
		cell := got[strings.Index(got, "<tbody><tr><td>")+len("<tbody><tr><td>") : strings.Index(got, "</td></tr></tbody>")]
		if cell != want {
			t.Errorf("wordCell(%q) is drawn %q, want %q", in, cell, want)
		}
	}
}

// TestMatrixCellAction: a matrix cell's button says what a click does —
// a group cell drills into its endpoints, an endpoint pair's shows its
// walk — and anything else does nothing.
func TestMatrixCellAction(t *testing.T) {
	for _, c := range []struct {
		act, from, to string
		want          workspace.Action
	}{
		{actDrill, "vnet:spoke1", "vnet:hub", workspace.DrillMatrix{From: "vnet:spoke1", To: "vnet:hub"}},
		{actWalk, "vm1/nic0", "vm2/nic0", workspace.PickWalk{From: "vm1/nic0", To: "vm2/nic0"}},
		{actWalk, "", "vm2/nic0", nil},
		{"", "vm1/nic0", "vm2/nic0", nil},
		{"other", "vm1/nic0", "vm2/nic0", nil},
	} {
		if got := cellAction(c.act, c.from, c.to); got != c.want {
			t.Errorf("cellAction(%q, %q, %q) = %#v, want %#v", c.act, c.from, c.to, got, c.want)
		}
	}
}

// TestOptionsMarkup: a long list's options are one group, the chosen one
// selected, every value escaped.
func TestOptionsMarkup(t *testing.T) {
	got := app.HTMLString(optionsMarkup(nicsGroup, []string{"vm1/nic0", `a"b<c`}, `a"b<c`))
	want := `<optgroup label="Network interfaces"><option value="vm1/nic0">vm1/nic0</option><option value="a&#34;b&lt;c" selected="selected">a&#34;b&lt;c</option></optgroup>`
	if strings.TrimSpace(got) != want {
		t.Fatalf("options\n got %s\nwant %s", got, want)
	}
}
