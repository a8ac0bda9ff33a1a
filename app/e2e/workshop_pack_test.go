//go:build e2e && !(js && wasm)

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vnetplay/engine/scenario"
)

// TestWorkshopPack is issue 16's workshop pack as a file: the trainer
// downloads the built-in pack from the Scenarios dialog; a student imports
// that file in a fresh browser profile, the pack is listed with its eleven
// challenges in order, each "not started", and its first challenge opens
// on the Challenge tab while the design the student had is kept in My
// scenarios.
func TestWorkshopPack(t *testing.T) {
	h := requireBrowser(t)
	srv := h.serve(t, h.site(t, "e2e-v1"), "127.0.0.1:0")
	tb := h.browser(t)
	dir := tb.allowDownloads(t)
	tb.load(t, srv.URL+"/")
	tb.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	tb.do(t, "open the workshop pack", chromedp.Click(chromedp.CSS("#workshop-pack > summary")))
	tb.do(t, "download the pack", chromedp.Click(chromedp.ID("workshop-pack-export")))
	file := waitForDownload(t, dir, ".workshop.json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := scenario.DecodePack(data, scenario.Strict)
	if err != nil {
		t.Fatalf("the downloaded pack: %v", err)
	}
	if len(p.Challenges) != 11 {
		t.Fatalf("the downloaded pack has %d challenges", len(p.Challenges))
	}
	tb.noConsoleErrors(t)

	sb := h.browserWithProfile(t, t.TempDir())
	sb.load(t, srv.URL+"/")
	poll[bool](t, sb, "the app ready", `document.getElementById('scenarios') !== null`)
	before := eval[string](t, sb, titleJS)
	sb.do(t, "open the Scenarios dialog", chromedp.Click(chromedp.ID("scenarios")))
	sb.do(t, "import the pack", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	poll[bool](t, sb, "the imported pack listed", `document.querySelectorAll('#imported-packs .pack-challenges li').length === 11`)
	if got := eval[string](t, sb, titleJS); got != before {
		t.Errorf("importing a pack changed the design from %q to %q", before, got)
	}
	titles := eval[[]string](t, sb, `[...document.querySelectorAll('#imported-packs .pack-challenges li .builtin-title')].map(e => e.textContent)`)
	for i, c := range p.Challenges {
		if i >= len(titles) || titles[i] != c.Name {
			t.Fatalf("listed %q, want the pack's order (challenge %d is %q)", titles, i, c.Name)
		}
	}
	if n := eval[float64](t, sb, `[...document.querySelectorAll('#imported-packs .ch-status')].filter(e => e.textContent === 'not started').length`); n != 11 {
		t.Errorf("%v challenges say \"not started\"", n)
	}
	if got := eval[string](t, sb, `document.querySelector('#imported-packs .ch-pack-title').textContent`); !strings.Contains(got, p.Title) {
		t.Errorf("pack title %q, want %q", got, p.Title)
	}
	sb.screenshot(t, "workshop-pack-imported")

	// The same pack again (a trainer's second edition): listed once, and the
	// notice says it replaced the one imported before. On the build before,
	// the notice read as for a first import.
	sb.do(t, "import the pack again", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	notice := `(document.getElementById('notice') || {textContent: ''}).textContent`
	if _, ok := trWait[bool](t, sb, notice+`.includes('it replaces the pack')`, 10*time.Second); !ok {
		t.Errorf("the second import's notice %q does not say it replaced the first", eval[string](t, sb, notice))
	}
	if n := eval[float64](t, sb, `document.querySelectorAll('#imported-packs .pack-challenges li').length`); n != 11 {
		t.Errorf("after the second import %v challenges are listed", n)
	}

	sb.do(t, "open the first challenge", chromedp.Click(chromedp.CSS(`#imported-packs .pack-challenges li[data-index="0"] .pack-open`)))
	poll[bool](t, sb, "the challenge on its tab", `document.getElementById('library') === null &&
		document.querySelector('#challenge-instructions') !== null &&
		document.querySelectorAll('#challenge-goals li').length > 0`)
	if got := eval[string](t, sb, titleJS); got != p.Challenges[0].Name {
		t.Errorf("the open design is %q, want %q", got, p.Challenges[0].Name)
	}
	sb.noConsoleErrors(t)
}

// waitForDownload waits up to 30 s for a whole file ending in suffix in
// dir and returns its path: one that is not empty and kept its size over
// 100 ms (the browser may create the file before it has written it: a test
// that read it at once found it empty).
func waitForDownload(t *testing.T, dir, suffix string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	seen := map[string]int64{} // path → size at the previous look
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), suffix) {
				continue
			}
			path := filepath.Join(dir, e.Name())
			info, err := os.Stat(path)
			if err != nil || info.Size() == 0 {
				continue
			}
			if last, ok := seen[path]; ok && last == info.Size() {
				return path
			}
			seen[path] = info.Size()
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no whole %s file was downloaded", suffix)
	return ""
}
