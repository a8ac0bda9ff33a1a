//go:build e2e && !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// contrastJS lists every visible text whose contrast with what is behind
// it is under WCAG AA (4.5:1; 3:1 for large text: 24 px, or 18.66 px
// bold), as "ratio fg/bg: text". HTML text is set against the first opaque
// background of its ancestors; canvas (SVG) text against the box it sits in
// (the rect drawn first in its group), else the canvas' background.
const contrastJS = `(() => {
	const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
		const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
	const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
	const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
	const htmlBg = el => { const layers = [];
		for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
			if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
		let bg = {r: 255, g: 255, b: 255, a: 1};
		for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
		return bg; };
	const canvasBg = htmlBg(document.getElementById('canvas'));
	const svgBg = el => { const g = el.closest('g'); const r = g && g.querySelector(':scope > rect');
		const c = r && parse(getComputedStyle(r).fill); return c && c.a > 0 ? over(c, canvasBg) : canvasBg; };
	const visible = el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
		return s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0 && r.width > 2 && r.height > 2 &&
			r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight; };
	const bad = [];
	const check = (el, fg, bg) => { if (!fg || fg.a === 0) return;
		const f = over(fg, bg), l1 = lum(f), l2 = lum(bg), ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		const s = getComputedStyle(el), size = parseFloat(s.fontSize) * (el.getScreenCTM ? el.getScreenCTM().a : 1), bold = parseInt(s.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		if (ratio < need) bad.push(ratio.toFixed(2) + ' ' + s.color + '/' + JSON.stringify(bg) + ' ' + el.tagName + '.' + el.getAttribute('class') + ': ' + el.textContent.trim().slice(0, 40)); };
	for (const el of document.querySelectorAll('body *')) {
		if (el.closest('svg') && el.tagName.toLowerCase() !== 'text') continue;
		const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
		if (!own || !visible(el) || el.closest('.sr-only')) continue;
		if (el.tagName.toLowerCase() === 'text') check(el, parse(getComputedStyle(el).fill), svgBg(el));
		else check(el, parse(getComputedStyle(el).color), htmlBg(el));
	}
	return bad.join('\n');
})()`

// TestPresentationContrast: presentation mode (the Present button) shows
// the design with every visible text at WCAG AA contrast or better — the
// canvas, the Inspector, the Reach matrix, the top bar — and its canvas
// text at 16 px or more, centred on the selection; the palette is folded
// away. Presenting again ends it.
func TestPresentationContrast(t *testing.T) {
	h := requireBrowser(t)
	b := h.openApp(t)
	b.openBuiltin(t, "hub-spoke-firewall")
	trClick(t, b, "#tab-reach", "open the Reach tab")
	poll[bool](t, b, "the matrix", `document.querySelectorAll('#matrix .cell').length > 0`)
	b.do(t, "fit the design", chromedp.Click(chromedp.ID("fit")))
	spoke := trRect(t, b, `[data-key="vnet:spoke1"] > .node-box`)
	b.do(t, "select spoke1 (its header)", chromedp.MouseClickXY(spoke.X+spoke.W/3, spoke.Y+10))
	poll[bool](t, b, "spoke1 selected", `document.querySelector('#inspector[data-ref="vnet spoke1"]') !== null`)
	trClick(t, b, "#present", "click Present")
	poll[bool](t, b, "presentation mode", `document.getElementById('vnetplay').classList.contains('presenting')`)
	trSettle()
	if bad := eval[string](t, b, contrastJS); bad != "" {
		t.Errorf("texts under WCAG AA in presentation mode:\n%s", bad)
	}
	smallest := eval[float64](t, b, `Math.min(...[...document.querySelectorAll('#world text')].filter(e => { const r = e.getBoundingClientRect();
		return r.width > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight; })
		.map(e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a))`)
	if smallest < 16 {
		t.Errorf("the smallest canvas text on screen is %.1f px in presentation mode, want 16 or more", smallest)
	}
	if eval[bool](t, b, `document.getElementById('palette').getBoundingClientRect().width > 1 || getComputedStyle(document.getElementById('palette')).visibility !== 'hidden'`) {
		t.Error("the palette is still shown in presentation mode")
	}
	centred := eval[bool](t, b, `(() => { const c = document.getElementById('canvas').getBoundingClientRect(),
		n = document.querySelector('[data-key="vnet:spoke1"] > .node-box').getBoundingClientRect();
		return Math.abs((n.left + n.right) / 2 - (c.left + c.right) / 2) < 40 && Math.abs((n.top + n.bottom) / 2 - (c.top + c.bottom) / 2) < 40; })()`)
	if !centred {
		t.Error("the selection is not centred on the canvas")
	}
	// Every result tab's whole label shows: a projector's audience reads
	// them (on the build before, "Rou…", "Rea…", "Na…", "Challe…").
	if cut := eval[[]string](t, b, `[...document.querySelectorAll('#results-pane .tab')].filter(tab => {
			const l = tab.querySelector('.tab-label') || tab;
			return l.scrollWidth > l.clientWidth + 0.5 || tab.getBoundingClientRect().width < 1; }).map(tab => tab.textContent)`); len(cut) > 0 {
		t.Errorf("result tabs cut in presentation mode: %q", cut)
	}
	// At 1280×720 the design's name keeps room to be read: the tagline,
	// which the window's own width no longer hides once the bar is zoomed,
	// gives way (the title was cut to 140 px, "01 · Peering i…").
	b.do(t, "a 1280×720 window", chromedp.EmulateViewport(1280, 720))
	if w := poll[float64](t, b, "the title's width at 1280", `document.getElementById('doc-title').clientWidth`); w < 280 {
		t.Errorf("in presentation mode at 1280×720 the design's name has %.0f px, want 280 or more", w)
	}
	b.screenshot(t, "presentation")
	trClick(t, b, "#present", "click Present again")
	poll[bool](t, b, "presentation mode ended", `!document.getElementById('vnetplay').classList.contains('presenting')`)
	if bad := eval[string](t, b, contrastJS); strings.Count(bad, "\n") > 200 {
		t.Logf("outside presentation mode %d texts are under AA (not a requirement there)", strings.Count(bad, "\n")+1)
	}
	b.noConsoleErrors(t)
}
