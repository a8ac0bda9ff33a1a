package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkChallenge is a challenge: spoke1 and spoke3 peer with the hub only,
// so vm1 does not reach vm3; the student may add one peering and must not
// change the hub. Its expect entry passes either way.
const checkChallenge = `{
  "format": "vnetplay/scenario", "version": 1, "name": "chain",
  "topology": {
    "vnets": [
      {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
      {"id": "spoke1", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.1.1.0/24"}]},
      {"id": "spoke3", "addressSpace": {"addressPrefixes": ["10.3.0.0/16"]}, "subnets": [{"name": "app", "addressPrefix": "10.3.1.0/24"}]}
    ],
    "peerings": [
      {"id": "hub-spoke1", "a": {"vnet": "hub"}, "b": {"vnet": "spoke1"}},
      {"id": "hub-spoke3", "a": {"vnet": "hub"}, "b": {"vnet": "spoke3"}}
      EXTRA
    ],
    "virtualMachines": [
      {"id": "vm1", "networkInterfaces": [{"name": "nic0", "subnet": "spoke1/app", "privateIpAddress": "10.1.1.4"}]},
      {"id": "vm3", "networkInterfaces": [{"name": "nic0", "subnet": "spoke3/app", "privateIpAddress": "10.3.1.4"}]}
    ]
  },
  "expect": [{"id": "hub-route", "kind": "route", "subnet": "spoke1/app", "prefix": "10.0.0.0/16", "nextHopType": "VNetPeering"}],
  "challenge": {
    "goals": [
      {"id": "1-to-3", "title": "vm1 reaches vm3 on TCP 443", "points": 10,
       "expect": {"kind": "reach", "from": "vm1", "to": "vm3", "protocol": "Tcp", "port": 443, "reachable": true}},
      {"id": "3-not-internet", "expect": {"kind": "route", "subnet": "spoke3/app", "prefix": "10.0.0.0/16", "nextHopType": "VNetPeering"}}
    ],
    "constraints": [
      {"id": "hub-same", "kind": "unchanged", "collection": "vnets", "target": "hub", "title": "Do not change the hub",
       "baseline": {"id": "hub", "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
      {"id": "max-3", "kind": "maxCount", "collection": "peerings", "max": 3}
    ]
  }
}`

// writeChallengeFile writes checkChallenge with extra peerings to a file.
func writeChallengeFile(t *testing.T, name, extra string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Replace(checkChallenge, "EXTRA", extra, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const peering13 = `, {"id": "spoke1-spoke3", "a": {"vnet": "spoke1"}, "b": {"vnet": "spoke3"}}`

// TestCheckChallenge: check grades a challenge file and fails unless it is
// complete, in text and JSON.
func TestCheckChallenge(t *testing.T) {
	broken := writeChallengeFile(t, "01.json", "")
	code, out, errs := runCLI(t, "check", broken)
	for _, want := range []string{
		"PASS hub-route [route]",
		"1 expectations, 0 failed\nChallenge\n",
		"  ✗ [0/10] 1-to-3: vm1 reaches vm3 on TCP 443 — should be reachable, but is dropped: route 10.0.0.0/8 has next hop None",
		"  ✓ [1/1] 3-not-internet — 10.0.0.0/16 VNetPeering",
		"  held hub-same: Do not change the hub — virtual network hub is as it was\n",
		"  held max-3 — 2 peerings (at most 3 allowed)\n",
		"score 1/11, not complete\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(errs, "1 challenges not complete") || strings.Contains(errs, "expectations failed") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}

	solved := writeChallengeFile(t, "01.solution.json", peering13)
	if code, out, errs := runCLI(t, "check", solved); code != 0 || !strings.Contains(out, "  ✓ [10/10] 1-to-3") || !strings.HasSuffix(out, "score 11/11, complete\n") {
		t.Errorf("solved: exit %d\n%s%s", code, out, errs)
	}

	tooMany := writeChallengeFile(t, "02.json", peering13+`, {"id": "x", "a": {"vnet": "spoke1"}, "b": {"vnet": "hub"}}`)
	if code, out, _ := runCLI(t, "check", tooMany); code != 1 || !strings.Contains(out, "  violated max-3 — 4 peerings, at most 3 allowed\n") ||
		!strings.Contains(out, "score 11/11, not complete") {
		t.Errorf("a violated constraint: exit %d\n%s", code, out)
	}
}

// TestCheckChallengeJSON: --json gains a challenge object per challenge
// file, and none for an ordinary scenario.
func TestCheckChallengeJSON(t *testing.T) {
	broken := writeChallengeFile(t, "01.json", "")
	solved := writeChallengeFile(t, "01.solution.json", peering13)
	code, out, errs := runCLI(t, "check", "--json", broken, solved, hub)
	var files []struct {
		File      string
		Passed    int
		Challenge *struct {
			Goals []struct {
				ID, Title, Reason string
				Points            int
				Pass              bool
			}
			Constraints []struct {
				ID, Title, Why string
				Held           bool
			}
			Score, Total int
			Complete     bool
		}
	}
	if err := json.Unmarshal([]byte(out), &files); err != nil || len(files) != 3 {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, errs)
	}
	if code != 1 {
		t.Errorf("exit %d with an incomplete challenge", code)
	}
	b, s := files[0].Challenge, files[1].Challenge
	if b == nil || b.Complete || b.Score != 1 || b.Total != 11 || b.Goals[0].Pass || b.Goals[0].Points != 10 || !b.Constraints[0].Held ||
		b.Constraints[1].Why != "2 peerings (at most 3 allowed)" {
		t.Errorf("broken: %+v", b)
	}
	if s == nil || !s.Complete || s.Score != 11 || !s.Goals[0].Pass {
		t.Errorf("solved: %+v", s)
	}
	if files[2].Challenge != nil || strings.Count(out, `"challenge"`) != 2 {
		t.Errorf("an ordinary scenario has a challenge object:\n%s", out)
	}
}
