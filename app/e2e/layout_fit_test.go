//go:build e2e && !(js && wasm)

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// layoutSizes are the window sizes the layout tests look at: the smallest
// supported window, a projector's, the default, and a large screen.
var layoutSizes = [][2]int64{{1024, 700}, {1280, 720}, {1400, 860}, {1920, 1080}}

// tabsCutJS lists the result tabs whose label or count badge does not
// show whole ("Routes: label 38 of 51 px"), and tabs that overlap or
// leave the results pane.
const tabsCutJS = `(() => {
	const pane = document.getElementById('results-pane').getBoundingClientRect();
	const tabs = [...document.querySelectorAll('#results-pane .tab')], bad = [];
	tabs.forEach((tab, i) => {
		const l = tab.querySelector('.tab-label'), name = l.textContent;
		if (l.scrollWidth > l.clientWidth) bad.push(name + ': label ' + l.clientWidth + ' of ' + l.scrollWidth + ' px');
		if (tab.scrollWidth > tab.clientWidth) bad.push(name + ': tab ' + tab.clientWidth + ' of ' + tab.scrollWidth + ' px (count ' + tab.dataset.count + ')');
		const r = tab.getBoundingClientRect();
		if (r.width < 1 || r.left < pane.left - 0.5 || r.right > pane.right + 0.5) bad.push(name + ': outside the pane');
		tabs.slice(i + 1).forEach(o => { const q = o.getBoundingClientRect();
			if (r.left < q.right - 0.5 && q.left < r.right - 0.5 && r.top < q.bottom - 0.5 && q.top < r.bottom - 0.5) bad.push(name + ' overlaps ' + o.textContent); });
	});
	return bad.join('; ');
})()`

// tabRectsJS is where each result tab is, rounded to the pixel.
const tabRectsJS = `[...document.querySelectorAll('#results-pane .tab')].map(t => { const r = t.getBoundingClientRect();
	return t.id + ' ' + [r.left, r.top, r.width, r.height].map(Math.round).join(','); }).join(' | ')`

// tabRowsJS is the number of rows the result tabs take.
const tabRowsJS = `new Set([...document.querySelectorAll('#results-pane .tab')].map(t => Math.round(t.getBoundingClientRect().top))).size`

