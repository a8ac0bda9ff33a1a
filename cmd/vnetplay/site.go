package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"vnetplay/app/routes"
	"vnetplay/cmd/vnetplay/internal/site"
)

func siteCommand() command {
	return command{
		name:    "site",
		usage:   "site [-wasm web/app.wasm] [-web web] [-out dist] [-brotli 9]",
		summary: "generate the static site from a built app.wasm",
		run:     runSite,
	}
}

func runSite(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	wasm := fs.String("wasm", "web/app.wasm", "the app.wasm built with GOOS=js GOARCH=wasm")
	web := fs.String("web", "web", "static assets folder")
	out := fs.String("out", "dist", "output folder (replaced)")
	quality := fs.Int("brotli", 9, "brotli quality 0-11 (11: ~12% smaller, ~15 s slower)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	routes.Register()
	res, err := site.Generate(site.Options{Wasm: *wasm, Web: *web, Out: *out, BrotliQuality: *quality})
	if err != nil {
		return err
	}
	wasmFile := filepath.Join(*out, filepath.FromSlash(res.WasmPath[1:]))
	fmt.Fprintf(stdout, "vnetplay: site %s written to %s (%d files); %s raw %s, gzip -9 %s, brotli -q%d %s\n",
		res.Version, *out, len(res.Files), res.WasmPath,
		mb(res.WasmBytes), mb(size(wasmFile+".gz")), *quality, mb(size(wasmFile+".br")))
	return nil
}

func size(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB (%d B)", float64(n)/1e6, n) }
