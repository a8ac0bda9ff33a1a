package workspace

import "testing"

// TestPackHeading: a pack's heading says "Workshop:" once — a title that
// names itself a workshop is its own heading.
func TestPackHeading(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"vnetplay workshop: Azure routing and names", "vnetplay workshop: Azure routing and names"},
		{"Workshop: hybrid", "Workshop: hybrid"},
		{"AZ-700 WORKSHOP day 2", "AZ-700 WORKSHOP day 2"},
		{"Hybrid routing", "Workshop: Hybrid routing"},
		{"Workshops of the north", "Workshop: Workshops of the north"},
		{"  ", "Workshop"},
	} {
		if got := PackHeading(c.title); got != c.want {
			t.Errorf("PackHeading(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}
