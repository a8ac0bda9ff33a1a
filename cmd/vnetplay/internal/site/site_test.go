package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/routes"
	"vnetplay/app/ui"
)

func TestGenerate(t *testing.T) {
	routes.Register()
	dir := t.TempDir()
	wasm := filepath.Join(dir, "app.wasm")
	payload := bytes.Repeat([]byte("\x00asm fake module "), 4096)
	if err := os.WriteFile(wasm, payload, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dist")
	res, err := Generate(Options{Wasm: wasm, Web: "../../../../web", Out: out, BrotliQuality: 5})
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	if !regexp.MustCompile(`^/web/app\.[0-9a-f]{16}\.wasm$`).MatchString(res.WasmPath) || !strings.Contains(res.WasmPath, res.Version) {
		t.Fatalf("WasmPath %q, Version %q", res.WasmPath, res.Version)
	}
	if read(res.WasmPath) != string(payload) {
		t.Fatal("hashed wasm differs from the input")
	}
	for _, p := range []string{"/index.html", "/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/app.css", "/web/icons/icon.svg", "/web/icons/icon-192.png"} {
		if !slices.Contains(res.Files, p) {
			t.Errorf("site lacks %s (files: %v)", p, res.Files)
		}
	}
	if slices.Contains(res.Files, "/web/app.wasm") || slices.Contains(res.Files, "/web/vnetplay.css") {
		t.Error("unhashed copies of hashed assets were published")
	}

	// The loader fetches the hashed wasm and knows its real size.
	appJS := read("/app.js")
	if !strings.Contains(appJS, res.WasmPath) || !strings.Contains(appJS, res.Version) {
		t.Error("app.js does not reference the hashed wasm and the version")
	}
	// The worker is registered once, after the app started.
	if strings.Count(appJS, "goappInitServiceWorker();") != 1 ||
		strings.Index(appJS, "loader.remove();\n    goappInitServiceWorker();") < 0 {
		t.Error("app.js does not register the service worker after the app started")
	}
	// The loader keeps the module it compiled, once, before the app starts,
	// for the engine's worker.
	keep := "    self." + ui.WasmModuleGlobal + " = wasm.module;\n    go.run(wasm.instance);\n"
	if strings.Count(appJS, "self."+ui.WasmModuleGlobal) != 1 || strings.Count(appJS, keep) != 1 {
		t.Error("app.js does not keep the compiled wasm module, once, before the app starts")
	}
	// Our worker, not go-app's cache-first default, with this build's cache.
	worker := read("/app-worker.js")
	engineWorker := ""
	for _, f := range res.Files {
		if regexp.MustCompile(`^/web/engine-worker\.[0-9a-f]{16}\.js$`).MatchString(f) {
			engineWorker = f
		}
	}
	if engineWorker == "" || !strings.Contains(appJS, engineWorker) {
		t.Errorf("the hashed engine worker %q is not published or not in the page's environment", engineWorker)
	}
	for _, want := range []string{"vnetplay-" + res.Version, "networkFirst", "cacheFirst", res.WasmPath, engineWorker, `"/wasm_exec.js"`} {
		if !strings.Contains(worker, want) {
			t.Errorf("app-worker.js lacks %q", want)
		}
	}
	index := read("/index.html")
	if !regexp.MustCompile(`/web/vnetplay\.[0-9a-f]{16}\.css`).MatchString(index) {
		t.Error("index.html does not link the hashed stylesheet")
	}
	if !strings.Contains(index, `<link rel="preload" href="`+res.WasmPath+`" as="fetch"`) {
		t.Error("index.html does not preload the hashed wasm")
	}
	if !strings.Contains(index, `id="vnetplay"`) {
		t.Error("index.html does not pre-render the shell")
	}
	// Nothing points off the machine: the app must work offline.
	for _, p := range []string{"/index.html", "/app.js", "/app-worker.js", "/manifest.webmanifest"} {
		if s := read(p); strings.Contains(s, "githubusercontent") || regexp.MustCompile(`(src|href)="https?://`).MatchString(s) {
			t.Errorf("%s refers to an external host", p)
		}
	}
	var manifest struct {
		StartURL string `json:"start_url"`
		Icons    []struct{ Src, Type, Purpose, Sizes string }
	}
	if err := json.Unmarshal([]byte(read("/manifest.webmanifest")), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.StartURL != "/" || len(manifest.Icons) != 4 {
		t.Errorf("manifest start_url %q, %d icons", manifest.StartURL, len(manifest.Icons))
	}
	for _, ic := range manifest.Icons {
		if !strings.HasPrefix(ic.Src, "/web/icons/") {
			t.Errorf("manifest icon %q is not a local icon", ic.Src)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(ic.Src[1:]))); err != nil {
			t.Errorf("manifest icon %s is missing: %v", ic.Src, err)
		}
	}

	// Compressed siblings decode to the original.
	for _, p := range []string{res.WasmPath, "/index.html", "/app.js"} {
		orig := read(p)
		br, err := io.ReadAll(brotli.NewReader(strings.NewReader(read(p + ".br"))))
		if err != nil || string(br) != orig {
			t.Errorf("%s.br does not decode to the original (err %v)", p, err)
		}
		zr, err := gzip.NewReader(strings.NewReader(read(p + ".gz")))
		if err != nil {
			t.Fatal(err)
		}
		gz, _ := io.ReadAll(zr)
		if string(gz) != orig {
			t.Errorf("%s.gz does not decode to the original", p)
		}
	}
	// PNGs are not compressed again.
	if _, err := os.Stat(filepath.Join(out, "web/icons/icon-192.png.br")); err == nil {
		t.Error("icon-192.png was brotli-compressed")
	}
}

func TestGenerateErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(Options{Wasm: filepath.Join(dir, "none.wasm"), Web: dir, Out: filepath.Join(dir, "o"), BrotliQuality: 5}); err == nil {
		t.Error("missing wasm: no error")
	}
	if _, err := Generate(Options{BrotliQuality: 12}); err == nil {
		t.Error("brotli quality 12: no error")
	}
	wasm := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(wasm, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(Options{Wasm: wasm, Web: t.TempDir(), Out: filepath.Join(dir, "o"), BrotliQuality: 5}); err == nil || !strings.Contains(err.Error(), "vnetplay.css") {
		t.Errorf("web/ without the stylesheet: %v, want an error naming it", err)
	}
}

// goappJS is go-app's own app.js, as GenerateStaticWebsite writes it,
// before the site's patches.
func goappJS(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := app.GenerateStaticWebsite(dir, &app.Handler{Name: "t", Resources: resolver{}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAppJSPatches: the patches of go-app's app.js apply to go-app's
// app.js exactly once each, and refuse, loudly, an app.js of another shape
// rather than leave it unpatched.
func TestAppJSPatches(t *testing.T) {
	orig := goappJS(t)
	patched, err := keepWasmModule(orig)
	if err == nil {
		patched, err = deferServiceWorker(patched)
	}
	if err != nil {
		t.Fatalf("go-app's app.js: %v", err)
	}
	keep := "self." + ui.WasmModuleGlobal + " = wasm.module;"
	if strings.Count(patched, keep) != 1 {
		t.Errorf("the module is kept %d times, want once", strings.Count(patched, keep))
	}
	// Kept after the loader instantiated the wasm and before the program
	// starts, which is before the service worker is registered.
	order := []string{"const wasm = await instantiateStreaming(", keep, "go.run(wasm.instance);", "loader.remove();", "goappInitServiceWorker();"}
	at := 0
	for _, s := range order {
		i := strings.Index(patched[at:], s)
		if i < 0 {
			t.Fatalf("patched app.js: %q is missing or out of order (want %q in this order)", s, order)
		}
		at += i + len(s)
	}

	for _, tc := range []struct {
		name, old, repl string
		patch           func(string) (string, error)
	}{
		{"the instance is named otherwise", "go.run(wasm.instance);", "go.run(result.instance);", keepWasmModule},
		{"the program starts twice", "    go.run(wasm.instance);\n", "    go.run(wasm.instance);\n    go.run(wasm.instance);\n", keepWasmModule},
		{"the fallback resolves to the instance", "return await WebAssembly.instantiate(source, importObject);", "return (await WebAssembly.instantiate(source, importObject)).instance;", keepWasmModule},
		{"instantiateStreaming is not awaited there", "const wasm = await instantiateStreaming(", "const wasm = instantiate(", keepWasmModule},
		{"the service worker is registered elsewhere", "goappInitServiceWorker();\n", "goappInitServiceWorker(); \n", deferServiceWorker},
		{"the loader is removed elsewhere", "    loader.remove();\n  } catch", "  } catch", deferServiceWorker},
	} {
		if strings.Count(orig, tc.old) == 0 {
			t.Fatalf("%s: go-app's app.js has no %q to change", tc.name, tc.old)
		}
		changed := strings.Replace(orig, tc.old, tc.repl, 1)
		if _, err := tc.patch(changed); err == nil || !strings.Contains(err.Error(), "not the expected one") {
			t.Errorf("%s: patching gives error %v, want go-app's app.js refused", tc.name, err)
		}
	}
}
