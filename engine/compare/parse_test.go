package compare

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// line is a route in one comparable line.
func line(r Route) string {
	return strings.Join([]string{r.Source, r.State, r.AddressPrefix, r.NextHopType, strings.Join(r.NextHopIPAddress, "+"), r.Name, r.Where}, " ")
}

func lines(rs []Route) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = line(r)
	}
	return out
}

// TestParseShapes: every input shape Parse reads gives the same rows.
func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"az json", `{"nextLink": null, "value": [
		  {"addressPrefix": ["10.1.0.0/16"], "disableBgpRoutePropagation": false, "name": null, "nextHopIpAddress": [], "nextHopType": "VnetLocal", "source": "Default", "state": "Active"},
		  {"addressPrefix": ["0.0.0.0/0"], "name": "udr", "nextHopIpAddress": ["10.0.1.4"], "nextHopType": "VirtualAppliance", "source": "User", "state": "Active"}]}`,
			[]string{"Default Active 10.1.0.0/16 VnetLocal   value[0]", "User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4 udr value[1]"}},
		{"bare array, several prefixes", `[{"addressPrefix": ["10.1.0.0/16", "10.9.0.0/16"], "nextHopIpAddress": [], "nextHopType": "VNetPeering", "source": "Default", "state": "Active"}]`,
			[]string{"Default Active 10.1.0.0/16 VNetPeering   [0]", "Default Active 10.9.0.0/16 VNetPeering   [0]"}},
		{"powershell, single strings, odd spellings", "\ufeff" + `[{"AddressPrefix": "10.1.0.0/16", "NextHopIpAddress": "10.0.255.5", "NextHopType": "VPNGateway", "Source": "virtual network gateway", "State": "ACTIVE", "Name": null}]`,
			[]string{"VirtualNetworkGateway Active 10.1.0.0/16 VirtualNetworkGateway 10.0.255.5  [0]"}},
		{"unknown next hop kept", `[{"addressPrefix": ["10.7.0.0/16"], "nextHopType": "ConnectedGroup", "source": "Default", "state": "Active"}, {"addressPrefix": ["10.8.0.0/16"], "nextHopType": " HyperNetGateway ", "source": "Unknown", "state": "Active"}]`,
			[]string{"Default Active 10.7.0.0/16 ConnectedGroup   [0]", "Unknown Active 10.8.0.0/16 HyperNetGateway   [1]"}},
		{"portal csv", "Source,State,Address Prefixes,Next Hop Type,Next Hop IP Address,User Defined Route Name\r\n" +
			"Default,Active,10.1.0.0/16,Virtual network,-,-\r\nUser,Active,0.0.0.0/0,Virtual appliance,10.0.1.4,udr\r\n\r\n" +
			`"Virtual network gateway",Active,"10.5.0.0/16, 10.6.0.0/16",Virtual network gateway,"10.0.255.4, 10.0.255.5",-` + "\r\n",
			[]string{"Default Active 10.1.0.0/16 VnetLocal   line 2", "User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4 udr line 3",
				"VirtualNetworkGateway Active 10.5.0.0/16 VirtualNetworkGateway 10.0.255.4+10.0.255.5  line 5",
				"VirtualNetworkGateway Active 10.6.0.0/16 VirtualNetworkGateway 10.0.255.4+10.0.255.5  line 5"}},
		{"csv, other column order, extra column", "Next Hop Type,Address Prefix,State,Source,Comment\nVNet peering,10.0.0.0/16,Invalid,Default,x\nNone,10.0.0.0/8,Active,System\n",
			[]string{"Default Invalid 10.0.0.0/16 VNetPeering   line 2", "Default Active 10.0.0.0/8 None   line 3"}},
		{"portal grid copied (tabs)", "Source\tState\tAddress Prefixes\tNext Hop Type\tNext Hop IP Address\tUser Defined Route Name\n" +
			"Default\tActive\t10.0.0.0/16\tVirtual network\t\t\nVirtual network gateway\tActive\t10.2.0.0/16\tVirtual network gateway\t20.112.202.85\t\n",
			[]string{"Default Active 10.0.0.0/16 VnetLocal   line 2", "VirtualNetworkGateway Active 10.2.0.0/16 VirtualNetworkGateway 20.112.202.85  line 3"}},
		{"markdown", "\n| Source | State | Address Prefixes | Next Hop Type | Next Hop IP Address | User Defined Route Name |\n" +
			"| ------ | ----- | ---------------- | ------------- | ------------------- | ----------------------- |\n" +
			"| Default | Active | 10.0.1.0/24 | Virtual network | \\- | \\- |\n| Virtual network gateway | Active | 0.0.0.0/0 | Virtual network gateway | 10.10.0.132 | \\- |\n",
			[]string{"Default Active 10.0.1.0/24 VnetLocal   line 4", "VirtualNetworkGateway Active 0.0.0.0/0 VirtualNetworkGateway 10.10.0.132  line 5"}},
		{"az -o table", "Source                 State    Address Prefix    Next Hop Type          Next Hop IP\n" +
			"---------------------  -------  ----------------  ---------------------  -------------\n" +
			"Default                Active   10.1.0.0/16       VnetLocal\n" +
			"Default                Invalid  0.0.0.0/0         Internet\n" +
			"User                   Active   0.0.0.0/0         VirtualAppliance       10.0.1.4\n",
			[]string{"Default Active 10.1.0.0/16 VnetLocal   line 3", "Default Invalid 0.0.0.0/0 Internet   line 4", "User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4  line 5"}},
		{"non-canonical prefix and address", `[{"addressPrefix": ["10.1.2.3/16"], "nextHopIpAddress": ["::ffff:10.0.1.4", " "], "nextHopType": "VirtualAppliance", "source": "User", "state": "Active"}]`,
			[]string{"User Active 10.1.0.0/16 VirtualAppliance ::ffff:10.0.1.4  [0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if g := lines(got); !slices.Equal(g, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", g, tt.want)
			}
		})
	}
}

