package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// IconKind names one of vnetplay's own icons: one per resource kind of the
// engine, plus the logo. All icons are drawn on a 24×24 grid with strokes in
// currentColor, so they follow the text colour (and dark mode).
type IconKind string

// The icon set. Values are stable: they appear in CSS classes and tests.
const (
	IconLogo        IconKind = "logo"
	IconVNet        IconKind = "vnet"
	IconSubnet      IconKind = "subnet"
	IconVM          IconKind = "vm"
	IconNVA         IconKind = "nva"
	IconRouteTable  IconKind = "route-table"
	IconNSG         IconKind = "nsg"
	IconVPNGateway  IconKind = "vpn-gateway"
	IconERGateway   IconKind = "er-gateway"
	IconERCircuit   IconKind = "er-circuit"
	IconOnPrem      IconKind = "on-prem"
	IconP2S         IconKind = "p2s"
	IconRouteServer IconKind = "route-server"
	IconInternet    IconKind = "internet"
	IconLB          IconKind = "load-balancer"
	IconLNG         IconKind = "lng"
	IconPublicIP    IconKind = "public-ip"
	IconNATGateway  IconKind = "nat-gateway"
	// Private endpoints and name resolution.
	IconPrivateEndpoint IconKind = "private-endpoint"
	IconDNSZone         IconKind = "dns-zone"
	IconDNSResolver     IconKind = "dns-resolver"
	IconDNSRuleset      IconKind = "dns-ruleset"
)

// shape is one SVG primitive of an icon, with its attributes in order.
type shape struct {
	tag   string
	attrs [][2]string
}

func path(d string) shape { return shape{"path", [][2]string{{"d", d}}} }
func circle(cx, cy, r string) shape {
	return shape{"circle", [][2]string{{"cx", cx}, {"cy", cy}, {"r", r}}}
}
func dot(cx, cy string) shape {
	return shape{"circle", [][2]string{{"cx", cx}, {"cy", cy}, {"r", "1.3"}, {"class", "icon-fill"}}}
}
func rect(x, y, w, h, rx string) shape {
	return shape{"rect", [][2]string{{"x", x}, {"y", y}, {"width", w}, {"height", h}, {"rx", rx}}}
}

