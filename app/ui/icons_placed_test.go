package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestPlacePath: absolute coordinates scaled and moved, relative ones and
// arc radii scaled, arc rotation and flags kept, H and V by their axis.
func TestPlacePath(t *testing.T) {
	p := placement{scale: 0.5, dx: 100, dy: 200}
	for _, c := range []struct{ in, want string }{
		{"M7 5 L2.5 12 Z", "M 103.5 202.5 L 101.25 206 Z"},
		{"M3 9.7 H21 V19", "M 101.5 204.85 H 110.5 V 209.5"},
		{"M8 10.5 V7.5 A4 4 0 0 1 16 7.5", "M 104 205.25 V 203.75 A 2 2 0 0 1 108 203.75"},
		{"M12 3 C8.8 6 8.8 18 12 21", "M 106 201.5 C 104.4 203 104.4 209 106 210.5"},
		{"m2 4 l-2 6 h4 v-8", "m 1 2 l -1 3 h 2 v -4"},
	} {
		if got := p.path(c.in); got != c.want {
			t.Errorf("path(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPlacedIconIsIcon: every icon placed has Icon's shapes, in order,
// with its numbers mapped from the 24×24 grid (circles and rectangles
// included), and no nested SVG or transform.
func TestPlacedIconIsIcon(t *testing.T) {
	p := placement{scale: 20.0 / 24, dx: 10, dy: 7}
	for _, k := range []IconKind{IconLogo, IconVNet, IconSubnet, IconVM, IconNVA, IconRouteTable, IconNSG, IconVPNGateway,
		IconERGateway, IconERCircuit, IconOnPrem, IconP2S, IconRouteServer, IconInternet, IconLB, IconLNG, IconPublicIP,
		IconNATGateway, IconPrivateEndpoint, IconDNSZone, IconDNSResolver, IconDNSRuleset} {
		shapes := iconShapes(k)
		if len(shapes) == 0 {
			t.Fatalf("%s: no shapes", k)
		}
		html := app.HTMLString(PlacedIcon(k, 20, 10, 7).UI())
		if strings.Contains(html, "<svg") || strings.Contains(html, "transform") {
			t.Fatalf("%s: placed icon nests an SVG or a transform: %s", k, html)
		}
		for _, sh := range shapes {
			for _, a := range sh.attrs {
				want := a[0] + `="` + p.attr(sh.tag, a[0], a[1]) + `"`
				if !strings.Contains(html, want) {
					t.Errorf("%s: %s lacks %s: %s", k, sh.tag, want, html)
				}
			}
		}
		if got := strings.Count(html, "</"); got != len(shapes)+1 {
			t.Errorf("%s: %d elements, want %d shapes in one group", k, got-1, len(shapes))
		}
	}
}
