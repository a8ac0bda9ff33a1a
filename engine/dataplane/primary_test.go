package dataplane

import (
	"testing"

	"vnetplay/engine/model"
)

// TestVMReferenceIsItsPrimaryNIC: the endpoint reference "vm" is the VM's
// primary NIC (model.VM.PrimaryNIC): the one marked primary, else the
// first by name; a marked NIC the plane leaves out (its address outside
// its subnet) gives way to the first NIC by name that is in the plane. It
// resolved to the first NIC by name whatever was marked. Update agrees
// with Build when only the mark changes.
func TestVMReferenceIsItsPrimaryNIC(t *testing.T) {
	topo := func(mark, ip string) model.Topology {
		nics := []model.NIC{
			{Name: "fw-nic-trust", Subnet: "hub/trust", PrivateIPAddress: "10.0.2.4"},
			{Name: "fw-nic-untrust", Subnet: "hub/untrust", PrivateIPAddress: ip},
		}
		for i := range nics {
			nics[i].Primary = nics[i].Name == mark
		}
		return model.Topology{
			VNets: []model.VNet{vnet("hub", "", []string{"10.0.0.0/16"}, subnet("untrust", "10.0.1.0/24"), subnet("trust", "10.0.2.0/24"))},
			VMs:   []model.VM{{ID: "fw", NICs: nics}},
		}
	}
	for _, c := range []struct {
		name, mark, ip, want string
	}{
		{"none marked: the first by name", "", "10.0.1.4", "fw/fw-nic-trust"},
		{"the second by name marked primary", "fw-nic-untrust", "10.0.1.4", "fw/fw-nic-untrust"},
		{"the first by name marked primary", "fw-nic-trust", "10.0.1.4", "fw/fw-nic-trust"},
		{"the marked NIC is not in the plane", "fw-nic-untrust", "10.0.9.4", "fw/fw-nic-trust"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tp := topo(c.mark, c.ip)
			if got, ok := Build(&tp).ResolveEndpoint("fw"); !ok || got != c.want {
				t.Errorf("Build: ResolveEndpoint(fw) = %q, %v; want %q", got, ok, c.want)
			}
			prev := topo("", c.ip)
			if got, ok := Update(Build(&prev), &tp).ResolveEndpoint("fw"); !ok || got != c.want {
				t.Errorf("Update: ResolveEndpoint(fw) = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
}
