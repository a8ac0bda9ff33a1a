package workspace_test

import (
	"strings"
	"testing"

	"vnetplay/app/persist"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
)

// maxLinkInput caps FuzzShareLink's payloads (a link holds at most
// persist.MaxLinkChars characters anyway).
const maxLinkInput = 16 << 10

// linkSeeds are small designs; FuzzShareLink mutates them both as the JSON
// a link carries and as raw fragments.
var linkSeeds = []string{
	`{"format":"vnetplay/scenario","version":1,"name":"Shared","topology":{"vnets":[{"id":"a","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24"}]},{"id":"b","addressSpace":{"addressPrefixes":["10.1.0.0/16"]}}],"peerings":[{"id":"a-b","a":{"vnet":"a"},"b":{"vnet":"b"}}],"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"n","subnet":"a/s","privateIpAddress":"10.0.1.4"}]}]},"layout":{"nodes":{"a":{"x":40,"y":80}}}}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{"vnets":[{"id":"hub","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"}]}],"virtualNetworkGateways":[{"id":"vpn","vnet":"hub","gatewayType":"Vpn","sku":"VpnGw1AZ"}],"sites":[{"id":"dc","addressPrefixes":["192.168.0.0/24"]}],"localNetworkGateways":[{"id":"l","site":"dc","localNetworkAddressSpace":{"addressPrefixes":["192.168.0.0/24"]}}],"connections":[{"id":"c","connectionType":"IPsec","virtualNetworkGateway1":"vpn","localNetworkGateway2":"l"}]},"failures":{"f":[{"kind":"GatewayDown","target":"vpn"}]}}`,
	`{"format":"vnetplay/scenario","version":1,"topology":{}}`,
}

// readable reports whether a message shown to the user can be read: not
// empty and free of fmt artefacts ("%!v(…)") and Go zero values.
func readable(msg string) bool {
	return strings.TrimSpace(msg) != "" && !strings.Contains(msg, "%!") && !strings.Contains(msg, "<nil>")
}

// FuzzShareLink opens a share link end to end, as the app does on start
// (workspace.Start with the URL fragment, on an empty store): the fragment
// is either the fuzz payload itself (raw) or a valid link made of it
// (persist.EncodeLink, so that the design inside is what gets mutated).
// The oracle is the pipeline taken apart, persist.DecodeLink then
// store.OpenJSON:
//   - a fragment that is not a share link is ignored: no problem, the
//     empty design;
//   - a link that does not decode or whose design does not open is
//     reported with a readable problem, and nothing from it is opened;
//   - a link that opens shows exactly that design (same canonical
//     encoding as store.OpenJSON), with no problem; its canonical JSON
//     re-encodes to a link that decodes and reopens to the same encoding;
//     and the app's own Share link (workspace.ShareLink) carries the same
//     design, or says why there is none.
func FuzzShareLink(f *testing.F) {
	for _, s := range linkSeeds {
		f.Add([]byte(s), false)
		if frag, err := persist.EncodeLink([]byte(s)); err == nil {
			f.Add([]byte(frag), true)
		}
	}
	f.Add([]byte("#s=1.eJw"), true)
	f.Add([]byte("s=2.abc"), true)
	f.Add([]byte("#section"), true)
	f.Fuzz(func(t *testing.T, payload []byte, raw bool) {
		if len(payload) > maxLinkInput {
			return
		}
		frag := string(payload)
		if !raw {
			var err error
			if frag, err = persist.EncodeLink(payload); err != nil {
				return
			}
		}
		// The oracle: the pipeline's pieces.
		var want []byte
		b, err := persist.DecodeLink(frag)
		if err == nil {
			var s *store.Session
			if s, _, err = store.OpenJSON(b); err == nil {
				if want, err = s.Encode(); err != nil {
					t.Fatalf("an opened design does not encode: %v", err)
				}
			}
		}

		w, st := workspace.New(), &persist.Memory{}
		empty, _ := w.Session().Encode()
		w.Settle(st, w.Do(workspace.Start{Fragment: frag}))
		got, encErr := w.Session().Encode()
		if encErr != nil {
			t.Fatalf("the open design does not encode: %v", encErr)
		}
		problem := w.Library().Problem
		switch {
		case !persist.IsShareLink(frag):
			if problem != "" || string(got) != string(empty) {
				t.Fatalf("a fragment that is no link (%q) opened something or reported %q", frag, problem)
			}
			return
		case err != nil:
			if problem == "" || !readable(problem) {
				t.Fatalf("link refused (%v) with the problem %q", err, problem)
			}
			if string(got) != string(empty) {
				t.Fatalf("a refused link (%v) opened a design", err)
			}
			return
		}
		if problem != "" {
			t.Fatalf("a link that opens reported %q", problem)
		}
		if string(got) != string(want) {
			t.Fatalf("the app opened a different design than the link holds:\n%s\n%s", got, want)
		}
		// Round trip: the canonical JSON makes a link that gives it back.
		again, err := persist.EncodeLink(got)
		if err != nil {
			t.Fatalf("the opened design makes no link: %v", err)
		}
		if back, err := persist.DecodeLink(again); err != nil || string(back) != string(got) {
			t.Fatalf("the re-encoded link does not decode to the same bytes: %v", err)
		}
		// The app's Share link carries the same design.
		w.Do(workspace.ShareLink{Origin: "https://vnetplay.example"})
		link := w.Library().Link
		if link == "" {
			if n := w.Notice(); !n.Err || !readable(n.Text) {
				t.Fatalf("no share link and no readable reason: %+v", n)
			}
			return
		}
		frag2, ok := strings.CutPrefix(link, "https://vnetplay.example/#")
		if !ok {
			t.Fatalf("share link %q", link)
		}
		b2, err := persist.DecodeLink(frag2)
		if err != nil {
			t.Fatalf("the app's share link does not decode: %v", err)
		}
		s2, _, err := store.OpenJSON(b2)
		if err != nil {
			t.Fatalf("the app's share link does not open: %v", err)
		}
		if enc2, _ := s2.Encode(); string(enc2) != string(got) {
			t.Fatalf("the app's share link carries another design:\n%s\n%s", enc2, got)
		}
	})
}
