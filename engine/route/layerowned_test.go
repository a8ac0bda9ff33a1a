package route

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestLayerOwnedEqualsNewLayer is the oracle of NewLayerOwned: on seeded
// random gateway route sets, each built over the layer of the set before
// it (the next hops changed, one prefix moved, or the set drawn again),
// the layer answers every lookup and lists every route like NewLayer of
// the same routes, alone and stacked over own routes; it shares the
// previous layer's index exactly when the routes index alike (the same
// prefixes and states). Sharing the index without that guard makes it
// fail.
func TestLayerOwnedEqualsNewLayer(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 500))
	pool := []string{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.2.0.0/16",
		"10.2.3.0/24", "172.16.0.0/12", "172.16.5.0/24", "192.168.0.0/16", "192.168.1.0/24", "20.0.0.0/8", "20.1.0.0/24"}
	draw := func() []Route {
		var gw []Route
		for i := range 1 + r.IntN(8) {
			gw = append(gw, Route{Prefix: netip.MustParsePrefix(pool[r.IntN(len(pool))]), NextHop: VirtualNetworkGateway,
				Origin: Origin{Kind: FromGateway, ID: fmt.Sprint("g", i%2), Name: fmt.Sprint(i)}})
		}
		return gw
	}
	own := NewOwnLayer([]Route{{Prefix: netip.MustParsePrefix("10.1.0.0/16"), NextHop: VnetLocal, Source: Default, Origin: Origin{Kind: FromAddressSpace, ID: "v"}},
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: Internet, Source: Default, Origin: Origin{Kind: FromDefaultInternet}}})
	cands := draw()
	prev := NewLayer(cands)
	shared := 0
	for round := range 400 {
		next := append([]Route(nil), cands...)
		switch r.IntN(3) {
		case 0: // the same prefixes, other next hops
			for i := range next {
				next[i].Origin.ID = fmt.Sprint("h", r.IntN(3))
			}
		case 1: // one prefix moved
			next[r.IntN(len(next))].Prefix = netip.MustParsePrefix(pool[r.IntN(len(pool))])
		default:
			next = draw()
		}
		want := NewLayer(next)
		got := NewLayerOwned(prev, append([]Route(nil), next...))
		if s := sameIndexed(prev.t.routes, got.t.routes); s != sharesIndex(prev, got) {
			t.Fatalf("round %d: index shared %v, routes index alike %v", round, sharesIndex(prev, got), s)
		} else if s {
			shared++
		}
		if !got.Same(want.cands) {
			t.Fatalf("round %d: candidates differ", round)
		}
		for _, pair := range [][2]*Table{{got.t, want.t}, {NewStackedTable(own, nil, got), NewStackedTable(own, nil, want)}} {
			if !equalListing(pair[0], pair[1]) {
				t.Fatalf("round %d: routes differ:\n%v\n%v", round, pair[0].Routes(), pair[1].Routes())
			}
			for _, p := range pool {
				pr := netip.MustParsePrefix(p)
				for _, a := range []netip.Addr{pr.Addr(), lastAddr(pr), pr.Addr().Next()} {
					g, okG := pair[0].Lookup(a)
					w, okW := pair[1].Lookup(a)
					if okG != okW || g != w {
						t.Fatalf("round %d: Lookup(%s) = %v %v, want %v %v", round, a, g, okG, w, okW)
					}
				}
			}
		}
		prev, cands = got, next
	}
	if shared == 0 {
		t.Fatal("no index was shared")
	}
}

// equalListing reports whether two tables list the same routes.
func equalListing(a, b *Table) bool {
	x, y := a.Routes(), b.Routes()
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// lastAddr is the last address of p (IPv4).
func lastAddr(p netip.Prefix) netip.Addr {
	a := addr4(p.Addr()) | ^mask4(p.Bits())
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}
