//go:build e2e && !(js && wasm)

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// The harness builds the real artefacts once per run: the vnetplay command
// and a site whose wasm carries a known build label, in a temporary folder.
type harness struct {
	root   string // repository root
	tmp    string
	cli    string // path of the built vnetplay command
	chrome string
}

var (
	setupOnce sync.Once
	h         harness
	setupErr  error
)

func findChrome() string {
	if c := os.Getenv("CHROME"); c != "" {
		return c
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireBrowser returns the harness, building it on first use. Without a
// browser the test is skipped, except under CI=true, where it fails.
func requireBrowser(t *testing.T) *harness {
	t.Helper()
	chrome := findChrome()
	if chrome == "" {
		msg := "Chromium not found: apt-get install -y chromium, or set CHROME=/path/to/chrome"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: browser tests must run)")
		}
		t.Skip(msg)
	}
	setupOnce.Do(func() { setupErr = setup(chrome) })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return &h
}

// TestMain removes the harness's temporary folder when the tests end: the
// vnetplay command it built and the sites built without
// VNETPLAY_E2E_SITES (80 to 130 MB a run). Each run left it behind, and
// with other leftovers they filled this machine's disk, where Chromium's
// storage then failed (a service worker that could not precache, a
// flush on close that did not land).
func TestMain(m *testing.M) {
	code := m.Run()
	if h.tmp != "" {
		_ = os.RemoveAll(h.tmp)
	}
	os.Exit(code)
}

func setup(chrome string) error {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	tmp, err := os.MkdirTemp("", "vnetplay-e2e-")
	if err != nil {
		return err
	}
	h = harness{root: root, tmp: tmp, cli: filepath.Join(tmp, "vnetplay"), chrome: chrome}
	if out, err := h.goCmd(nil, "build", "-o", h.cli, "./cmd/vnetplay").CombinedOutput(); err != nil {
		return fmt.Errorf("building vnetplay: %v\n%s", err, out)
	}
	return nil
}

func (h *harness) goCmd(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = h.root
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// site builds the wasm with the given build label and generates a site from
// it, once per label. With VNETPLAY_SITE set (make sizes), that prebuilt
// site is used instead for the label "prebuilt". With VNETPLAY_E2E_SITES set
// (make test-e2e's shards), the sites are kept in that folder and built once
// for all the test processes that share it: the first to take a label's lock
// builds it, the others wait and reuse it (a wasm build and its brotli site
// take a minute of both cores).
func (h *harness) site(t *testing.T, label string) string {
	t.Helper()
	if label == "prebuilt" {
		if dir := os.Getenv("VNETPLAY_SITE"); dir != "" {
			return dir
		}
		label = "e2e-v1"
	}
	root := h.tmp
	if shared := os.Getenv("VNETPLAY_E2E_SITES"); shared != "" {
		root = shared
		unlock, err := lockFile(filepath.Join(root, label+".lock"))
		if err != nil {
			t.Fatalf("sharing the %s site: %v", label, err)
		}
		defer unlock()
	}
	dir := filepath.Join(root, "site-"+label)
	done := filepath.Join(root, "site-"+label+".done")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir) // a build cut short by a killed test leaves a partial site
	wasm := filepath.Join(root, label+".wasm")
	cmd := h.goCmd([]string{"GOOS=js", "GOARCH=wasm"}, "build", "-trimpath",
		"-ldflags=-s -w -X vnetplay/app/ui.buildLabel="+label, "-o", wasm, "./wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building wasm %s: %v\n%s", label, err, out)
	}
	gen := exec.Command(h.cli, "site", "-wasm", wasm, "-web", filepath.Join(h.root, "web"), "-out", dir, "-brotli", "5")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generating site %s: %v\n%s", label, err, out)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lockFile takes an exclusive lock on path (created with its folder if
// missing), waiting for another process that holds it; unlock releases it.
func lockFile(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// server is a running `vnetplay serve`.
type server struct {
	URL  string
	Addr string
	cmd  *exec.Cmd
	out  *strings.Builder
	done chan error
}

var urlLine = regexp.MustCompile(`at (http://(127\.0\.0\.1:\d+))/`)

// serve starts `vnetplay serve -dir dir` on addr ("127.0.0.1:0" for a free
// port) and waits for its startup line. The server is stopped at the end of
// the test if it is still running.
func (h *harness) serve(t *testing.T, dir, addr string) *server {
	t.Helper()
	cmd := exec.Command(h.cli, "serve", "-addr", addr, "-dir", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, out: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = s.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case line := <-lines:
		m := urlLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unexpected startup line %q", line)
		}
		s.URL, s.Addr = m[1], m[2]
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("vnetplay serve printed no startup line; stderr: %s", s.out)
	}
	go func() {
		for range lines {
		}
	}()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop sends SIGTERM and expects a clean exit (graceful shutdown).
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("vnetplay serve exited with %v after SIGTERM; stderr: %s", err, s.out)
		}
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		t.Error("vnetplay serve did not stop within 10 s of SIGTERM")
	}
}