// TestParseErrors: malformed input is a clear error naming the place.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "  \n", "empty"},
		{"empty list", `{"value": []}`, "no effective route"},
		{"bad json", `{"value": [`, "invalid JSON"},
		{"object without value", `{"id": "x"}`, `without a "value" array`},
		{"value not array", `{"value": {}}`, `without a "value" array`},
		{"a string", `"routes"`, "not JSON, CSV or a table"},
		{"row not object", `[1]`, "[0]: a number, not a route object"},
		{"missing state", `[{"addressPrefix": ["10.0.0.0/8"], "nextHopType": "None", "source": "Default"}]`, "[0]: no state"},
		{"source a number", `{"value": [{"addressPrefix": ["10.0.0.0/8"], "nextHopType": "None", "source": 1, "state": "Active"}]}`, "value[0].source: a number, not a string"},
		{"prefix an object", `[{"addressPrefix": {}, "nextHopType": "None", "source": "Default", "state": "Active"}]`, "[0].addressPrefix: an object, not a list of strings"},
		{"prefix list of numbers", `[{"addressPrefix": [1], "nextHopType": "None", "source": "Default", "state": "Active"}]`, "[0].addressPrefix[0]: a number"},
		{"no prefix", `[{"addressPrefix": [], "nextHopType": "None", "source": "Default", "state": "Active"}]`, "[0]: no address prefix"},
		{"bad prefix", `[{"addressPrefix": ["10.0.0.0/33"], "nextHopType": "None", "source": "Default", "state": "Active"}]`, `address prefix "10.0.0.0/33" is not a CIDR prefix`},
		{"bad next hop ip", `[{"addressPrefix": ["10.0.0.0/8"], "nextHopIpAddress": ["10.0.0.300"], "nextHopType": "VirtualAppliance", "source": "User", "state": "Active"}]`, `"10.0.0.300" is not an IP address`},
		{"empty next hop type", `[{"addressPrefix": ["10.0.0.0/8"], "nextHopType": " ", "source": "User", "state": "Active"}]`, "no next hop type"},
		{"csv missing columns", "Source,Address Prefixes\nDefault,10.0.0.0/8\n", "lacks the column(s) State, Next Hop Type"},
		{"csv bad prefix", "Source,State,Address Prefixes,Next Hop Type\nDefault,Active,ten/8,None\n", `line 2: address prefix "ten/8"`},
		{"csv bad quotes", "Source,State,Address Prefixes,Next Hop Type\n\"Default,Active,10.0.0.0/8,None\n", "line 2: no state"},
		{"csv short row", "Next Hop Type,Address Prefix,State,Source\nNone,10.0.0.0/8,Active\n", "line 2: no source"},
		{"csv header only", "Source,State,Address Prefixes,Next Hop Type\n", "no effective route"},
		{"table without prefix cell", "Source  State  Address Prefix  Next Hop Type\n------  -----  --------------  -------------\nUser    Active\n", "line 3: no next hop type"},
		{"too large", strings.Repeat(" ", MaxInputSize+1), "over the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := Parse([]byte(`{"value": []}`)); !errors.Is(err, ErrNoRoutes) {
		t.Errorf("empty value: %v is not ErrNoRoutes", err)
	}
}

