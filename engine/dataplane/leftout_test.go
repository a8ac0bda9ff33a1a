package dataplane

import (
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// TestNotAnEndpointSaysWhy: a VM or NIC of the design that the plane left
// out is no endpoint, and NotAnEndpoint says why, as lint does: the address
// is reserved, outside its subnet, no IP, already held in the VNet; the
// subnet is missing; the VM has no NIC or is failed. Before, the CLI said
// only "unknown endpoint", as for a name the design does not have. Update
// agrees with Build.
func TestNotAnEndpointSaysWhy(t *testing.T) {
	nic := func(name, sn, ip string) model.NIC { return model.NIC{Name: name, Subnet: sn, PrivateIPAddress: ip} }
	topo := model.Topology{
		VNets: []model.VNet{vnet("hub", "", []string{"10.0.0.0/16"}, subnet("app", "10.0.1.0/24"))},
		VMs: []model.VM{
			{ID: "ok", NICs: []model.NIC{nic("n", "hub/app", "10.0.1.4")}},
			{ID: "reserved", NICs: []model.NIC{nic("n", "hub/app", "10.0.1.3")}},
			{ID: "outside", NICs: []model.NIC{nic("n", "hub/app", "10.0.9.4")}},
			{ID: "noip", NICs: []model.NIC{nic("n", "hub/app", "10.0.1")}},
			{ID: "nosubnet", NICs: []model.NIC{nic("n", "hub/gone", "10.0.1.5")}},
			{ID: "twice", NICs: []model.NIC{nic("n", "hub/app", "10.0.1.4")}},
			{ID: "two", NICs: []model.NIC{nic("a", "hub/app", "10.0.1.0"), nic("b", "hub/app", "10.0.1.255")}},
			{ID: "bare"},
			{ID: "nva", NICs: []model.NIC{nic("n", "hub/app", "10.0.1.6")}},
		},
	}
	cases := []struct{ ref, want string }{
		{"ok", ""},
		{"nope", ""},
		{"reserved", "NIC reserved/n's address 10.0.1.3 is one of the five addresses Azure reserves in subnet hub/app (10.0.1.0/24)"},
		{"reserved/n", "10.0.1.3 is one of the five addresses"},
		{"outside", "10.0.9.4 is outside its subnet hub/app (10.0.1.0/24)"},
		{"noip", `"10.0.1" is not an IP address`},
		{"nosubnet", `subnet "hub/gone" is not in the design`},
		{"twice", "10.0.1.4 is already NIC ok/n's in the same VNet"},
		{"two", "NIC two/a's address 10.0.1.0 is one of the five addresses Azure reserves in subnet hub/app (10.0.1.0/24), where no NIC can be placed (rule:address-space.reserved-addresses), so it is left out of the analysis (vnetplay lint says so); NIC two/b's address 10.0.1.255"},
		{"bare", "VM bare has no NIC"},
		{"nva", "VM nva is failed"},
	}
	opts := []Option{WithFailures([]model.Failure{{Kind: model.ApplianceDown, Target: "nva"}})}
	planes := map[string]*Plane{"Build": Build(&topo, opts...), "Update": Update(Build(&model.Topology{}), &topo, opts...)}
	for name, p := range planes {
		for _, c := range cases {
			got := p.NotAnEndpoint(c.ref)
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Errorf("%s: NotAnEndpoint(%q) = %q, want it to say %q", name, c.ref, got, c.want)
			}
		}
	}
}