// browser is one headless Chromium with a fresh profile, and the console
// messages of its page.
type browser struct {
	ctx     context.Context
	kill    func() // ends the browser process, as a crash or a killed tab would
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

func (h *harness) browser(t *testing.T) *browser {
	t.Helper()
	return h.browserWithProfile(t, t.TempDir())
}

// browserWithProfile starts Chromium on an existing profile folder (to test
// what survives the browser being killed); the returned stop kills it.
func (h *harness) browserWithProfile(t *testing.T, profile string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(h.chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 860),
	)
	if f := os.Getenv("VNETPLAY_JS_FLAGS"); f != "" { // V8's flags, for experiments (wasm tiers, compilation)
		opts = append(opts, chromedp.Flag("js-flags", f))
	}
	for _, f := range strings.Fields(os.Getenv("VNETPLAY_CHROME_FLAGS")) { // Chromium's switches, for experiments: --name or --name=value
		name, value, ok := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(name, true))
		}
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx, kill: func() { cancelCtx(); cancelAlloc() }}
	// The first action starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	b.watchConsole(t)
	return b
}

// newTab opens another tab in b's browser (the same profile: storage,
// locks and channels are shared, as for a user's second tab). close closes
// it as a user does: the page gets pagehide.
func (b *browser) newTab(t *testing.T) (tab *browser, close func()) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	tab = &browser{ctx: ctx, kill: cancel}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tab.watchConsole(t)
	return tab, cancel
}

