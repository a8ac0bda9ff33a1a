package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// Defaults of Limits.
const (
	// DefaultWriteStall: a peer that accepts nothing for 20 s is gone or
	// behind a dead network (a live but slow link still moves a few KB a
	// second); nginx's send_timeout, the same per-write rule, is 60 s.
	DefaultWriteStall = 20 * time.Second
	// DefaultReadHeader: a request head is a few hundred bytes.
	DefaultReadHeader = 10 * time.Second
	// DefaultIdle: long enough for a browser to reuse its connections
	// across a page load and the service worker's revalidations.
	DefaultIdle = 2 * time.Minute
	// DefaultMaxHeaderBytes: 64 KiB is far above any browser's request
	// and above what nginx (4 × 8 KiB) and Apache (8 KiB a field) accept
	// by default; net/http's own default is 1 MiB.
	DefaultMaxHeaderBytes = 64 << 10
	// DefaultSendBuffer: Linux doubles it to 512 KiB of kernel buffer a
	// connection, enough for 40 Mbit/s at 100 ms of round trip (far more on
	// a LAN or loopback), against the ~4 MB it autotunes to on loopback.
	DefaultSendBuffer = 256 << 10
)

// writeChunk is the most bytes written under one write deadline: a client
// is cut only if it does not accept writeChunk bytes within WriteStall
// (1.6 KB/s at the default), however long the whole download takes.
const writeChunk = 32 << 10

// Limits bound what one client can hold. A zero field takes its default.
type Limits struct {
	// WriteStall is how long a response write may make no progress. The
	// body is written in chunks of at most 32 KiB, each with a fresh
	// deadline WriteStall ahead, so a client that keeps reading is never
	// cut, and one that reads nothing for WriteStall is disconnected with
	// a reset (the kernel drops what it had buffered for it at once).
	WriteStall time.Duration
	// ReadHeader is how long a client may take to send a request head.
	// A request body is never wanted (the site answers GET and HEAD
	// only): it gets as long again, then the connection is closed.
	ReadHeader time.Duration
	// Idle is how long a keep-alive connection may wait for a request.
	Idle time.Duration
	// MaxHeaderBytes bounds a request head; beyond it (plus net/http's
	// 4 KiB of slack) net/http answers 431.
	MaxHeaderBytes int
	// SendBuffer is the kernel send buffer of each connection (SO_SNDBUF,
	// best effort). It bounds what the kernel holds for a client that does
	// not read, and makes sure a response larger than it is still being
	// written, so subject to WriteStall, when such a client stops: with
	// the ~4 MB Linux autotunes to on loopback, a whole 4 MB wasm can fit
	// in the kernel, the handler finishes, and nothing is left to time out.
	SendBuffer int
}

