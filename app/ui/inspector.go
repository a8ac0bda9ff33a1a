package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
)

// inspectorState keeps what the user typed into fields whose value was
// refused, with the reason, so that nothing typed is lost: the field shows
// the typed text and the error until it is fixed or reverted (Escape).
type inspectorState struct {
	typed map[string]string
	errs  map[string]string
}

func (st *inspectorState) set(path, typed, err string) {
	if st.typed == nil {
		st.typed, st.errs = map[string]string{}, map[string]string{}
	}
	st.typed[path], st.errs[path] = typed, err
}

func (st *inspectorState) clear(path string) {
	delete(st.typed, path)
	delete(st.errs, path)
}

func kindTitle(k canvas.NodeKind) string {
	switch k {
	case canvas.KindVNet:
		return "Virtual network"
	case canvas.KindSubnet:
		return "Subnet"
	case canvas.KindVM, canvas.KindNVA:
		return "Virtual machine"
	case canvas.KindLB:
		return "Internal load balancer"
	case canvas.KindRouteTable:
		return "Route table"
	case canvas.KindNSG:
		return "Network security group"
	case store.Peering:
		return "VNet peering"
	case canvas.KindInternet:
		return "Internet"
	case store.Gateway:
		return "Virtual network gateway"
	case store.Connection:
		return "Connection"
	case canvas.KindRouteServer:
		return "Route Server"
	case canvas.KindSite:
		return "On-premises site"
	case canvas.KindLNG:
		return "Local network gateway"
	case canvas.KindCircuit:
		return "ExpressRoute circuit"
	case canvas.KindP2S:
		return "Point-to-site configuration"
	}
	return string(k)
}

func (s *Shell) renderInspector() app.UI {
	snap := s.snap()
	r, ok := snap.RefForKey(s.selected)
	if !ok || r.Kind == canvas.KindInternet {
		t := snap.Doc.Topology
		return app.Div().ID("inspector").Body(
			app.P().Class("empty").Text("Select a resource on the canvas to edit it."),
			app.Dl().Class("stats").Body(
				app.Dt().Text("VNets"), app.Dd().Text(len(t.VNets)),
				app.Dt().Text("Peerings"), app.Dd().Text(len(t.Peerings)),
				app.Dt().Text("VMs and NVAs"), app.Dd().Text(len(t.VMs)),
				app.Dt().Text("Route tables"), app.Dd().Text(len(t.RouteTables)),
				app.Dt().Text("NSGs"), app.Dd().Text(len(t.NSGs)),
			),
		)
	}
	fields, err := snap.Fields(r)
	if err != nil {
		return app.P().Class("empty").Text(err.Error())
	}
	icon := iconFor(r.Kind)
	switch r.Kind {
	case store.Peering:
		icon = IconVNet
	case store.Gateway, store.Connection:
		icon = IconVPNGateway
	}
	return app.Div().ID("inspector").DataSet("ref", r.String()).Body(
		app.Div().Class("insp-head").Body(
			Icon(icon, 22, ""),
			app.Div().Body(
				app.Div().Class("insp-kind").Text(kindTitle(r.Kind)),
				app.Div().Class("insp-id mono").Text(r.ID),
			),
			s.renderFailButton(r),
			app.Button().ID("delete").Class("btn btn-danger").Title("Delete (Del)").Text("Delete").
				OnClick(func(ctx app.Context, e app.Event) { s.deleteSelection() }),
		),
		app.Div().Class("insp-fields").Body(s.renderFields(r, fields)...),
	)
}

func (s *Shell) renderFields(r store.Ref, fields []store.Field) []app.UI {
	out := make([]app.UI, 0, len(fields))
	for _, f := range fields {
		out = append(out, s.renderField(r, f))
	}
	return out
}

// fieldID makes an element id from a property path.
func fieldID(path string) string {
	return "prop-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(path)
}

func (s *Shell) commit(r store.Ref, path, value string) {
	err := s.sess.Apply(store.SetProperty{Ref: r, Path: path, Value: value})
	if err == nil {
		s.insp.clear(path)
		s.notice = notice{}
		s.changed()
		return
	}
	var rej *store.RejectedError
	msg := err.Error()
	if errors.As(err, &rej) {
		msg = "Not applied: " + rej.Error()
	}
	s.insp.set(path, value, msg)
}

func (s *Shell) renderField(r store.Ref, f store.Field) app.UI {
	id := fieldID(f.Path)
	label := app.Label().For(id).Text(f.Name)
	switch f.Kind {
	case store.Group:
		return app.FieldSet().Class("insp-group").Body(
			append([]app.UI{app.Legend().Text(f.Name)}, s.renderFields(r, f.Children)...)...)
	case store.Items:
		items := []app.UI{app.Legend().Text(f.Name + " (" + strconv.Itoa(len(f.Children)) + ")")}
		for i, c := range f.Children {
			items = append(items, app.Div().Class("insp-item").Body(
				app.Div().Class("insp-item-head").Body(
					app.Span().Text("#"+c.Name),
					app.Button().Class("btn btn-small").Title("Remove this element").Text("Remove").
						OnClick(func(ctx app.Context, e app.Event) {
							s.apply(store.RemoveItem{Ref: r, Path: f.Path, Index: i})
						}),
				),
				app.Div().Body(s.renderFields(r, c.Children)...),
			))
		}
		items = append(items, app.Button().Class("btn btn-small").ID(id+"-add").Text("Add "+singular(f.Name)).
			OnClick(func(ctx app.Context, e app.Event) { s.apply(store.AddItem{Ref: r, Path: f.Path}) }))
		return app.FieldSet().Class("insp-group insp-items").Body(items...)
	case store.Bool:
		return app.Div().Class("insp-row insp-check").Body(
			app.Input().Type("checkbox").ID(id).Checked(f.Value == "true").Disabled(f.ReadOnly).
				OnChange(func(ctx app.Context, e app.Event) {
					s.commit(r, f.Path, boolText(ctx.JSSrc().Get("checked").Bool()))
				}),
			label,
		)
	}
	value, errText := f.Value, ""
	if typed, ok := s.insp.typed[f.Path]; ok {
		value, errText = typed, s.insp.errs[f.Path]
	}
	var input app.UI
	refs := s.refOptions(f.Name)
	switch {
	case refs != nil && !f.ReadOnly:
		input = s.selectInput(r, f, id, value, refs, map[string]string{"": "(none)"})
	case f.Kind == store.OptBool:
		input = s.selectInput(r, f, id, value, []string{"", "true", "false"}, map[string]string{"": "Azure default"})
	case len(f.Options) > 0:
		input = s.selectInput(r, f, id, value, f.Options, map[string]string{"": "(none)"})
	default:
		in := app.Input().Type("text").ID(id).Value(value).ReadOnly(f.ReadOnly).
			Class("mono").Attr("spellcheck", "false").Aria("invalid", errText != "")
		if f.Kind == store.List {
			in = in.Placeholder("comma-separated")
		}
		if !f.ReadOnly {
			in = in.OnChange(func(ctx app.Context, e app.Event) { s.commit(r, f.Path, ctx.JSSrc().Get("value").String()) }).
				On("keydown", func(ctx app.Context, e app.Event) {
					if e.Get("key").String() == "Escape" { // revert to the stored value
						s.insp.clear(f.Path)
						ctx.JSSrc().Set("value", f.Value)
					}
				})
		}
		if errText != "" {
			in = in.Aria("describedby", id+"-err")
		}
		input = in
	}
	return app.Div().Class("insp-row").Body(
		label,
		input,
		app.If(errText != "", func() app.UI {
			return app.Div().ID(id+"-err").Class("field-error").Attr("role", "alert").Text(errText)
		}),
	)
}

// refOptions lists the ids a reference property may take, with "" for
// none where the reference is optional; nil for other properties.
func (s *Shell) refOptions(name string) []string {
	t := s.snap().Doc.Topology
	var out []string
	switch name {
	case "routeTable":
		out = append(out, "")
		for _, x := range t.RouteTables {
			out = append(out, x.ID)
		}
	case "networkSecurityGroup":
		out = append(out, "")
		for _, x := range t.NSGs {
			out = append(out, x.ID)
		}
	case "subnet":
		for _, v := range t.VNets {
			for _, sn := range v.Subnets {
				out = append(out, v.ID+"/"+sn.Name)
			}
		}
	case "vnet":
		for _, v := range t.VNets {
			out = append(out, v.ID)
		}
	default:
		return nil
	}
	return out
}

func (s *Shell) selectInput(r store.Ref, f store.Field, id, value string, opts []string, names map[string]string) app.UI {
	return app.Select().ID(id).Disabled(f.ReadOnly).
		OnChange(func(ctx app.Context, e app.Event) { s.commit(r, f.Path, ctx.JSSrc().Get("value").String()) }).
		Body(app.Range(opts).Slice(func(i int) app.UI {
			text := opts[i]
			if n, ok := names[text]; ok {
				text = n
			}
			return app.Option().Value(opts[i]).Selected(opts[i] == value).Text(text)
		}), app.If(!slices.Contains(opts, value), func() app.UI {
			// A dangling reference stays visible (and selected) until fixed.
			return app.Option().Value(value).Selected(true).Text(value + " (missing)")
		}))
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// singular turns a list property's name into its element's ("routes" →
// "route", "securityRules" → "security rule").
func singular(name string) string {
	name = strings.TrimSuffix(name, "s")
	var b strings.Builder
	for _, r := range name {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
