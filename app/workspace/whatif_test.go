package workspace

import (
	"strings"
	"testing"
)

func TestSweepSaysWhatItFails(t *testing.T) {
	if s := SweepScope(0); strings.Contains(s, "not applied") {
		t.Errorf("with nothing failed: %q", s)
	}
	for n, want := range map[int]string{1: "the component failed above is not applied", 3: "the 3 components failed above are not applied"} {
		if s := SweepScope(n); !strings.Contains(s, want) || !strings.Contains(s, "intact design") {
			t.Errorf("SweepScope(%d) = %q, want %q", n, s, want)
		}
	}
	if s := SweepSummary(2, 9, 9, false, 0); s != "2 of 9 components are single points of failure" {
		t.Errorf("intact summary %q", s)
	}
	if s := SweepSummary(1, 3, 9, true, 2); !strings.HasPrefix(s, "Cancelled after 3 of 9 components: 1 of those") || !strings.HasSuffix(s, "the What-if's failures were not applied)") {
		t.Errorf("cancelled summary with failures %q", s)
	}
}