// TestParseFixtures: the JSON and the CSV of the drift fixture hold the
// same routes once equal-cost rows are merged (the portal lists one row
// per next hop).
func TestParseFixtures(t *testing.T) {
	read := func(name string) []Route {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range rs {
			rs[i].Where = ""
		}
		return rs
	}
	j, c := read("nic-app1-drift.json"), read("nic-app1-drift.csv")
	if len(j) != 26 || len(c) != 27 {
		t.Errorf("%d JSON rows, %d CSV rows; want 26, 27", len(j), len(c))
	}
	if gj, gc := lines(prepare(j)), lines(prepare(c)); !slices.Equal(gj, gc) {
		t.Errorf("JSON\n%q\nCSV\n%q", gj, gc)
	}
	if m := read("nic-app1-match.json"); len(m) != 4 {
		t.Errorf("match fixture: %d rows", len(m))
	}
}

// FuzzParse: Parse never panics, and every route it returns is complete.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"nic-app1-match.json", "nic-app1-drift.json", "nic-app1-drift.csv"} {
		if b, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Source                 State    Address Prefix    Next Hop Type          Next Hop IP\n---------------------  -------  ----------------  ---------------------  -------------\nUser  Active  0.0.0.0/0  VirtualAppliance  10.0.1.4\n"))
	f.Add([]byte("| Source | State | Address Prefixes | Next Hop Type |\n| - | - | - | - |\n| Default | Active | 10.0.0.0/8 | None |\n"))
	f.Add([]byte("Source\tState\tAddress Prefixes\tNext Hop Type\nDefault\tActive\t10.0.0.0/8\tNone\n"))
	f.Add([]byte(`[{"AddressPrefix": "10.0.0.0/8", "NextHopType": "None", "Source": "Default", "State": "Active", "nextHopIpAddress": null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan []Route, 1)
		go func() {
			rs, err := Parse(data)
			if err == nil {
				Compare(rs, rs)
				Compare(rs[:len(rs)/2], rs)
			}
			done <- rs
		}()
		var rs []Route
		select {
		case rs = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Parse and Compare took over 20s on %d bytes", len(data))
		}
		if len(rs) > MaxRoutes {
			t.Fatalf("%d routes", len(rs))
		}
		for _, r := range rs {
			if !r.prefix.IsValid() || r.NextHopType == "" || r.Source == "" || r.State == "" || r.Where == "" || r.NextHopIPAddress == nil {
				t.Fatalf("incomplete route %+v", r)
			}
		}
	})
}

// TestParsePagedTable: a REST page with a nextLink is refused with why (the
// rows after it would all read as missing).
func TestParsePagedTable(t *testing.T) {
	_, err := Parse([]byte(`{"value": [{"source": "Default", "state": "Active", "addressPrefix": ["10.0.0.0/16"], "nextHopType": "VnetLocal", "nextHopIpAddress": []}], "nextLink": "https://management.azure.com/next?page=2"}`))
	if err == nil || !strings.Contains(err.Error(), "paged") {
		t.Errorf("a paged table: %v", err)
	}
	if _, err := Parse([]byte(`{"value": [{"source": "Default", "state": "Active", "addressPrefix": ["10.0.0.0/16"], "nextHopType": "VnetLocal", "nextHopIpAddress": []}], "nextLink": null}`)); err != nil {
		t.Errorf("nextLink null: %v", err)
	}
}
