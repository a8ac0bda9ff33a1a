package model

import (
	"strings"
	"testing"
)

// TestValidateReportsNamesAzureRefuses: a design's names are checked as
// a rename checks them (CheckName), however the design was made: a "/" in
// a subnet's name, control and bidirectional characters in a VM's id, a
// VNet id too long; valid names, including a private DNS zone's dotted
// name, are not reported. The names were checked only on rename before.
func TestValidateReportsNamesAzureRefuses(t *testing.T) {
	long := strings.Repeat("a", 5000)
	topo := &Topology{
		VNets: []VNet{
			{ID: "hub", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []Subnet{{Name: "tun/nelled", AddressPrefix: "10.0.1.0/24"}, {Name: "app_1.a-b", AddressPrefix: "10.0.2.0/24"}}},
			{ID: long, AddressSpace: AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}}},
		},
		VMs: []VM{{ID: "vm\x00evil\u202e", NICs: []NIC{{Name: "nic0", Subnet: "hub/app_1.a-b", PrivateIPAddress: "10.0.2.4"}}},
			{ID: "vm-ok", NICs: []NIC{{Name: "nic 0", Subnet: "hub/app_1.a-b", PrivateIPAddress: "10.0.2.5"}}}},
		PrivateDNSZones: []PrivateDnsZone{{ID: "privatelink.blob.core.windows.net"}},
	}
	got := map[string]string{}
	for _, d := range Validate(topo, nil) {
		if d.Code == "name.invalid" {
			if d.Severity != Error {
				t.Errorf("%s: severity %v", d.Path, d.Severity)
			}
			got[d.Path] = d.Msg
		}
	}
	for path, want := range map[string]string{
		"vnets[hub].subnets[tun/nelled]":                  `"/" is not allowed`,
		"vnets[" + long + "]":                             "2 to 64 characters",
		"virtualMachines[vm\x00evil\u202e]":               "is not allowed",
		"virtualMachines[vm-ok].networkInterfaces[nic 0]": "spaces are not allowed",
	} {
		if !strings.Contains(got[path], want) {
			t.Errorf("%.60s: %q, want it to say %q", path, got[path], want)
		}
		delete(got, path)
	}
	for path, msg := range got {
		t.Errorf("reported a valid name at %s: %s", path, msg)
	}
}

// TestPlainNameAgreesWithCheckName: the validator's fast check never
// accepts a name CheckName refuses.
func TestPlainNameAgreesWithCheckName(t *testing.T) {
	for _, k := range Kinds() {
		for _, name := range []string{"a", "ab", "a-", "a_", "-a", "_a", ".a", "a.", "a b", "a/b", "é", "vnet-1", "A.B_c-9", strings.Repeat("x", 65), strings.Repeat("x", 81), "a\u202e"} {
			if plainName(k, name) && CheckName(k, name) != nil {
				t.Errorf("%s %q: plainName accepts what CheckName refuses: %v", k, name, CheckName(k, name))
			}
		}
	}
}

// FuzzPlainName: the validator's fast check (plainName) and CheckName
// agree on every name of every kind (CheckName accepts only ASCII names,
// so the two are the same rule).
func FuzzPlainName(f *testing.F) {
	for _, s := range []string{"vnet-1", "a", "a/b", "a b", "é", "x_", "-x", "A.B"} {
		f.Add(s, uint8(0))
	}
	kinds := Kinds()
	f.Fuzz(func(t *testing.T, name string, ki uint8) {
		k := kinds[int(ki)%len(kinds)]
		if fast, slow := plainName(k, name), CheckName(k, name) == nil; fast != slow {
			t.Fatalf("%s %q: plainName %v, CheckName %v", k, name, fast, CheckName(k, name))
		}
	})
}
