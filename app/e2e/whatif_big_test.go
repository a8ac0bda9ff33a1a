//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWhatIfBigFailureStaysResponsive: failing the hub firewall of a
// 151-VNet design changes about 90,000 endpoint pairs. The What-if panel
// shows the complete counts and the first rows of each list, the lost
// pairs first, and the page keeps answering while the engine works and
// after. Before the fix every changed pair crossed from the engine's
// worker as JSON and became a table row: the page froze for minutes.
func TestWhatIfBigFailureStaysResponsive(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	const vnets = 151
	importDesign(t, b, vnets-1, 100)
	poll[bool](t, b, "the design", fmt.Sprintf(designDrawnJS, vnets))
	b.do(t, "open the What-if tab", chromedp.Click(chromedp.ID("tab-whatif")))
	poll[bool](t, b, "the picker", `document.getElementById('fail-pick') !== null`)

	eval[bool](t, b, `(() => { const s = document.getElementById('fail-pick');
		s.value = 'ApplianceDown:hub-nva'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
	// The page answers within 3 s all along (it froze for 9.8 s and more
	// before the fix), and the diff comes.
	shown, took := pollAnswering(t, b, `(document.getElementById('diff-pairs-count') || {}).textContent || ''`, "failing the hub firewall", 60*time.Second)
	rows := eval[int](t, b, `document.querySelectorAll('#diff-pairs tbody tr').length`)
	first := eval[string](t, b, `(document.querySelector('#diff-pairs tbody tr') || {}).className || ''`)
	t.Logf("after %v: %q, %d rows, the first %q", took.Round(time.Millisecond), shown, rows, first)
	if rows == 0 || rows > 200 {
		t.Errorf("%d pair rows: want the first 200 at most", rows)
	}
	if !strings.Contains(shown, "lost") || !strings.Contains(first, "pair-lost") {
		t.Errorf("the counts %q and the first row %q should say what was lost", shown, first)
	}
	b.screenshot(t, "whatif-big-failure")
	b.noConsoleErrors(t)
}
