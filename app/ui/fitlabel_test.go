package ui

import (
	"strings"
	"testing"
)

// TestFitLabelStaysInItsRoom: a name that fits is drawn whole; a longer one
// ends in an ellipsis and, as labelWidth measures it, fits its room.
func TestFitLabelStaysInItsRoom(t *testing.T) {
	for _, c := range []struct {
		label string
		room  float64
		chip  bool
	}{
		{"hub", 100, false},
		{"privatelink.blob.core.windows.net", 110, false},
		{"P2S clients of hub-vpngw", 120, false},
		{"pe-blob-with-a-long-name", 60, true},
		{"x", 1, false},
	} {
		got := fitLabel(c.label, c.room, c.chip)
		if labelWidth(c.label, c.chip) <= c.room {
			if got != c.label {
				t.Errorf("%q fits %v but was drawn %q", c.label, c.room, got)
			}
			continue
		}
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(c.label, strings.TrimSuffix(got, "…")) {
			t.Errorf("%q in %v drawn %q, want its start and an ellipsis", c.label, c.room, got)
		}
		if w := labelWidth(got, c.chip); w > c.room && len([]rune(got)) > 2 {
			t.Errorf("%q in %v drawn %q, %v wide", c.label, c.room, got, w)
		}
	}
}