// TestTabLabelsWholeAtEveryWidth: every result tab's label shows whole,
// with its count, at every window size from 1024 px, in presentation
// mode too, and at every width the side panel can be dragged to; the
// tabs take one row when it holds them, else two rows of three (three of
// two at the narrowest panel). A tab never moves when its count comes or
// goes. On the build before, at 1280×720 the tabs read "Rout…", "Nam…"
// and "Challe…", at 1400 px "Checks" with a count read "Che…", and a
// narrow presentation panel cut "Challenge".
func TestTabLabelsWholeAtEveryWidth(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	poll[bool](t, b, "the results", `document.getElementById('results-pane').getAttribute('aria-busy') === 'false'`)
	before := eval[string](t, b, tabRectsJS)
	trSelectNode(t, b, "vm:firewall")
	trClick(t, b, "#fail-toggle", "Fail the firewall")
	poll[bool](t, b, "the What-if count", `document.getElementById('tab-whatif').dataset.count === '1'`)
	if after := eval[string](t, b, tabRectsJS); after != before {
		t.Errorf("the tabs moved when the What-if count came:\nbefore %s\nafter  %s", before, after)
	}
	// The widest counts the tabs show: a design with a hundred problems or
	// more, and many failures, reads "99+" on both badges.
	widest := func() {
		b.do(t, "the widest counts", chromedp.Evaluate[chromedp.Void](`['tab-whatif', 'tab-checks'].forEach(id => document.getElementById(id).dataset.count = '99+')`))
	}
	check := func(what string) {
		t.Helper()
		if cut := eval[string](t, b, tabsCutJS); cut != "" {
			t.Errorf("%s: %s", what, cut)
		}
	}
	width := func() int {
		return eval[int](t, b, `Number(document.getElementById('panel-resize').getAttribute('aria-valuenow'))`)
	}
	// A step of the panel's separator from the keyboard (the keydown its
	// handler reads); false at the panel's bound.
	key := func(k string) bool {
		t.Helper()
		w := width()
		b.do(t, k, chromedp.Evaluate[chromedp.Void](`document.getElementById('panel-resize').dispatchEvent(new KeyboardEvent('keydown', {key: '`+k+`', bubbles: true, cancelable: true}))`))
		return b.settleUnless(t, k, fmt.Sprintf(`Number(document.getElementById('panel-resize').getAttribute('aria-valuenow')) !== %d`, w))
	}
	shot := func(prefix, name string) {
		b.screenshot(t, prefix+strings.NewReplacer("×", "x", " ", "-").Replace(name))
	}
	mode := func(present bool) string { // presentation mode on or off
		t.Helper()
		on := `document.getElementById('vnetplay').classList.contains('presenting')`
		if eval[bool](t, b, on) != present {
			trClick(t, b, "#present", "click Present")
			poll[bool](t, b, "presentation mode on or off", fmt.Sprintf(`%s === %v`, on, present))
		}
		if present {
			return " presenting"
		}
		return ""
	}
	// The panel's default width at each window size, then presenting.
	for _, present := range []bool{false, true} {
		suffix := mode(present)
		for _, sz := range layoutSizes {
			name := fmt.Sprintf("%d×%d%s", sz[0], sz[1], suffix)
			b.resize(t, sz[0], sz[1])
			check(name)
			widest()
			check(name + ", counts 99+")
			t.Logf("%s: panel %d px, tabs in %d rows", name, width(), eval[int](t, b, tabRowsJS))
			shot("tabs-", name)
		}
	}
	// Every width the panel can be dragged to, from the widest to the
	// narrowest, presenting and not (in a window wide enough for them all:
	// the tabs depend on the panel's width only).
	for _, present := range []bool{true, false} {
		suffix := mode(present)
		for _, sz := range [][2]int64{{1920, 1080}} {
			name := fmt.Sprintf("%d×%d%s", sz[0], sz[1], suffix)
			b.resize(t, sz[0], sz[1])
			for key("ArrowLeft") {
			}
			for {
				widest()
				t.Logf("%s, the panel %d px wide", name, width())
				check(fmt.Sprintf("%s, the panel %d px wide", name, width()))
				if !key("ArrowRight") {
					break
				}
			}
			t.Logf("%s: the narrowest panel %d px, tabs in %d rows", name, width(), eval[int](t, b, tabRowsJS))
			shot("tabs-narrowest-", name)
		}
	}
	b.noConsoleErrors(t)
}

// selectWithN selects the canvas resource whose Inspector name is name,
// as a keyboard user does: N selects the next resource in turn.
func selectWithN(t *testing.T, b *browser, name string) {
	t.Helper()
	b.do(t, "focus the canvas", chromedp.Evaluate[chromedp.Void](`document.getElementById('canvas').focus()`))
	cur := func() string {
		return eval[string](t, b, `document.getElementById('rename') ? document.getElementById('rename').value : ''`)
	}
	var seen []string
	for range 60 {
		prev := cur()
		b.do(t, "N", chromedp.KeyEvent("n"))
		v := prev
		for k := 0; k < 30 && v == prev; k++ { // the Inspector follows the key
			time.Sleep(50 * time.Millisecond)
			v = cur()
		}
		if v == name {
			return
		}
		seen = append(seen, v)
	}
	t.Fatalf("N never selected %s; it selected in turn %v", name, seen)
}

// bubbleOffCanvasJS says how the packet walk's hop bubble leaves the
// visible canvas ("" when it is wholly inside it).
const bubbleOffCanvasJS = `(() => {
	const e = document.getElementById('sim-bubble'); if (!e) return 'no bubble';
	const r = e.getBoundingClientRect(), c = document.getElementById('canvas').getBoundingClientRect();
	const off = [];
	if (r.left < c.left) off.push('left ' + Math.round(r.left) + ' < ' + Math.round(c.left));
	if (r.right > c.right) off.push('right ' + Math.round(r.right) + ' > ' + Math.round(c.right));
	if (r.top < c.top) off.push('top ' + Math.round(r.top) + ' < ' + Math.round(c.top));
	if (r.bottom > c.bottom) off.push('bottom ' + Math.round(r.bottom) + ' > ' + Math.round(c.bottom));
	return off.length ? e.querySelector('.sim-title').textContent + ': ' + off.join(', ') : '';
})()`