// iconShapes returns the primitives of an icon; nil for an unknown kind.
func iconShapes(k IconKind) []shape {
	switch k {
	case IconLogo: // three peered networks
		return []shape{
			path("M7.5 8.5 L12 16 M16.5 8.5 L12 16 M8 6 H16"),
			circle("5.5", "6", "2.5"), circle("18.5", "6", "2.5"), circle("12", "18", "2.8"),
		}
	case IconVNet: // <···>
		return []shape{path("M7 5 L2.5 12 L7 19 M17 5 L21.5 12 L17 19"), dot("8.5", "12"), dot("12", "12"), dot("15.5", "12")}
	case IconSubnet:
		return []shape{rect("3", "4", "18", "16", "2"), rect("7", "8", "10", "8", "1")}
	case IconVM:
		return []shape{rect("3", "4", "18", "12", "1.5"), path("M9 20 H15 M12 16 V20")}
	case IconNVA: // brick wall
		return []shape{rect("3", "5", "18", "14", "1"), path("M3 9.7 H21 M3 14.3 H21 M9 5 V9.7 M15 5 V9.7 M6 9.7 V14.3 M12 9.7 V14.3 M18 9.7 V14.3 M9 14.3 V19 M15 14.3 V19")}
	case IconRouteTable: // table with a turning arrow
		return []shape{rect("3", "3", "18", "18", "1.5"), path("M3 8 H21 M9 8 V21"), path("M12.5 17 H16.5 V12 M14.5 14 L16.5 12 L18.5 14")}
	case IconNSG: // shield with a check
		return []shape{path("M12 3 L19.5 6 V11.5 C19.5 16 16.3 19.3 12 21 C7.7 19.3 4.5 16 4.5 11.5 V6 Z"), path("M8.5 12 L11 14.5 L15.5 9.5")}
	case IconVPNGateway: // padlock
		return []shape{rect("5", "10.5", "14", "10", "1.5"), path("M8 10.5 V7.5 A4 4 0 0 1 16 7.5 V10.5"), path("M12 14.5 V16.8")}
	case IconERGateway: // bolt in a circle
		return []shape{circle("12", "12", "9"), path("M13 5.5 L8.5 13 H12 L11 18.5 L15.5 11 H12 Z")}
	case IconERCircuit: // two routers, dual links
		return []shape{rect("2.5", "8", "5", "8", "1"), rect("16.5", "8", "5", "8", "1"), path("M7.5 10 H16.5 M7.5 14 H16.5")}
	case IconOnPrem: // building
		return []shape{path("M4 21 V6 L12 3 V21 M12 9 H20 V21 M2.5 21 H21.5"), path("M7 8 H9 M7 12 H9 M7 16 H9 M15 13 H17 M15 17 H17")}
	case IconP2S: // user with a laptop
		return []shape{circle("12", "7", "3.5"), path("M5 20 C5 15.5 8 13 12 13 C16 13 19 15.5 19 20")}
	case IconRouteServer: // server stack with a route dot
		return []shape{rect("4", "3.5", "16", "7", "1.5"), rect("4", "13.5", "16", "7", "1.5"), dot("8", "7"), dot("8", "17"), path("M12 7 H16.5 M12 17 H16.5")}
	case IconLB: // one frontend fanning out to backends
		return []shape{circle("12", "5", "2.5"), path("M12 7.5 V11 M5 16.5 V14 H19 V16.5 M12 11 V16.5"), dot("5", "18.5"), dot("12", "18.5"), dot("19", "18.5")}
	case IconLNG: // the on-premises VPN device: a box with a padlock slot
		return []shape{rect("3", "8", "18", "9", "1.5"), path("M7 12.5 H11 M15 11 V14 M17 11 V14"), path("M8 8 V6 A4 4 0 0 1 16 6 V8")}
	case IconPublicIP: // an address tag
		return []shape{path("M3.5 12 L9 6 H20.5 V18 H9 Z"), circle("9.5", "12", "1.6"), path("M13.5 10 H17.5 M13.5 14 H17.5")}
	case IconNATGateway: // many private flows leaving by one address
		return []shape{path("M3 5.5 L10 12 L3 18.5 M3 12 H10"), path("M10 12 H20.5 M17 8.5 L20.5 12 L17 15.5"), dot("10", "12")}
	case IconPrivateEndpoint: // a plug into a box: a NIC that leads to a service
		return []shape{rect("11", "5", "10", "14", "2"), path("M3 12 H11 M7 9.5 V14.5"), dot("16", "12")}
	case IconDNSZone: // a zone file: a page with name lines
		return []shape{path("M5 3.5 H14.5 L19 8 V20.5 H5 Z M14.5 3.5 V8 H19"), path("M8 12 H16 M8 15.5 H16 M8 19 H12")}
	case IconDNSResolver: // a question answered: ? in a circle with an arrow out
		return []shape{circle("10", "12", "6.5"), path("M8 10 C8 7.5 12 7.5 12 10 C12 11.5 10 11.7 10 13.2"), dot("10", "15.8"), path("M16.5 12 H21.5 M19 9.5 L21.5 12 L19 14.5")}
	case IconDNSRuleset: // a list of rules, each pointing on
		return []shape{path("M3.5 6 H12 M3.5 12 H12 M3.5 18 H12"), path("M15 6 H20.5 M18 3.5 L20.5 6 L18 8.5 M15 18 H20.5 M18 15.5 L20.5 18 L18 20.5")}
	case IconInternet: // globe
		return []shape{circle("12", "12", "9"), path("M3 12 H21 M12 3 C8.8 6 8.8 18 12 21 M12 3 C15.2 6 15.2 18 12 21")}
	}
	return nil
}

// Icon renders kind as an inline SVG of size×size pixels, with every element
// in the SVG namespace. label, when not empty, becomes the accessible name;
// otherwise the icon is decorative (aria-hidden).
func Icon(kind IconKind, size int, label string) app.UI {
	shapes := iconShapes(kind)
	children := make([]app.UI, 0, len(shapes))
	for _, s := range shapes {
		el := S(s.tag)
		for _, a := range s.attrs {
			el = el.Attr(a[0], a[1])
		}
		children = append(children, el)
	}
	svg := S("svg").
		Class("icon", "icon-"+string(kind)).
		Attr("viewBox", "0 0 24 24").
		Attr("width", size).
		Attr("height", size).
		Attr("fill", "none").
		Attr("stroke", "currentColor").
		Attr("stroke-width", "1.6").
		Attr("stroke-linecap", "round").
		Attr("stroke-linejoin", "round")
	if label != "" {
		svg = svg.Attr("role", "img").Aria("label", label)
	} else {
		svg = svg.Aria("hidden", "true")
	}
	return svg.Body(children...)
}
