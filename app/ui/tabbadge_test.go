package ui

import "testing"

func TestTabBadge(t *testing.T) {
	for _, c := range []struct {
		count int
		want  string
	}{{-1, ""}, {0, ""}, {1, "1"}, {9, "9"}, {10, "10"}, {99, "99"}, {100, "99+"}, {100000, "99+"}} {
		if got := tabBadge(c.count); got != c.want {
			t.Errorf("tabBadge(%d) = %q, want %q", c.count, got, c.want)
		}
	}
}
