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
// screen, on load and after each resize from the keyboard (docs/
// performance.md says why it is read while rendering).
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