func (l Limits) withDefaults() Limits {
	if l.WriteStall <= 0 {
		l.WriteStall = DefaultWriteStall
	}
	if l.ReadHeader <= 0 {
		l.ReadHeader = DefaultReadHeader
	}
	if l.Idle <= 0 {
		l.Idle = DefaultIdle
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if l.SendBuffer <= 0 {
		l.SendBuffer = DefaultSendBuffer
	}
	return l
}

// Server serves a handler over HTTP/1.1 within Limits.
//
// Every request that net/http parses reaches the handler, "OPTIONS *"
// included (DisableGeneralOptionsHandler), so the handler decides every
// header of those responses. A few responses are written by net/http
// itself before any handler runs, and no Server field or hook reaches
// them: in (*conn).serve (net/http/server.go, go1.26.8 lines 1997-2034) a
// request that fails to parse is answered with a fixed string written
// straight to the connection with fmt.Fprintf(c.rwc, ...) — 431 for a head
// over MaxHeaderBytes, 501 for an unknown Transfer-Encoding, 400 for a
// malformed request line, missing or malformed Host or invalid header
// (badRequestError, lines 1016-1027), 505 for a protocol other than
// HTTP/1.x (readRequest, line 1007) — each with only Content-Type:
// text/plain and Connection: close; and an Expect other than 100-continue
// gets 417 from (*response).sendExpectationFailed (line 2181) before the
// handler is called. Adding our headers to those would mean rewriting
// bytes on the net.Conn, which this server does not do. They are harmless:
// their bodies are fixed text that reflects nothing of the request
// (TestErrorsNetHTTPWritesItself), they are text/plain, and they close the
// connection.
type Server struct {
	hs         *http.Server
	sendBuffer int
}

// New returns a Server for h within lim (zero fields take the defaults).
func New(h http.Handler, lim Limits) *Server {
	lim = lim.withDefaults()
	return &Server{sendBuffer: lim.SendBuffer, hs: &http.Server{
		Handler:           guard(h, lim),
		ReadHeaderTimeout: lim.ReadHeader,
		// A fresh write deadline for every request, set by net/http once
		// the head is read: it bounds responses without a body and the
		// errors above; guard extends it as the body is written.
		WriteTimeout:                 lim.WriteStall,
		IdleTimeout:                  lim.Idle,
		MaxHeaderBytes:               lim.MaxHeaderBytes,
		DisableGeneralOptionsHandler: true,
	}}
}

// Serve accepts connections on ln until Shutdown or Close, and then
// returns http.ErrServerClosed.
func (s *Server) Serve(ln net.Listener) error {
	return s.hs.Serve(listener{Listener: ln, sendBuffer: s.sendBuffer})
}

// Shutdown stops accepting connections and waits, until ctx ends, for the
// requests in flight to finish (see http.Server.Shutdown).
func (s *Server) Shutdown(ctx context.Context) error {
	if err := s.hs.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	if err := s.hs.Close(); err != nil {
		return fmt.Errorf("closing: %w", err)
	}
	return nil
}

// guard wraps h: the response body is written under per-chunk write
// deadlines, and a request that carries a body is answered without waiting
// for it and its connection closed.
func guard(h http.Handler, lim Limits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if r.ContentLength != 0 {
			refuseBody(w, rc, lim.ReadHeader)
		}
		h.ServeHTTP(&progressWriter{ResponseWriter: w, rc: rc, stall: lim.WriteStall}, r)
	})
}

// refuseBody makes net/http send the response without first reading the
// request body (which it does for a kept-alive connection), then give the
// body at most wait to arrive while it drains it, and close the connection.
func refuseBody(w http.ResponseWriter, rc *http.ResponseController, wait time.Duration) {
	w.Header().Set("Connection", "close")
	// No background read is pending while the body is unread, so this
	// deadline only bounds net/http's drain after the handler.
	_ = rc.SetReadDeadline(time.Now().Add(wait))
}

// progressWriter writes in chunks of at most writeChunk bytes, each under
// a write deadline stall ahead.
type progressWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

func (p *progressWriter) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		if err := p.rc.SetWriteDeadline(time.Now().Add(p.stall)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return written, fmt.Errorf("extending the write deadline: %w", err)
		}
		n, err := p.ResponseWriter.Write(b[:min(len(b), writeChunk)])
		written += n
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// listener sets the send buffer of the connections it accepts, and wraps
// them so that one whose write timed out is reset when closed, instead of
// closed gracefully: a graceful close would leave the kernel holding what
// it buffered for the stalled peer until the peer reads it or TCP gives
// up, minutes later.
type listener struct {
	net.Listener
	sendBuffer int
}

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if b, ok := c.(interface{ SetWriteBuffer(int) error }); ok {
		_ = b.SetWriteBuffer(l.sendBuffer) // best effort: serving goes on
	}
	return &stallConn{Conn: c}, nil
}

type stallConn struct {
	net.Conn
	stalled atomic.Bool
}

func (c *stallConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.stalled.Store(true)
	}
	return n, err
}

// CloseWrite keeps net/http's half-close (used before closing a connection
// it answered with an error) working through the wrapper.
func (c *stallConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *stallConn) Close() error {
	if l, ok := c.Conn.(interface{ SetLinger(int) error }); ok && c.stalled.Load() {
		_ = l.SetLinger(0) // best effort: the close below still happens
	}
	return c.Conn.Close()
}
