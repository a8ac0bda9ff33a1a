package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testSite writes a small generated-site look-alike and loads it.
func testSite(t *testing.T) (*Site, string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                        "<!doctype html><title>vnetplay</title>",
		"index.html.gz":                     gz(t, "<!doctype html><title>vnetplay</title>"),
		"app.js":                            "console.log('app')",
		"app.js.br":                         "BR-app.js",
		"app.js.gz":                         gz(t, "console.log('app')"),
		"app-worker.js":                     "self.addEventListener('fetch', () => {})",
		"manifest.webmanifest":              `{"name":"vnetplay"}`,
		"web/app.0123456789abcdef.wasm":     "\x00asm\x01\x00\x00\x00",
		"web/app.0123456789abcdef.wasm.br":  "BR-wasm",
		"web/app.0123456789abcdef.wasm.gz":  gz(t, "\x00asm\x01\x00\x00\x00"),
		"web/vnetplay.fedcba9876543210.css": "body{}",
		"web/icons/icon.svg":                "<svg/>",
		"web/icons/icon-192.png":            "\x89PNG",
		"secret.txt.gz":                     "orphan compressed file without a sibling",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func gz(t *testing.T, s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestContentTypes(t *testing.T) {
	s, _ := testSite(t)
	tests := []struct{ path, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/app-worker.js", "text/javascript; charset=utf-8"},
		{"/manifest.webmanifest", "application/manifest+json"},
		{"/web/app.0123456789abcdef.wasm", "application/wasm"},
		{"/web/vnetplay.fedcba9876543210.css", "text/css; charset=utf-8"},
		{"/web/icons/icon.svg", "image/svg+xml"},
		{"/web/icons/icon-192.png", "image/png"},
	}
	for _, tt := range tests {
		for _, ae := range []string{"", "gzip", "br"} {
			r := get(t, s, "GET", tt.path, map[string]string{"Accept-Encoding": ae})
			if r.StatusCode != 200 {
				t.Errorf("GET %s (%q): status %d", tt.path, ae, r.StatusCode)
			}
			if got := r.Header.Get("Content-Type"); got != tt.want {
				t.Errorf("GET %s (Accept-Encoding %q): Content-Type %q, want %q", tt.path, ae, got, tt.want)
			}
		}
	}
}

func TestEncodingNegotiation(t *testing.T) {
	s, _ := testSite(t)
	wasm := "/web/app.0123456789abcdef.wasm"
	tests := []struct {
		path, accept, wantEncoding, wantBody string
	}{
		{wasm, "br", "br", "BR-wasm"},
		{wasm, "gzip, deflate, br, zstd", "br", "BR-wasm"},
		{wasm, "gzip", "gzip", ""},
		{wasm, "x-gzip", "gzip", ""},
		{wasm, "", "", "\x00asm\x01\x00\x00\x00"},
		{wasm, "identity", "", "\x00asm\x01\x00\x00\x00"},
		{wasm, "br;q=0, gzip", "gzip", ""},
		{wasm, "br;q=0.5, gzip;q=0.8", "gzip", ""},
		{wasm, "br;q=0.8, gzip;q=0.8", "br", "BR-wasm"}, // tie: our preference
		{wasm, "*", "br", "BR-wasm"},
		{wasm, "*;q=0", "", "\x00asm\x01\x00\x00\x00"},
		{wasm, "gzip;q=nonsense, br;q=0", "", "\x00asm\x01\x00\x00\x00"},
		{wasm, "BR", "br", "BR-wasm"},
		{"/", "br", "", "<!doctype html><title>vnetplay</title>"}, // no .br sibling: identity
		{"/", "gzip, br", "gzip", ""},
	}
	for _, tt := range tests {
		r := get(t, s, "GET", tt.path, map[string]string{"Accept-Encoding": tt.accept})
		if got := r.Header.Get("Content-Encoding"); got != tt.wantEncoding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", tt.path, tt.accept, got, tt.wantEncoding)
		}
		if got := r.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s with %q: Vary %q, want Accept-Encoding", tt.path, tt.accept, got)
		}
		b := body(t, r)
		if tt.wantEncoding == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(b))
			if err != nil {
				t.Fatalf("%s: gzip body does not decode: %v", tt.path, err)
			}
			plain, _ := io.ReadAll(zr)
			if len(plain) == 0 {
				t.Errorf("%s: empty gzip body", tt.path)
			}
		} else if b != tt.wantBody {
			t.Errorf("%s with %q: body %q, want %q", tt.path, tt.accept, b, tt.wantBody)
		}
	}
	// Representations differ, so must their ETags.
	a := get(t, s, "GET", wasm, map[string]string{"Accept-Encoding": "br"}).Header.Get("ETag")
	b := get(t, s, "GET", wasm, nil).Header.Get("ETag")
	if a == "" || a == b {
		t.Errorf("ETag br %q vs identity %q: want distinct, non-empty", a, b)
	}
	// A file without any compressed sibling has no Vary.
	if v := get(t, s, "GET", "/web/icons/icon-192.png", nil).Header.Get("Vary"); v != "" {
		t.Errorf("png Vary = %q, want none", v)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s, _ := testSite(t)
	for _, p := range []string{"/", "/app.js", "/nope", "/web/"} {
		r := get(t, s, "GET", p, nil)
		for k, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"Content-Security-Policy": ContentSecurityPolicy,
		} {
			if got := r.Header.Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", p, k, got, want)
			}
		}
	}
	for _, directive := range []string{"script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(ContentSecurityPolicy, directive) {
			t.Errorf("CSP lacks %q", directive)
		}
	}
	if strings.Contains(ContentSecurityPolicy, "unsafe-inline") || strings.Contains(ContentSecurityPolicy, "'unsafe-eval'") {
		t.Error("CSP allows inline code or eval")
	}
}

