//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// holdWorkerJS wraps the page's Worker so that a test can hold the
// questions the page sends the engine's worker (window.holdWorker) and
// deliver them later (window.releaseWorker()). Other messages (the boot,
// the sweeps) pass.
const holdWorkerJS = `(() => {
	const W = window.Worker;
	if (!W) { return; }
	const question = m => (m && typeof m === 'object' && typeof m.msg === 'string') ||
		(typeof m === 'string' && m.includes('"kind":"derive"'));
	window.Worker = class extends W {
		constructor(...a) { super(...a); window.engineWorker = this; this.held = []; }
		postMessage(m, ...rest) {
			if (window.holdWorker && question(m)) { this.held.push([m, rest]); return; }
			return super.postMessage(m, ...rest);
		}
	};
	window.releaseWorker = () => {
		window.holdWorker = false;
		const w = window.engineWorker;
		for (const [m, rest] of w.held.splice(0)) { W.prototype.postMessage.call(w, m, ...rest); }
		return true;
	};
})();`

// TestRoutesTabFromTheWorker (issue 12, point 1: the engine in a worker):
// the Routes tab's effective routes and the Checks count are the engine
// worker's answers, and the page does not analyse an edit for them. With
// the worker's questions held, an edit (a spoke subnet's route table taken
// off) is drawn at once, the results pane says it is updating and the
// routes shown stay the last answer; once the questions reach the worker,
// the routes are the edited subnet's. Before, the page analysed the edit
// itself and the routes changed with the worker held.
func TestRoutesTabFromTheWorker(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	onEveryPage(t, b, holdWorkerJS)
	b.load(t, srv.URL+"/")
	b.openBuiltin(t, "hub-spoke-firewall")
	trSelectNode(t, b, "subnet:spoke1/app")
	routes := `(document.getElementById('routes') || {textContent: ''}).textContent`
	settled := `document.getElementById('results-pane').getAttribute('aria-busy') === 'false'`
	poll[bool](t, b, "spoke1/app's routes, through the firewall", settled+` && `+routes+`.includes('VirtualAppliance')`)
	before := eval[string](t, b, routes)

	eval[bool](t, b, `(window.holdWorker = true)`)
	trSet(t, b, "#prop-routeTable", "")
	if eval[bool](t, b, `document.getElementById('form-apply') !== null`) {
		trClick(t, b, "#form-apply", "apply the subnet's change")
	}
	poll[bool](t, b, "the route table's association off the canvas", `document.querySelector('[data-key^="assoc:rt-spokes>subnet:spoke1/app"]') === null`)
	time.Sleep(1500 * time.Millisecond) // time for the page to analyse, were it to
	if busy, now := eval[string](t, b, `String(document.getElementById('results-pane').getAttribute('aria-busy'))`), eval[string](t, b, routes); busy != "true" || now != before {
		t.Fatalf("with the worker's questions held, the results pane's aria-busy is %q (want \"true\") and the routes changed %v (want the last answer): the page analysed the edit itself", busy, now != before)
	}
	b.screenshot(t, "routes-tab-updating")
	if held := eval[int](t, b, `window.engineWorker ? window.engineWorker.held.length : -1`); held <= 0 {
		t.Fatalf("the edit asked the worker nothing (%d questions held; -1: no worker started)", held)
	}

	eval[bool](t, b, `window.releaseWorker()`)
	poll[bool](t, b, "spoke1/app's routes without the route table", settled+` && `+routes+` !== '' && !`+routes+`.includes('VirtualAppliance')`)
	b.screenshot(t, "routes-tab-from-the-worker")
	b.noConsoleErrors(t)
}
