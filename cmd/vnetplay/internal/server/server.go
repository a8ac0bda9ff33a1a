// Package server is vnetplay's tiny static server. It serves a generated
// site from memory: every file is read once at start-up into an allow-list
// keyed by URL path, so only files that exist in the site can be served —
// no directory listings, no path traversal, unknown paths 404.
//
// Pre-compressed siblings (file.br, file.gz) written by the site generator
// are chosen by the request's Accept-Encoding (RFC 9110 §12.5.3, with
// q-values). Content-hashed assets (name.<hex>.ext) are cacheable for a year
// and immutable; everything else (the HTML shell, app.js, the service
// worker) is revalidated on every use with a strong ETag. Range requests
// are honoured up to maxRanges ranges and never get a reply larger than the
// file (see withoutExcessRanges).
//
// New serves a Site within Limits: stalled writers are cut, request heads
// bounded, and every response the server can influence carries the
// security headers (the Server doc comment lists the few it cannot).
package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// ContentSecurityPolicy allows only what the app needs: its own scripts,
// styles, images, manifest and service worker, and wasm compilation
// ('wasm-unsafe-eval'). Inline scripts and styles are not allowed. data: and
// blob: images are for canvas export (PNG/SVG download).
const ContentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"worker-src 'self'; " +
	"manifest-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"frame-ancestors 'none'"

// hashedName matches content-hashed file names such as app.3f2a9c0d1e7b6a54.wasm.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{12,64}\.[a-z0-9]+$`)

// encodings the site may hold pre-compressed, in order of preference.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

type variant struct {
	body []byte
	etag string
}

type file struct {
	contentType string
	immutable   bool
	identity    variant
	encoded     map[string]variant // by content-coding token
}

// Site is an immutable, in-memory copy of a generated site. It is safe for
// concurrent use.
type Site struct {
	files   map[string]*file // by URL path, "/" for index.html
	modTime time.Time
	bytes   int64
}

// Load reads every file under dir. Files ending in .br or .gz are attached
// to their uncompressed sibling as alternative encodings and are not served
// under their own names. It fails if dir has no index.html.
func Load(dir string) (*Site, error) {
	s := &Site{files: map[string]*file{}, modTime: time.Now().UTC().Truncate(time.Second)}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || isEncodedName(p) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f, err := loadFile(p)
		if err != nil {
			return err
		}
		for _, v := range append([]variant{f.identity}, mapValues(f.encoded)...) {
			s.bytes += int64(len(v.body))
		}
		urlPath := "/" + filepath.ToSlash(rel)
		s.files[urlPath] = f
		if urlPath == "/index.html" {
			s.files["/"] = f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading site %s: %w", dir, err)
	}
	if _, ok := s.files["/"]; !ok {
		return nil, fmt.Errorf("loading site %s: no index.html (build it with 'make site')", dir)
	}
	return s, nil
}

func mapValues(m map[string]variant) []variant {
	var out []variant
	for _, e := range encodings {
		if v, ok := m[e.token]; ok {
			out = append(out, v)
		}
	}
	return out
}

func isEncodedName(p string) bool {
	for _, e := range encodings {
		if strings.HasSuffix(p, e.ext) {
			return true
		}
	}
	return false
}

func loadFile(p string) (*file, error) {
	body, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:8])
	f := &file{
		contentType: ContentType(p),
		immutable:   hashedName.MatchString(filepath.Base(p)),
		identity:    variant{body: body, etag: `"` + tag + `"`},
		encoded:     map[string]variant{},
	}
	for _, e := range encodings {
		enc, err := os.ReadFile(p + e.ext)
		if errorsIsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f.encoded[e.token] = variant{body: enc, etag: `"` + tag + "-" + e.token + `"`}
	}
	return f, nil
}

func errorsIsNotExist(err error) bool { return err != nil && os.IsNotExist(err) }

// ContentType returns the media type served for a file name. .wasm must be
// application/wasm for WebAssembly.instantiateStreaming.
func ContentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Files is the number of URL paths served (index.html counts twice, as "/"
// and "/index.html"); Bytes is the memory held, all encodings included.
func (s *Site) Files() int   { return len(s.files) }
func (s *Site) Bytes() int64 { return s.bytes }

// ServeHTTP serves GET and HEAD for the paths of the site, and answers
// "OPTIONS *" (when the http.Server passes it on) with the methods the
// server allows. Every response it writes carries the security headers.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	setSecurityHeaders(h)
	if r.Method == http.MethodOptions && r.RequestURI == "*" {
		h.Set("Allow", "GET, HEAD")
		h.Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	}

	// The path is looked up exactly as sent (after percent-decoding): no
	// cleaning, so "/web/../index.html" or "/%2e%2e/x" are simply unknown.
	f, ok := s.files[r.URL.Path]
	if !ok || strings.Contains(r.URL.RawPath, "%2f") || strings.Contains(r.URL.RawPath, "%2F") {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}

	v := f.identity
	if len(f.encoded) > 0 {
		h.Set("Vary", "Accept-Encoding")
		if token := Negotiate(r.Header.Get("Accept-Encoding"), f.encoded); token != "" {
			v = f.encoded[token]
			w = &encodingWriter{ResponseWriter: w, token: token}
		}
	}
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", v.etag)
	if f.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	r = withoutExcessRanges(r, int64(len(v.body)), f.contentType)
	http.ServeContent(w, r, "", s.modTime, bytes.NewReader(v.body))
}

// setSecurityHeaders sets the headers every response carries.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// encodingWriter adds Content-Encoding to the responses that carry the
// encoded bytes (200 and 206) and to no other. http.ServeContent is not
// told the encoding, so it always sets Content-Length for them (it omits
// it when Content-Encoding is already set) and leaves no stale length on a
// 304 or 412.
type encodingWriter struct {
	http.ResponseWriter
	token       string
	wroteHeader bool
}

func (e *encodingWriter) WriteHeader(code int) {
	if !e.wroteHeader && (code == http.StatusOK || code == http.StatusPartialContent) {
		e.Header().Set("Content-Encoding", e.token)
	}
	e.wroteHeader = e.wroteHeader || code >= 200 // 1xx are interim
	e.ResponseWriter.WriteHeader(code)
}

func (e *encodingWriter) Write(b []byte) (int, error) {
	if !e.wroteHeader {
		e.WriteHeader(http.StatusOK)
	}
	return e.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (e *encodingWriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }
