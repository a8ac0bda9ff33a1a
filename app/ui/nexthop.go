package ui

import (
	"net/netip"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// nextHopState is the Next hop tool's input and answer.
type nextHopState struct {
	from, dst string
	answer    string
	err       bool
}

func (s *Shell) renderNextHop() app.UI {
	nics := s.snap().Plane.NICs()
	if len(nics) == 0 {
		return nil
	}
	from := s.nh.from
	if from == "" {
		from = nics[0]
		// Default to a NIC of the subnet the Routes tab shows.
		if subnet := s.routesSubnet(); subnet != "" {
			for _, id := range nics {
				if n, ok := s.snap().Plane.NIC(id); ok && n.Subnet == subnet {
					from = id
					break
				}
			}
		}
	}
	return app.Div().ID("nexthop").Class("tool").Body(
		app.H3().Text("Next hop"),
		app.Div().Class("insp-row").Body(
			app.Label().For("nh-from").Text("From"),
			app.Select().ID("nh-from").OnChange(func(ctx app.Context, e app.Event) { s.nh.from = ctx.JSSrc().Get("value").String() }).
				Body(app.Range(nics).Slice(func(i int) app.UI {
					return app.Option().Value(nics[i]).Selected(nics[i] == from).Text(nics[i])
				})),
		),
		app.Div().Class("insp-row").Body(
			app.Label().For("nh-dst").Text("Destination IP"),
			app.Input().Type("text").ID("nh-dst").Class("mono").Placeholder("e.g. 10.1.1.4").Value(s.nh.dst).
				OnChange(func(ctx app.Context, e app.Event) {
					s.nh.from = from
					s.nh.dst = ctx.JSSrc().Get("value").String()
					s.computeNextHop()
				}),
		),
		app.If(s.nh.answer != "", func() app.UI {
			cls := "nh-answer"
			if s.nh.err {
				cls += " field-error"
			}
			return app.P().ID("nh-answer").Class(cls).Text(s.nh.answer)
		}),
	)
}

// computeNextHop answers like Network Watcher's Next hop (F7): next-hop
// type, IP and the route table, or "System Route".
func (s *Shell) computeNextHop() {
	plane := s.snap().Plane
	ip, err := netip.ParseAddr(strings.TrimSpace(s.nh.dst))
	if err != nil {
		s.nh.answer, s.nh.err = "Not an IP address: "+s.nh.dst, true
		return
	}
	nic, ok := plane.NIC(s.nh.from)
	if !ok {
		s.nh.answer, s.nh.err = "Unknown source "+s.nh.from, true
		return
	}
	res, ok := plane.NextHop(nic.Subnet, ip)
	if !ok {
		s.nh.answer, s.nh.err = "No route matches "+ip.String()+": the packet is dropped", false
		return
	}
	ans := "Next hop type " + res.NextHopType.String()
	if res.NextHopIPAddress != "" {
		ans += ", IP " + res.NextHopIPAddress
	}
	ans += "; route table: " + res.RouteTableID
	s.nh.answer, s.nh.err = ans, false
}
