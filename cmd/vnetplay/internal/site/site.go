// Package site generates vnetplay's static website: go-app's HTML shell and
// loader, the wasm under a content-hashed name, the web/ assets, a service
// worker that never serves a stale build, and brotli and gzip siblings of
// every compressible file for the server to choose from.
package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/ui"
)

// Options says where the inputs are and how hard to compress.
type Options struct {
	Wasm          string // the built app.wasm
	Web           string // the web/ assets folder (app.wasm in it is ignored)
	Out           string // output folder; replaced entirely
	BrotliQuality int    // 0–11; 9 is quick (~1 s for the wasm), 11 is ~12 % smaller and ~15 s
}

// Result describes a generated site.
type Result struct {
	Version   string // first 16 hex digits of the wasm's SHA-256
	WasmPath  string // URL path of the wasm, e.g. /web/app.0123456789abcdef.wasm
	WasmBytes int64
	Files     []string // URL paths written, sorted (compressed siblings excluded)
}

// hashedAssets are web/ files published under a content-hashed name, so that
// they can be cached as immutable. Icons keep stable names (the manifest and
// installed PWAs refer to them).
var hashedAssets = []string{"vnetplay.css", "engine-worker.js"}

// Generate writes the site. It needs routes registered (routes.Register).
func Generate(o Options) (Result, error) {
	if o.BrotliQuality < 0 || o.BrotliQuality > 11 {
		return Result{}, fmt.Errorf("brotli quality %d: want 0 to 11", o.BrotliQuality)
	}
	wasm, err := os.ReadFile(o.Wasm)
	if err != nil {
		return Result{}, fmt.Errorf("reading wasm: %w", err)
	}
	sum := sha256.Sum256(wasm)
	version := hex.EncodeToString(sum[:8])
	res := Result{
		Version:   version,
		WasmPath:  "/web/app." + version + ".wasm",
		WasmBytes: int64(len(wasm)),
	}

	if err := os.RemoveAll(o.Out); err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(filepath.Join(o.Out, "web"), 0o755); err != nil {
		return Result{}, err
	}

	// web/ assets: copied, hashed where listed.
	rename := map[string]string{"/web/app.wasm": res.WasmPath}
	var cacheable []string
	err = filepath.WalkDir(o.Web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(o.Web, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "app.wasm" || strings.HasSuffix(rel, ".br") || strings.HasSuffix(rel, ".gz") {
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		urlPath := "/web/" + rel
		if slices.Contains(hashedAssets, rel) {
			s := sha256.Sum256(body)
			ext := path.Ext(rel)
			hashedPath := "/web/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(s[:8]) + ext
			rename[urlPath] = hashedPath
			urlPath = hashedPath
		}
		cacheable = append(cacheable, urlPath)
		return writeFile(o.Out, urlPath, body)
	})
	if err != nil {
		return Result{}, fmt.Errorf("copying %s: %w", o.Web, err)
	}
	for _, a := range hashedAssets {
		if _, ok := rename["/web/"+a]; !ok {
			return Result{}, fmt.Errorf("asset web/%s is missing", a)
		}
	}
	// The canvas' stylesheet lives with its components (app/ui), which
	// also embed it in exports; it is published hashed like vnetplay.css.
	canvasCSS := []byte(ui.CanvasCSS)
	cs := sha256.Sum256(canvasCSS)
	canvasPath := "/web/canvas." + hex.EncodeToString(cs[:8]) + ".css"
	rename["/web/canvas.css"] = canvasPath
	cacheable = append(cacheable, canvasPath)
	if err := writeFile(o.Out, canvasPath, canvasCSS); err != nil {
		return Result{}, err
	}
	if err := writeFile(o.Out, res.WasmPath, wasm); err != nil {
		return Result{}, err
	}

	h := &app.Handler{
		Name:            ui.ProductName,
		ShortName:       ui.ProductName,
		Title:           ui.ProductName + " · Azure virtual network design playground",
		Description:     "Design Azure virtual networks in the browser and see effective routes, reachability and failover computed live.",
		Lang:            "en",
		LoadingLabel:    "Loading vnetplay {progress}%",
		BackgroundColor: "#0f172a",
		ThemeColor:      "#0f172a",
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/maskable-512.png",
			SVG:      "/web/icons/icon.svg",
		},
		// canvas.css first: it holds the light theme's tokens, which
		// vnetplay.css's dark theme overrides.
		Styles: []string{canvasPath, rename["/web/vnetplay.css"]},
		// Start downloading (and compiling) the wasm while the loader
		// scripts load; app.js's fetch reuses this response (measured: the
		// request starts at ~60 ms instead of ~240 ms after navigation).
		RawHeaders:            []string{`<link rel="preload" href="` + res.WasmPath + `" as="fetch" type="application/wasm" crossorigin="anonymous">`},
		CacheableResources:    cacheable,
		StartURL:              "/",
		Version:               version,
		Resources:             resolver{rename: rename},
		ServiceWorkerTemplate: serviceWorker,
		// The server sends the wasm compressed, without a usable
		// Content-Length; the loader's progress bar needs the real size.
		WasmContentLength: strconv.FormatInt(res.WasmBytes, 10),
		// Where the engine's Web Worker and the wasm it loads are
		// (app/ui reads them: ui.EnvEngineWorker, ui.EnvWasm).
		Env: map[string]string{ui.EnvEngineWorker: rename["/web/engine-worker.js"], ui.EnvWasm: res.WasmPath},
	}
	if err := app.GenerateStaticWebsite(o.Out, h); err != nil {
		return Result{}, fmt.Errorf("generating pages: %w", err)
	}

	if err := patchFile(filepath.Join(o.Out, "app.js"), keepWasmModule, deferServiceWorker); err != nil {
		return Result{}, fmt.Errorf("patching go-app's app.js: %w", err)
	}

	// Compress every compressible file, two at a time (the machine has 2 cores).
	var files []string
	err = filepath.WalkDir(o.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(o.Out, p)
		files = append(files, "/"+filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	slices.Sort(files)
	res.Files = files
	if err := compressAll(o.Out, files, o.BrotliQuality); err != nil {
		return Result{}, err
	}
	return res, nil
}

// patchFile rewrites the file at p with each patch in turn.
func patchFile(p string, patches ...func(string) (string, error)) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	s := string(b)
	for _, patch := range patches {
		if s, err = patch(s); err != nil {
			return err
		}
	}
	return os.WriteFile(p, []byte(s), 0o644)
}

// replaceOnce replaces the one occurrence of old in s with repl. It fails
// when old occurs in s other than once: go-app's app.js is not the one the
// patches were written against.
func replaceOnce(s, old, repl string) (string, error) {
	if n := strings.Count(s, old); n != 1 {
		return "", fmt.Errorf("app.js from go-app is not the expected one: %q occurs %d times, want once", old, n)
	}
	return strings.Replace(s, old, repl, 1), nil
}

// deferServiceWorker makes go-app's loader register the service worker
// after the app has started instead of before: the worker's install
// downloads and caches the wasm a second time, which competed with the
// page's own download and compile for the first render (measured: median
// 854–890 ms against 951–1681 ms, three interleaved rounds of five cold
// loads). The rewrite is exact; a go-app whose app.js differs fails here.
func deferServiceWorker(s string) (string, error) {
	const register = "goappInitServiceWorker();\n"
	const started = "    go.run(wasm.instance);\n    loader.remove();\n"
	s, err := replaceOnce(s, register, "")
	if err == nil {
		s, err = replaceOnce(s, started, started+"    goappInitServiceWorker();\n")
	}
	if err != nil {
		return "", fmt.Errorf("cannot defer the service worker: %w", err)
	}
	return s, nil
}

// keepWasmModule makes go-app's loader keep the WebAssembly.Module it
// compiled from app.wasm on the page's global ui.WasmModuleGlobal, before
// the Go program starts, so that the engine's Web Worker is given the
// module (app/ui's engine client posts it) instead of downloading and
// compiling the wasm again. Both ways the loader instantiates
// (instantiateStreaming, or its fallback through WebAssembly.instantiate
// of the bytes) resolve to {module, instance}. The rewrite is exact; a
// go-app whose app.js differs fails here.
func keepWasmModule(s string) (string, error) {
	for _, shape := range []string{
		"    const wasm = await instantiateStreaming(\n",
		"      return await WebAssembly.instantiate(source, importObject);\n",
	} {
		if n := strings.Count(s, shape); n != 1 {
			return "", fmt.Errorf("app.js from go-app is not the expected one: %q occurs %d times, want once: cannot keep the wasm module", shape, n)
		}
	}
	const run = "    go.run(wasm.instance);\n"
	s, err := replaceOnce(s, run, "    self."+ui.WasmModuleGlobal+" = wasm.module;\n"+run)
	if err != nil {
		return "", fmt.Errorf("cannot keep the wasm module: %w", err)
	}
	return s, nil
}

// resolver maps /web/ paths to their published (possibly hashed) names and
// leaves every other path alone. Unlike go-app's LocalDir it maps "" to "",
// so unset icons do not turn into "/".
type resolver struct{ rename map[string]string }

func (r resolver) Resolve(p string) string {
	if to, ok := r.rename[p]; ok {
		return to
	}
	return p
}

func writeFile(root, urlPath string, body []byte) error {
	p := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(urlPath, "/")))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, body, 0o644)
}

// compressible lists the extensions worth pre-compressing.
var compressible = []string{".html", ".js", ".css", ".wasm", ".webmanifest", ".svg", ".json", ".txt"}

func compressAll(root string, files []string, brotliQuality int) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2)
	)
	for _, f := range files {
		if !slices.Contains(compressible, path.Ext(f)) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := compressFile(filepath.Join(root, filepath.FromSlash(f[1:])), brotliQuality); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("compressing %s: %w", f, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func compressFile(p string, brotliQuality int) error {
	body, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	br, err := Brotli(body, brotliQuality)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	// A compressed copy larger than the original is useless; skip it.
	if len(br) < len(body) {
		if err := os.WriteFile(p+".br", br, 0o644); err != nil {
			return err
		}
	}
	if gz.Len() < len(body) {
		if err := os.WriteFile(p+".gz", gz.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Brotli compresses body at quality q (0–11).
func Brotli(body []byte, q int) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, q)
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