func TestCaching(t *testing.T) {
	s, _ := testSite(t)
	tests := []struct{ path, want string }{
		{"/web/app.0123456789abcdef.wasm", "public, max-age=31536000, immutable"},
		{"/web/vnetplay.fedcba9876543210.css", "public, max-age=31536000, immutable"},
		{"/", "no-cache"},
		{"/app.js", "no-cache"},
		{"/app-worker.js", "no-cache"},
		{"/web/icons/icon.svg", "no-cache"},
	}
	for _, tt := range tests {
		r := get(t, s, "GET", tt.path, nil)
		if got := r.Header.Get("Cache-Control"); got != tt.want {
			t.Errorf("%s: Cache-Control %q, want %q", tt.path, got, tt.want)
		}
	}
	// The shell revalidates: a matching ETag gets 304 with no body.
	first := get(t, s, "GET", "/", map[string]string{"Accept-Encoding": "gzip"})
	etag := first.Header.Get("ETag")
	again := get(t, s, "GET", "/", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	if again.StatusCode != http.StatusNotModified || body(t, again) != "" {
		t.Errorf("revalidation: status %d, want 304 with empty body", again.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	s, _ := testSite(t)
	for _, p := range []string{
		"/nope", "/web", "/web/", "/web/icons/", "/web/icons", "/index", "/secret.txt", "/secret.txt.gz",
		"/app.js.br", "/app.js.gz", "/web/app.0123456789abcdef.wasm.br", "/APP.JS", "/app.js/",
	} {
		r := get(t, s, "GET", p, nil)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, r.StatusCode)
		}
		if strings.Contains(body(t, r), "<a href") {
			t.Errorf("GET %s: looks like a directory listing", p)
		}
	}
}

// TestTraversal sends raw request lines, because Go's client and curl clean
// "/../" before sending; attackers do not.
func TestTraversal(t *testing.T) {
	s, dir := testSite(t)
	// A file outside the site that a traversal would reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "outside.txt"), []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	targets := []string{
		"/../outside.txt", "/web/../../outside.txt", "/web/../index.html", "/./index.html",
		"/%2e%2e/outside.txt", "/%2E%2E/outside.txt", "/web/%2e%2e/index.html", "/..%2foutside.txt",
		"/web%2f..%2findex.html", "/web/..%5c..%5coutside.txt", "/..\\outside.txt", "//etc/passwd",
		"/web/icons/..", "/%00", "/index.html%00", "/web/./icons/icon.svg", "/.%2e/outside.txt",
	}
	for _, target := range targets {
		status, resp := rawGet(t, srv.Listener.Addr().String(), target)
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404", target, status)
		}
		if strings.Contains(resp, "TOP SECRET") || strings.Contains(resp, "<title>vnetplay") {
			t.Errorf("GET %s leaked a file: %q", target, resp)
		}
	}
	// The two that must be exactly 404 per the issue (not redirects).
	for _, target := range []string{"/../outside.txt", "/%2e%2e/outside.txt"} {
		if status, _ := rawGet(t, srv.Listener.Addr().String(), target); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, status)
		}
	}
}

func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMethods(t *testing.T) {
	s, _ := testSite(t)
	head := get(t, s, "HEAD", "/web/app.0123456789abcdef.wasm", map[string]string{"Accept-Encoding": "br"})
	if head.StatusCode != 200 || head.Header.Get("Content-Length") != "7" || body(t, head) != "" {
		t.Errorf("HEAD: status %d, Content-Length %q", head.StatusCode, head.Header.Get("Content-Length"))
	}
	post := get(t, s, "POST", "/", nil)
	if post.StatusCode != http.StatusMethodNotAllowed || post.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", post.StatusCode, post.Header.Get("Allow"))
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Load(missing dir) succeeded")
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "app.js"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(empty); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("Load(no index.html) = %v, want an error naming index.html", err)
	}
}