// TestWalkBubbleStaysOnCanvas: the hop bubble of a packet walk played on
// the canvas shows whole inside the canvas at every step, presenting or
// not, in windows from 1024 px. On the build before, in workshop challenge
// 07 (branch-to-branch on, presenting at 1280×720), the walk from
// sdwan/branches/paris to dc/erp drew hop 2's bubble out to 955 px on a
// canvas ending at 896: its text ran under the side panel.
func TestWalkBubbleStaysOnCanvas(t *testing.T) {
	b := requireBrowser(t).openApp(t)
	b.do(t, "a 1280×720 window", chromedp.EmulateViewport(1280, 720))
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	poll[bool](t, b, "open challenge 07", `(() => {
		document.querySelectorAll('#library details').forEach(d => d.open = true);
		const li = [...document.querySelectorAll('#library li')].find(l => l.textContent.trim().startsWith('07 ·'));
		if (!li) return false;
		li.querySelector('button').click();
		return true;
	})()`)
	poll[bool](t, b, "the design", `document.getElementById('library') === null && document.querySelector('[data-key*="hub-rs"]') !== null`)
	selectWithN(t, b, "hub-rs")
	trClick(t, b, "#prop-allowBranchToBranchTraffic", "allow branch-to-branch traffic")
	poll[bool](t, b, "branch-to-branch on", `document.getElementById('prop-allowBranchToBranchTraffic').checked`)
	trClick(t, b, "#present", "click Present")
	poll[bool](t, b, "presentation mode", `document.getElementById('vnetplay').classList.contains('presenting')`)
	trClick(t, b, "#tab-reach", "open the Reach tab")
	// The matrix's column names show whole (on the build before, the
	// rotated "sdwan/branches/paris" was cut off at the matrix's top).
	poll[bool](t, b, "the matrix", `document.querySelectorAll('#matrix .cell').length > 0`)
	if cut := eval[string](t, b, `(() => {
		const th = [...document.querySelectorAll('#matrix th.col-head')].find(h => h.textContent === 'sdwan/branches/paris');
		if (!th) return 'no column sdwan/branches/paris';
		const w = th.closest('.matrix-wrap').getBoundingClientRect(), r = th.getBoundingClientRect();
		if (th.scrollHeight > th.clientHeight + 1) return 'its header is ' + th.clientHeight + ' px high for a name of ' + th.scrollHeight;
		return r.top < w.top - 0.5 ? 'its header starts ' + Math.round(w.top - r.top) + ' px above the matrix' : '';
	})()`); cut != "" {
		t.Errorf("presenting at 1280×720, the Reach matrix's column sdwan/branches/paris is cut: %s", cut)
	}
	trClick(t, b, `#matrix button[data-from="sdwan/branches/paris"][data-to="dc/erp"]`, "the paris → erp cell")
	trClick(t, b, "#walk-play", "▶ Play on canvas")
	poll[bool](t, b, "the walk's steps", `Number(document.getElementById('sim-bar').dataset.steps) > 2`)
	trClick(t, b, "#sim-play", "Pause")
	poll[bool](t, b, "paused", `document.getElementById('sim-bar').dataset.playing === 'false'`)
	steps := eval[int](t, b, `Number(document.getElementById('sim-bar').dataset.steps)`)
	for _, present := range []bool{true, false} {
		if !present {
			trClick(t, b, "#present", "click Present to end it")
			poll[bool](t, b, "presentation mode ended", `!document.getElementById('vnetplay').classList.contains('presenting')`)
		}
		for _, sz := range [][2]int64{{1280, 720}, {1024, 700}, {1400, 860}, {1920, 1080}} {
			name := fmt.Sprintf("%d×%d", sz[0], sz[1])
			if present {
				name += " presenting"
			}
			b.resize(t, sz[0], sz[1])
			for eval[int](t, b, `Number(document.getElementById('sim-bar').dataset.step)`) > 0 {
				b.do(t, "step back", chromedp.Evaluate[chromedp.Void](`document.getElementById('sim-back').click()`))
			}
			for k := 0; k < steps; k++ {
				if k > 0 {
					b.do(t, "step forward", chromedp.Evaluate[chromedp.Void](`document.getElementById('sim-forward').click()`))
				}
				poll[bool](t, b, fmt.Sprint("step ", k+1), fmt.Sprintf(`document.getElementById('sim-overlay').dataset.step === '%d' && document.getElementById('sim-bubble') !== null`, k))
				b.settle(t, fmt.Sprint(name, ", step ", k+1)) // the step drawn, and what follows it
				if off := eval[string](t, b, bubbleOffCanvasJS); off != "" {
					t.Errorf("%s, step %d of %d: the hop bubble leaves the canvas: %s", name, k+1, steps, off)
				}
				if k == 1 {
					b.screenshot(t, "walk-bubble-"+strings.NewReplacer("×", "x", " ", "-").Replace(name))
				}
			}
		}
	}
	b.noConsoleErrors(t)
}

// TestUpdatingNoteClearOfTheTabs: the "Updating…" note the results show
// while the engine answers an edit sits over the results, never over a
// tab, at every window size, presenting or not, and at the narrowest
// panel (tabs in two and three rows). On the build before, it sat 46 px
// under the pane's top, where a one-row tab bar ends: on the second row
// of two it covered "Challenge" ("Ch Updating…").
func TestUpdatingNoteClearOfTheTabs(t *testing.T) {
	b := requireBrowser(t).builtinApp(t, "hub-spoke-firewall")
	poll[bool](t, b, "the results", `document.getElementById('results-pane').getAttribute('aria-busy') === 'false'`)
	// The pane as it is while updating (the class the page sets), the note
	// shown at once rather than after its delay.
	const overlapJS = `(() => {
		document.getElementById('results-pane').classList.add('updating');
		const note = document.getElementById('updating');
		note.style.animation = 'none'; note.style.opacity = '1';
		const n = note.getBoundingClientRect(), bad = [];
		if (n.width < 1) bad.push('the note is not shown');
		for (const tab of document.querySelectorAll('#results-pane .tab')) { const r = tab.getBoundingClientRect();
			if (n.left < r.right && r.left < n.right && n.top < r.bottom && r.top < n.bottom) bad.push('over ' + tab.id); }
		const bar = document.querySelector('#results-pane .tabs').getBoundingClientRect();
		if (n.top < bar.bottom) bad.push('above the tab bar\'s bottom (' + Math.round(n.top) + ' < ' + Math.round(bar.bottom) + ')');
		note.style.animation = ''; note.style.opacity = '';
		document.getElementById('results-pane').classList.remove('updating');
		return bad.join(', ');
	})()`
	check := func(what string) {
		t.Helper()
		if bad := eval[string](t, b, overlapJS); bad != "" {
			t.Errorf("%s (tabs in %d rows): the Updating note is %s", what, eval[int](t, b, tabRowsJS), bad)
		}
	}
	for _, present := range []bool{false, true} {
		if present {
			trClick(t, b, "#present", "click Present")
			poll[bool](t, b, "presentation mode", `document.getElementById('vnetplay').classList.contains('presenting')`)
		}
		for _, sz := range layoutSizes {
			b.resize(t, sz[0], sz[1])
			check(fmt.Sprintf("%d×%d presenting=%v", sz[0], sz[1], present))
		}
	}
	// The narrowest panel: three rows of two tabs while presenting.
	for range 30 {
		b.do(t, "narrower", chromedp.Evaluate[chromedp.Void](`document.getElementById('panel-resize').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true, cancelable: true}))`))
	}
	b.settle(t, "the narrowest panel")
	check("the narrowest panel, presenting")
	b.noConsoleErrors(t)
}
