package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"vnetplay/engine/rules"
)

// webLB is the built-in web tier behind a public Standard load balancer.
const webLB = "../../scenarios/internet-web-standard-lb.json"

func init() {
	deeper["ipflow"] = [][]string{
		{"--vm", "web1", "--direction", "Inbound", "--protocol", "TCP", "--local", "10.10.1.4:443", "--remote", "203.0.113.5:50000"},
		{"--vm", "nope", "--direction", "Inbound", "--protocol", "TCP", "--local", "10.10.1.4:443", "--remote", "203.0.113.5:50000"},
	}
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestIPFlowCommand: the answer as Network Watcher gives it (rule:outputs.flow-verdict, rule:internet-edge.ip-flow-verify):
// HTTPS from the Internet is allowed by the NSG's rule, SSH (the inbound
// NAT rule's backend port) denied by DenyAllInBound.
func TestIPFlowCommand(t *testing.T) {
	q := func(port string) []string {
		return []string{"ipflow", webLB, "--vm", "web1", "--direction", "Inbound", "--protocol", "TCP", "--local", "10.10.1.4:" + port, "--remote", "203.0.113.5:50000"}
	}
	code, out, errs := runCmd(q("443")...)
	if code != 0 || !strings.HasPrefix(out, "Access allowed\n") || !strings.Contains(out, "securityRules/allow-https-from-internet") || !strings.Contains(out, "nsg-web") {
		t.Errorf("443: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(append(q("22"), "--json")...)
	var res struct {
		Access, RuleName, NetworkSecurityGroup string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("22 --json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	if res.Access != "Deny" || res.RuleName != "defaultSecurityRules/DenyAllInBound" || res.NetworkSecurityGroup != "nsg-web" {
		t.Errorf("22: %+v", res)
	}
	// admin1 has a Standard public IP and no NSG: closed to the Internet (rule:internet-edge.standard-secure-by-default).
	code, out, _ = runCmd("ipflow", webLB, "--vm", "admin1", "--direction", "Inbound", "--protocol", "udp", "--local", "10.10.2.4:53", "--remote", "203.0.113.5:50000")
	if code != 0 || !strings.HasPrefix(out, "Access denied\n") || !strings.Contains(out, rules.Expand("rule:internet-edge.standard-secure-by-default")) {
		t.Errorf("admin1: exit %d\n%s", code, out)
	}
}

// TestIPFlowCommandBadInput: malformed flags are usage errors (exit 2),
// questions the design cannot answer exit 1, both with a message.
func TestIPFlowCommandBadInput(t *testing.T) {
	base := map[string]string{"--vm": "web1", "--direction": "Inbound", "--protocol": "TCP", "--local": "10.10.1.4:443", "--remote": "203.0.113.5:50000"}
	for _, c := range []struct {
		flag, value string
		code        int
		msg         string
	}{
		{"--vm", "", 2, "required"},
		{"--direction", "Sideways", 2, "Inbound or Outbound"},
		{"--protocol", "ICMP", 2, "NSG diagnostics"},
		{"--local", "10.10.1.4", 2, "IP:PORT"},
		{"--remote", "203.0.113.5:70000", 2, "IP:PORT"},
		{"--remote", "[::1]:80", 2, "IPv4"},
		{"--vm", "nope", 1, "unknown VM or NIC"},
		{"--local", "10.10.1.5:443", 1, "not NIC web1/nic0's address"},
	} {
		args := []string{"ipflow", webLB}
		for _, f := range []string{"--vm", "--direction", "--protocol", "--local", "--remote"} {
			v := base[f]
			if f == c.flag {
				v = c.value
			}
			args = append(args, f, v)
		}
		code, out, errs := runCmd(args...)
		if code != c.code || !strings.Contains(errs, c.msg) || out != "" {
			t.Errorf("%s=%q: exit %d, want %d with %q\nstdout: %s\nstderr: %s", c.flag, c.value, code, c.code, c.msg, out, errs)
		}
	}
}

// TestFromInternetCommands: trace and reach --from Internet (rule:internet-edge.standard-secure-by-default, rule:internet-edge.public-load-balancer).
func TestFromInternetCommands(t *testing.T) {
	code, out, errs := runCmd("trace", webLB, "--from", "Internet", "--src", "198.51.100.200", "--to", "198.51.100.10", "--port", "443")
	if code != 0 || !strings.Contains(out, "Delivered") || !strings.Contains(out, "198.51.100.200") {
		t.Errorf("trace: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd("reach", webLB, "--from", "Internet")
	for _, want := range []string{"198.51.100.10:443/Tcp", "Delivered", "198.51.100.10:50001/Tcp", "198.51.100.20:443/Tcp", "DroppedByNSG"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("reach: exit %d, no %q\n%s%s", code, want, out, errs)
		}
	}
	for _, args := range [][]string{
		{"trace", webLB, "--from", "web1", "--src", "198.51.100.200", "--to", "Internet"},
		{"trace", webLB, "--from", "Internet", "--src", "10.1.1.1", "--to", "198.51.100.10"},
		{"reach", webLB, "--from", "web1"},
	} {
		if code, _, errs := runCmd(args...); code != 2 || errs == "" {
			t.Errorf("%q: exit %d, want 2\n%s", args, code, errs)
		}
	}
}
