package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeStartsPrintsURLAndShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-dir", dir}, &stdout, &stderr) }()

	urlRe := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no URL printed; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	if lines := strings.Count(stdout.String(), "\n"); lines != 1 {
		t.Errorf("startup message has %d lines, want 1: %q", lines, stdout.String())
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "<!doctype html>hello" {
		t.Fatalf("GET / = %d %q", resp.StatusCode, b)
	}

	cancel() // what SIGINT/SIGTERM do through signal.NotifyContext
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d after shutdown; stderr %q", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("no shutdown message: %q", stdout.String())
	}
	if _, err := http.Get(url); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// startServe runs "vnetplay serve" on a free port for the test's duration
// and returns its address.
func startServe(t *testing.T, dir string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-dir", dir}, &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit code %d; stderr %q", code, stderr.String())
		}
	})
	addrRe := regexp.MustCompile(`at http://(127\.0\.0\.1:\d+)/`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no URL printed; stdout %q stderr %q", stdout.String(), stderr.String())
	return ""
}

// TestServeUsesTheServerLimits: the command serves through server.New, so
// "OPTIONS *" reaches the site (and carries its headers) and request heads
// are bounded well under net/http's 1 MiB default.
func TestServeUsesTheServerLimits(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := startServe(t, dir)
	tests := []struct {
		request string
		status  int
		header  string
	}{
		{"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 200, "Content-Security-Policy"},
		{"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n", 431, ""},
	}
	for _, tt := range tests {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(c, tt.request); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("%.20q: %v", tt.request, err)
		}
		resp.Body.Close()
		c.Close()
		if resp.StatusCode != tt.status || (tt.header != "" && resp.Header.Get(tt.header) == "") {
			t.Errorf("%.20q: status %d, %s %q; want %d with it", tt.request, resp.StatusCode, tt.header, resp.Header.Get(tt.header), tt.status)
		}
	}
}

func TestServeErrors(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"serve", "-dir", filepath.Join(t.TempDir(), "none")}, 1, "loading site"},
		{[]string{"serve", "-addr", "nocolon", "-dir", "."}, 1, "index.html"},
		{[]string{"serve", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"nosuchcommand"}, 2, "unknown command"},
		{[]string{}, 2, "usage:"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
			t.Errorf("vnetplay %v: code %d, stderr %q; want code %d and %q", tt.args, code, stderr.String(), tt.wantCode, tt.wantErr)
		}
	}
}