// watchConsole collects the page's console messages, and checks that an
// error logged by the page is seen (or the "no console errors" assertions
// would pass vacuously).
func (b *browser) watchConsole(t *testing.T) {
	t.Helper()
	ctx := b.ctx
	ready := make(chan struct{})
	go func() {
		first := true
		for m, err := range chromedp.Console(ctx) {
			if first {
				close(ready)
				first = false
			}
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	// Console subscribes lazily when ranged, so a message logged before
	// the goroutine above first runs is not seen: log one each half second
	// until one is (under load the first could come too early, and a CI
	// run waited 10 s on it in vain).
	deadlineAttach := time.Now().Add(30 * time.Second)
	for attached := false; !attached; {
		chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.debug("e2e: console attached")`))
		select {
		case <-ready:
			attached = true
		case <-time.After(500 * time.Millisecond):
			if time.Now().After(deadlineAttach) {
				t.Fatal("console subscription did not start within 30 s")
			}
		}
	}
	// Self-check: an error logged by the page must be seen, or the "no
	// console errors" assertions would pass vacuously.
	b.do(t, "log a probe error", chromedp.Evaluate[chromedp.Void](`console.error("e2e-probe")`))
	deadline := time.Now().Add(10 * time.Second)
	for !slices.ContainsFunc(b.errors(), func(s string) bool { return strings.Contains(s, "e2e-probe") }) {
		if time.Now().After(deadline) {
			t.Fatal("the console collector did not see a console.error")
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.mu.Lock()
	b.console = nil
	b.mu.Unlock()
}

// openApp serves the e2e-v1 site and loads it in a new browser.
func (h *harness) openApp(t *testing.T) *browser {
	t.Helper()
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	b := h.browser(t)
	b.load(t, srv.URL+"/")
	return b
}

// builtinApp is a browser with the app open on a copy of the built-in
// scenario name.
func (h *harness) builtinApp(t *testing.T, name string) *browser {
	t.Helper()
	b := h.openApp(t)
	b.openBuiltin(t, name)
	return b
}

// noConsoleErrors fails t if the page logged errors or exceptions.
func (b *browser) noConsoleErrors(t *testing.T) {
	t.Helper()
	if errs := b.errors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// errors returns the console errors and exceptions seen so far.
func (b *browser) errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			out = append(out, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
		}
	}
	return slices.Compact(out)
}

func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

func poll[T any](t *testing.T, b *browser, what, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 70*time.Second)
	defer cancel()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := chromedp.Run(ctx, chromedp.Poll[T](js, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err != nil && contextReplaced(err) && time.Now().Before(deadline) {
			continue // the document changed under the poll (a navigation committed): ask the new one
		}
		if err != nil {
			t.Fatalf("waiting for %s: %v\nconsole errors: %v", what, err, b.errors())
		}
		return v
	}
}

// quietJS (Sprintf quiet and most, in ms, and a JS condition) resolves to
// "quiet" once nothing in the page's document has changed (no element,
// attribute or text added, removed or changed) for quiet ms and three
// animation frames, nor through a timer of 20 ms after that; to "met"
// as soon as the condition holds, looked at each frame; and to "busy"
// when neither has come within most ms. What an input or a resize sets
// off changes the document within a frame or two of the change before,
// and the quiet starts again after each: go-app renders on a timer 8 ms
// after the event it handles (the last timer, due later, runs after it),
// a ResizeObserver reports a new layout in the next frame, and the app
// renders what it reports.
const quietJS = `new Promise(res => {
	const quiet = %d, most = %d, met = () => (%s);
	let last = performance.now(), frames = 0, cap;
	const mo = new MutationObserver(() => { last = performance.now(); frames = 0; });
	mo.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
	const end = why => { mo.disconnect(); clearTimeout(cap); res(why); };
	cap = setTimeout(() => end('busy'), most);
	const tick = () => {
		if (met()) return end('met');
		if (frames >= 3 && performance.now() - last >= quiet) {
			const seen = last;
			setTimeout(() => seen === last ? end('quiet') : requestAnimationFrame(tick), 20);
			return;
		}
		frames++;
		requestAnimationFrame(tick);
	};
	met() ? end('met') : requestAnimationFrame(tick);
})`

// settle waits until the page has drawn what follows the test's last
// action (an input, a resize): nothing in the document changed for 100 ms
// and three frames. It waits 2 s at most (what the tests waited before,
// whatever the page did), and says so when the page was still changing.
func (b *browser) settle(t *testing.T, after string) {
	t.Helper()
	b.settleUnless(t, after, "false")
}

// settleUnless waits until the JS condition cond holds (true) or, if it
// does not, until the page has settled (false): what the test did does
// not make it hold.
func (b *browser) settleUnless(t *testing.T, after, cond string) bool {
	t.Helper()
	switch eval[string](t, b, fmt.Sprintf(quietJS, 100, 2000, cond)) {
	case "met":
		return true
	case "busy":
		t.Logf("%s: the page was still changing after 2 s", after)
	}
	return false
}

// resize emulates a window of w×h px and waits until the page shows it
// and has drawn what follows (settle).
func (b *browser) resize(t *testing.T, w, h int64) {
	t.Helper()
	what := fmt.Sprintf("a %d×%d window", w, h)
	b.do(t, what, chromedp.EmulateViewport(w, h))
	poll[bool](t, b, what, fmt.Sprintf(`innerWidth === %d && innerHeight === %d`, w, h))
	b.settle(t, what)
}

// contextReplaced reports whether err says the page's JavaScript context
// went away during an evaluation: the page navigated or reloaded, and the
// same question can be asked again of the new document.
func contextReplaced(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") || strings.Contains(msg, "Execution context was destroyed")
}

// mounted is true once the wasm has mounted the shell (not the server's
// pre-rendered HTML) and restored the design to show: OnMount sets
// data-mounted and window.vnetplayMountedAt, the library sets data-ready,
// and go-app removes its loader.
const mounted = `window.vnetplayMountedAt !== undefined &&
	document.querySelector('#vnetplay[data-mounted="true"][data-ready="true"]') !== null &&
	document.getElementById('app-wasm-loader') === null && window.vnetplayMountedAt`

func (b *browser) load(t *testing.T, url string) float64 {
	t.Helper()
	b.do(t, "navigate to "+url, chromedp.Navigate(url))
	return poll[float64](t, b, "the app to mount", mounted)
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("VNETPLAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

func filepathGlob(pattern string) ([]string, error) { return filepath.Glob(pattern) }

// openBuiltin opens a copy of a built-in scenario through the Scenarios
// dialog, as a user does, and waits until the canvas shows it.
func (b *browser) openBuiltin(t *testing.T, name string) {
	t.Helper()
	b.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	b.clickBuiltin(t, name)
	poll[bool](t, b, name+" on the canvas", `document.getElementById('library') === null && document.querySelectorAll('#world [data-key^="vnet:"]').length > 0`)
}

// clickBuiltin clicks a built-in scenario's Open button in the Scenarios
// dialog once it is drawn. The click is the page's own, found and made in
// one evaluation: the list may be drawn again between a query and a click
// (a fresh-clone CI run once waited a minute on a button no longer there).
func (b *browser) clickBuiltin(t *testing.T, name string) {
	t.Helper()
	poll[bool](t, b, "open a copy of "+name, `(() => {
		const x = document.querySelector('#builtins li[data-name="`+name+`"] button');
		if (!x) return false;
		x.click();
		return true;
	})()`)
}

// allowDownloads lets the page download files into a new temporary
// directory, which it returns (export tests read what lands there).
func (b *browser) allowDownloads(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}
