package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
)

// paletteKinds lists the resource kinds in the order shown to the user.
// ready is false for the Internet, which is always on the canvas.
var paletteKinds = []struct {
	Kind  IconKind
	Label string
	ready bool
}{
	{IconVNet, "Virtual network", true},
	{IconSubnet, "Subnet", true},
	{IconVM, "VM / NIC", true},
	{IconNVA, "Network virtual appliance", true},
	{IconRouteTable, "Route table", true},
	{IconNSG, "Network security group", true},
	{IconVPNGateway, "VPN gateway", true},
	{IconERGateway, "ExpressRoute gateway", true},
	{IconERCircuit, "ExpressRoute circuit", true},
	{IconOnPrem, "On-premises site", true},
	{IconP2S, "P2S client pool", true},
	{IconRouteServer, "Route Server", true},
	{IconInternet, "Internet", false},
}

func (s *Shell) renderPalette() app.UI {
	return app.Aside().Class("palette").Aria("label", "Resources").Body(
		app.H2().Text("Resources"),
		app.P().Class("hint").Text("Drag onto the canvas, or press Enter to add."),
		app.Ul().Class("palette-list").Body(
			app.Range(paletteKinds).Slice(func(i int) app.UI {
				k := paletteKinds[i]
				b := app.Button().Class("palette-item").DataSet("kind", string(k.Kind)).Body(
					Icon(k.Kind, 20, ""),
					app.Span().Text(k.Label),
				)
				if !k.ready {
					return app.Li().Body(b.Disabled(true).Title(k.Label + " is always on the canvas"))
				}
				kind := canvas.NodeKind(k.Kind)
				return app.Li().Body(b.
					Title("Drag onto the canvas to add a "+k.Label).
					On("pointerdown", func(ctx app.Context, e app.Event) { s.onPaletteDown(ctx, e, kind) }).
					On("pointermove", s.onPaletteMove).
					On("pointerup", s.onPaletteUp).
					On("pointercancel", s.onPointerCancel).
					OnClick(func(ctx app.Context, e app.Event) {
						if e.Get("detail").Int() == 0 { // keyboard: Enter or Space
							s.placeAtCentre(kind)
						}
					}))
			}),
		),
	)
}

func (s *Shell) onPaletteDown(ctx app.Context, e app.Event, kind canvas.NodeKind) {
	if e.Get("button").Int() != 0 {
		return
	}
	e.PreventDefault()
	id := e.Get("pointerId").Int()
	ctx.JSSrc().Call("setPointerCapture", id)
	s.g = gesture{kind: gesturePlace, pointer: id, origin: canvasOrigin(), place: kind, seq: s.g.seq + 1}
	s.g.start = s.g.local(e)
}

// overCanvas reports whether a canvas-local point lies on the canvas.
func overCanvas(p canvas.Point) bool {
	el := app.Window().GetElementByID("canvas")
	if !el.Truthy() {
		return false
	}
	r := el.Call("getBoundingClientRect")
	return p.X >= 0 && p.Y >= 0 && p.X <= r.Get("width").Float() && p.Y <= r.Get("height").Float()
}

func (s *Shell) onPaletteMove(ctx app.Context, e app.Event) {
	if s.g.kind != gesturePlace || e.Get("pointerId").Int() != s.g.pointer {
		ctx.PreventUpdate()
		return
	}
	p := s.g.local(e)
	s.g.over = overCanvas(p)
	s.g.at = s.view.ToWorld(p)
}

func (s *Shell) onPaletteUp(ctx app.Context, e app.Event) {
	if s.g.kind != gesturePlace || e.Get("pointerId").Int() != s.g.pointer {
		ctx.PreventUpdate()
		return
	}
	g := s.g
	s.g = gesture{seq: g.seq}
	p := g.local(e)
	if !overCanvas(p) {
		if p == g.start { // a plain click on the item
			s.placeAtCentre(g.place)
		}
		return
	}
	s.place(g.place, s.view.ToWorld(p))
}

// placeAtCentre adds kind without a drop point: in the middle of the view,
// or into the selected VNet or subnet for subnets and VMs.
func (s *Shell) placeAtCentre(kind canvas.NodeKind) {
	at := canvas.Point{X: 200, Y: 120}
	if el := app.Window().GetElementByID("canvas"); el.Truthy() {
		r := el.Call("getBoundingClientRect")
		at = canvas.Point{X: r.Get("width").Float()/2 - 150, Y: r.Get("height").Float()/2 - 60}
	}
	world := s.view.ToWorld(at)
	if n, ok := s.snap().Scene.Node(s.selected); ok && dropsInto(kind) {
		world = n.Box.Center()
	}
	s.place(kind, world)
}

// dropsInto reports whether a kind is added into an existing resource
// (subnet into a VNet, VM into a subnet, gateway into a VNet, P2S onto a
// gateway) rather than at a free position.
func dropsInto(kind canvas.NodeKind) bool {
	switch kind {
	case canvas.KindSubnet, canvas.KindVM, canvas.KindNVA, canvas.KindVPNGateway, canvas.KindERGateway, canvas.KindRouteServer, canvas.KindP2S:
		return true
	}
	return false
}

// place adds a resource of kind at world point p: a subnet into the VNet
// under p, a VM or NVA into the subnet under p.
func (s *Shell) place(kind canvas.NodeKind, p canvas.Point) {
	sc := s.snap().Scene
	under, hit := sc.HitTest(p)
	var e store.Edit
	switch kind {
	case canvas.KindVNet:
		e = store.AddVNet{At: p}
	case canvas.KindRouteTable:
		e = store.AddRouteTable{At: p}
	case canvas.KindNSG:
		e = store.AddNSG{At: p}
	case canvas.KindSubnet:
		v, ok := sc.Within(under, canvas.KindVNet)
		if !hit || !ok {
			s.say("Drop a subnet onto a virtual network", true)
			return
		}
		e = store.AddSubnet{VNet: v.Ref}
	case canvas.KindVM, canvas.KindNVA:
		sn, ok := sc.Within(under, canvas.KindSubnet)
		if !hit || !ok {
			s.say("Drop a VM or NVA onto a subnet", true)
			return
		}
		e = store.AddVM{Subnet: sn.Ref, NVA: kind == canvas.KindNVA}
	case canvas.KindVPNGateway, canvas.KindERGateway, canvas.KindRouteServer:
		v, ok := sc.Within(under, canvas.KindVNet)
		if !hit || !ok {
			s.say("Drop a gateway or Route Server onto a virtual network", true)
			return
		}
		if kind == canvas.KindRouteServer {
			e = store.AddRouteServer{VNet: v.Ref}
		} else {
			e = store.AddGateway{VNet: v.Ref, ExpressRoute: kind == canvas.KindERGateway}
		}
	case canvas.KindSite:
		e = store.AddSite{At: p}
	case canvas.KindCircuit:
		e = store.AddCircuit{At: p}
	case canvas.KindP2S:
		if !hit || under.Kind != canvas.KindVPNGateway {
			s.say("Drop a P2S client pool onto a VPN gateway", true)
			return
		}
		e = store.AddP2S{Gateway: under.Ref}
	default:
		return
	}
	if s.apply(e) == nil {
		s.say("Added: "+e.Label()[len("add "):], false)
	}
}
