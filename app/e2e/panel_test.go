//go:build e2e

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestPanelSeparatorReportsWidth: the side panel's separator tells
// assistive technology the panel's width (aria-valuenow) as it is on
// screen, on load, in a narrower and a wider window (the style sheet's
// default width follows the window's) and after each resize from the
// keyboard. The width is worked out from the layout's state
// (workspace.Panels.PanelOnScreen), not read from the page while
// rendering: this checks that both agree.
func TestPanelSeparatorReportsWidth(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")
	const agree = `(() => {
		const w = Math.trunc(document.getElementById('panel').getBoundingClientRect().width);
		return document.getElementById('panel-resize').getAttribute('aria-valuenow') === String(w);
	})()`
	const width = `Math.trunc(document.getElementById('panel').getBoundingClientRect().width)`
	poll[bool](t, b, "the separator reports the panel's width", agree)
	for _, w := range []int64{1024, 1900, 1400} { // 30% of the window, then the default's bounds
		b.do(t, fmt.Sprint("a window ", w, " wide"), chromedp.EmulateViewport(w, 860))
		poll[bool](t, b, fmt.Sprint("a window ", w, " wide: the panel follows it"), fmt.Sprintf(`Math.abs(%s - Math.min(440, Math.max(300, 0.3 * %d))) < 1`, width, w))
		poll[bool](t, b, fmt.Sprint("a window ", w, " wide: the separator reports the width"), agree)
	}
	keys := map[string]string{"ArrowLeft": kb.ArrowLeft, "ArrowRight": kb.ArrowRight}
	for i, key := range []string{"ArrowRight", "ArrowRight", "ArrowLeft"} { // narrower twice, then wider
		before := eval[int](t, b, width)
		b.do(t, "focus the separator", chromedp.Focus(`#panel-resize`))
		b.do(t, key, chromedp.KeyEvent(keys[key]))
		poll[bool](t, b, fmt.Sprintf("step %d (%s): the panel resized", i, key), fmt.Sprintf(`%s !== %d`, width, before))
		poll[bool](t, b, fmt.Sprintf("step %d (%s): the separator reports the new width", i, key), agree)
	}
	b.noConsoleErrors(t)
}
