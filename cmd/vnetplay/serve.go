package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"vnetplay/cmd/vnetplay/internal/server"
)

// shutdownGrace is how long requests in flight may run after SIGINT/SIGTERM.
const shutdownGrace = 5 * time.Second

func serveCommand() command {
	return command{
		name:    "serve",
		usage:   "serve [-addr localhost:8080] [-dir dist]",
		summary: "serve the generated site (build it with 'make site')",
		run:     runServe,
	}
}

// runServe serves the site until ctx is cancelled (SIGINT/SIGTERM), then
// shuts down gracefully, letting requests in flight finish for up to
// shutdownGrace before closing what is left. It serves within
// server.Limits' defaults: a response write stalled for 20 s is cut, request
// heads are bounded in time (10 s) and size (64 KiB), idle connections
// close after 2 min.
// It prints one line with the URL once it is listening; with port 0 the URL
// shows the port the kernel chose.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8080", "address to listen on (host:port; port 0 picks a free one)")
	dir := fs.String("dir", "dist", "directory of the generated site")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	site, err := server.Load(*dir)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError("-addr %q: %v", *addr, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if host == "" {
		host = "localhost"
	}
	srv := server.New(site, server.Limits{}) // the defaults: see server.Limits
	fmt.Fprintf(stdout, "vnetplay: serving %s (%d files, %.1f MB) at http://%s/ — Ctrl+C to stop\n",
		*dir, site.Files(), float64(site.Bytes())/1e6, net.JoinHostPort(host, port))

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	note := ""
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Connections still busy after the grace period are cut.
		note = fmt.Sprintf(" (connections still busy after %v were closed)", shutdownGrace)
		if err := srv.Close(); err != nil {
			return err
		}
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "vnetplay: stopped"+note)
	return nil
}
