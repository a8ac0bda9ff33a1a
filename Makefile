# vnetplay — build, run and test. `make run` and `make test` are the two
# commands a new user needs (see README.md).
SHELL      := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO         ?= go
GOROOT     := $(shell $(GO) env GOROOT)
WASM_ENV   := GOOS=js GOARCH=wasm
BIN        := $(CURDIR)/bin
ADDR       ?= localhost:8080
BROTLI     ?= 9
LABEL      := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LABEL_FLAG := -X vnetplay/app/ui.buildLabel=$(LABEL)
WASM_FLAGS := -trimpath -ldflags="-s -w $(LABEL_FLAG)"
# Packages that must also pass as wasm in Node (no DOM): the engine.
PURE_PKGS  := ./engine/...
# Packages with js && wasm tests that need a real browser (DOM, IndexedDB).
BROWSER_PKGS := ./app/...
WASMBROWSERTEST := github.com/agnivade/wasmbrowsertest@v0.11.0
CHROME     ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome || true)
export CHROME
# The tests drive Chromium's headless shell where it is installed (Debian's
# chromium-headless-shell: the same Blink and V8 as the browser, without its
# windowing layer): on a 2-core machine the end-to-end suite runs in about
# half the time. The benchmarks and make sizes measure CHROME, the browser
# users run.
TEST_CHROME ?= $(shell command -v chromium-headless-shell || echo "$(CHROME)")

.PHONY: all run build wasm site cli vet test test-native check-scenarios test-wasm-node test-browser test-e2e \
        fuzz-smoke fuzz-long bench bench-wasm bench-browser sizes tools clean

all: build

## run: build the wasm and the site, then serve it on http://$(ADDR)
run: site cli
	$(BIN)/vnetplay serve -addr $(ADDR) -dir dist

## build: the CLI and the complete static site in dist/
build: site cli

wasm: web/app.wasm
web/app.wasm: FORCE
	@echo "building web/app.wasm (the first build takes about a minute)"
	$(WASM_ENV) $(GO) build $(WASM_FLAGS) -o web/app.wasm ./wasm

cli:
	$(GO) build -ldflags="$(LABEL_FLAG)" -o $(BIN)/vnetplay ./cmd/vnetplay

site: wasm cli
	$(BIN)/vnetplay site -wasm web/app.wasm -web web -out dist -brotli $(BROTLI)

## vet: go vet for both targets (and the e2e-tagged files)
vet:
	@echo "== $$(date +%T) go vet"
	$(GO) vet ./...
	$(GO) vet -tags e2e ./app/e2e/
	$(WASM_ENV) $(GO) vet ./...

## test: every test, in order: vet, native, built-in scenario checks, fuzz smoke, wasm in Node, wasm in Chromium, end to end
test: vet test-native check-scenarios fuzz-smoke test-wasm-node test-browser test-e2e
	@echo "$$(date +%T) make test: all suites passed (native, scenarios, fuzz, wasm-node, wasm-chromium, e2e)"

## check-scenarios: every built-in scenario's expectations, through the CLI
check-scenarios: cli
	@echo "== $$(date +%T) vnetplay check on the built-in scenarios"
	$(BIN)/vnetplay check scenarios/*.json

# The race detector finds races between goroutines, and the engine starts
# none (engine's TestEngineStartsNoGoroutine enforces it): its packages
# (ENGINE_PKGS) run only without it, whole. Under it their single-goroutine
# oracles ran ten times slower (the engine package alone 160 s of a loaded
# CI run, engine/bgp 2 of the phase's 6 minutes) and could find nothing.
# The app's packages, which run the engine on goroutines, run under it.
# ORACLE_PKGS are app packages whose oracles run on one goroutine: under
# -race they run a sample (raceEnabled in their tests), and test-native runs
# them again whole without it.
ENGINE_PKGS := ./engine/...
ORACLE_PKGS := ./app/ui ./app/canvas
test-native:
	@echo "== $$(date +%T) native tests (go test -race, the engine without it)"
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v '^vnetplay/engine\(/\|$$\)')
	$(GO) test -count=1 $(ENGINE_PKGS) $(ORACLE_PKGS) # the engine starts no goroutine; the oracles' sample under -race (raceEnabled), whole here
	$(GO) test -count=1 -tags lpmmaps ./engine/route/ # the lookup index wasm builds use, natively

test-wasm-node:
	@echo "== $$(date +%T) engine as wasm in Node ($(PURE_PKGS))"
	$(WASM_ENV) $(GO) test -count=1 -short -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" $(PURE_PKGS) # -short: the randomized oracles run a sample; test-native runs them whole

test-browser: $(BIN)/go_js_wasm_exec
	@echo "== $$(date +%T) js/wasm tests in headless Chromium ($(BROWSER_PKGS))"
	@if [ -z "$(CHROME)" ]; then \
	  if [ "$${CI:-}" = "true" ]; then echo "FAIL: Chromium is required when CI=true (apt-get install -y chromium)"; exit 1; fi; \
	  echo "SKIP: Chromium not found (apt-get install -y chromium); browser tests not run"; exit 0; fi
	ln -sf "$(TEST_CHROME)" $(BIN)/headless-shell # wasmbrowsertest (chromedp) looks for headless-shell on PATH first
	PATH="$(BIN):$$PATH" $(WASM_ENV) $(GO) test -count=1 -v $(BROWSER_PKGS) 2>&1 \
	  | grep -v 'unknown IPAddressSpace value' | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic|\s+\S+_test\.go)' 

# E2E_SHARDS test binaries run side by side, each a share of the tests,
# each test with its own Chromium: the suite waits on the browser more than
# it computes, and one after the other it took 21 minutes on a 2-core
# machine whose Chromium loads the app at half the speed of others.
# E2E_SHARDS=1 runs them one by one. The shards share the sites they test
# (VNETPLAY_E2E_SITES, built once, afresh each run). app/e2e/internal/shard
# shares the tests out by how long each took (app/e2e/testdata/durations.tsv,
# a test not listed there counting as 8 s), longest first to the shard
# with the least so far: given out in turn, one shard had 943 s of tests
# and the other 833.
E2E_SHARDS ?= 2
test-e2e:
	@echo "== $$(date +%T) end to end in headless Chromium (app/e2e), $(E2E_SHARDS) shards side by side"
	@mkdir -p $(BIN); rm -rf $(BIN)/e2e-sites
	$(GO) test -tags e2e -c -o $(BIN)/e2e.test ./app/e2e/
	$(GO) build -o $(BIN)/e2e-shard ./app/e2e/internal/shard
	@export VNETPLAY_E2E_SITES=$(BIN)/e2e-sites CHROME="$(TEST_CHROME)"; cd app/e2e; \
	  runs=$$($(BIN)/e2e.test -test.list '^Test' | $(BIN)/e2e-shard -n $(E2E_SHARDS) testdata/durations.tsv); mapfile -t runs <<< "$$runs"; \
	  for s in "$${!runs[@]}"; do \
	    ( rc=0; $(BIN)/e2e.test -test.run "$${runs[$$s]}" -test.count 1 -test.timeout 25m -test.v > $(BIN)/e2e-$$s.log 2>&1 || rc=$$?; echo $$rc > $(BIN)/e2e-$$s.rc ) & \
	  done; \
	  wait; rc=0; \
	  for s in $$(seq 0 $$(($(E2E_SHARDS) - 1))); do \
	    echo "== e2e shard $$s of $(E2E_SHARDS)"; grep -v '^\s*$$' $(BIN)/e2e-$$s.log || true; \
	    if [ "$$(cat $(BIN)/e2e-$$s.rc)" != 0 ]; then echo "FAIL: e2e shard $$s"; rc=1; fi; \
	  done; \
	  exit $$rc

## fuzz-smoke: every fuzz target of the module for FUZZTIME each, with its execs
# Minimisation is off (FUZZMINIMIZE=0): minimising each new interesting input
# used most of a 4 s budget (FuzzLoad ran 17 inputs); a crasher is still
# written to testdata/fuzz/<Target>/, and fuzz-long minimises. 2 s each
# keeps make test under 30 minutes on a 2-core machine (35 targets); about a
# third of the targets (those whose seed corpus is slow to run under coverage)
# are still reading their corpus at the deadline, and say so: the smoke runs
# their seeds, fuzz-long fuzzes them.
FUZZTIME     ?= 2s
FUZZMINIMIZE ?= 0
# fuzz_failed LOG: whether a failed fuzz run failed for real. Go 1.26's
# coordinator can end a run at -fuzztime with a bare "context deadline
# exceeded" and no failing input (go.dev/issue/75804, fixed in Go 1.27; seen
# on 2 of 19 targets on a loaded 2-core machine): that alone is not a failure.
fuzz_failed = ! { grep -qx '    context deadline exceeded' $(1) && ! grep -qE 'Failing input written|failure while testing seed corpus|^panic:|_test\.go:[0-9]+:' $(1); }
# fuzz_targets DIR: the fuzz targets of the package in DIR, in file order.
# Read from the source: go test -list links each package's test binary, about
# two minutes of a 2-core machine for the module's 45 packages. fuzz-smoke
# builds each package's instrumented test binary once (go test -c -fuzz) and
# runs it for each of its targets as go test -fuzz would (in the package's
# folder, with the fuzz cache go test uses), instead of go test linking it
# again for each target.
fuzz_targets = grep -ho '^func Fuzz[A-Za-z0-9_]*' $(1)/*_test.go 2>/dev/null | cut -c6- || true
fuzz-smoke:
	@mkdir -p $(BIN); echo "== $$(date +%T) fuzz targets, $(FUZZTIME) each"
	@cache=$$($(GO) env GOCACHE)/fuzz; \
	$(GO) list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do \
	  targets=$$($(call fuzz_targets,$$dir)); [ -n "$$targets" ] || continue; \
	  $(GO) test -c -fuzz . -o $(BIN)/fuzz-smoke.test $$pkg; \
	  for target in $$targets; do \
	    note=""; \
	    (cd $$dir && $(BIN)/fuzz-smoke.test -test.run '^$$' -test.fuzz "^$$target$$" -test.fuzztime $(FUZZTIME) \
	      -test.fuzzminimizetime $(FUZZMINIMIZE) -test.fuzzcachedir "$$cache/$$pkg" -test.paniconexit0 -test.timeout 10m -test.v) > $(BIN)/fuzz.log 2>&1 \
	      || if $(call fuzz_failed,$(BIN)/fuzz.log); then cat $(BIN)/fuzz.log; exit 1; else note=" (go.dev/issue/75804 at the deadline; ignored)"; fi; \
	    execs=$$(grep -o 'execs: [0-9]*' $(BIN)/fuzz.log | tail -1 | cut -d' ' -f2 || true); \
	    [ -n "$$execs" ] || note="$$note (no count: still reading its corpus at the deadline; it fuzzes in fuzz-long)"; \
	    printf 'fuzz %-24s %-40s %9s execs%s\n' $$target $${pkg#vnetplay/} "$${execs:-?}" "$$note"; \
	  done; \
	done

## fuzz-long: every fuzz target for FUZZLONG each (5m: about 100 min for 19 targets), then a table of execs
# FUZZPARALLEL=1 runs one worker per target (a shared machine); logs and the
# table are in bin/fuzz-long/. Stops at the first crasher, like fuzz-smoke.
# Minimisation is capped at 2 s per input: slow targets (FuzzSessionEdits)
# otherwise spend most of their time minimising the inputs they find.
FUZZLONG         ?= 5m
FUZZLONGMINIMIZE ?= 2s
FUZZPARALLEL     ?=
fuzz-long:
	@mkdir -p $(BIN)/fuzz-long; : > $(BIN)/fuzz-long/table.txt; echo "== fuzz targets, $(FUZZLONG) each"
	@$(GO) list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do \
	  for target in $$($(call fuzz_targets,$$dir)); do \
	    log=$(BIN)/fuzz-long/$$target.log; echo "fuzz $$pkg $$target (log: $$log)"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZLONG) -fuzzminimizetime $(FUZZLONGMINIMIZE) \
	      $(if $(FUZZPARALLEL),-parallel=$(FUZZPARALLEL)) -timeout 0 -v $$pkg > $$log 2>&1 \
	      || if $(call fuzz_failed,$$log); then tail -40 $$log; exit 1; fi; \
	    printf '%-24s %-40s %12s %8s\n' $$target $${pkg#vnetplay/} \
	      "$$(grep -o 'execs: [0-9]*' $$log | tail -1 | cut -d' ' -f2)" \
	      "$$(grep -o 'new interesting: [0-9]*' $$log | tail -1 | cut -d' ' -f3)" >> $(BIN)/fuzz-long/table.txt; \
	  done; \
	done
	@printf '%-24s %-40s %12s %8s\n' target package execs new; cat $(BIN)/fuzz-long/table.txt

## bench: engine benchmarks against the naive baseline (about 2 min), then the UI session's edit cost
bench:
	$(GO) test -run '^$$' -bench . -benchtime=3x -benchmem -timeout 30m ./engine/ | tee $(BIN)/bench.txt
	$(GO) test -run '^$$' -bench . -benchtime=5x -benchmem ./app/store/
	$(GO) test -run '^$$' -bench ShellEdit -benchtime=5x -benchmem ./app/ui/
	$(GO) test -run '^$$' -bench WorkerRoundTrip -benchtime=16x ./app/engineworker/

## bench-wasm: a few engine benchmarks compiled to wasm and run in Node
bench-wasm:
	$(WASM_ENV) $(GO) test -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$$' \
	  -bench 'Lookup|Load/HubSpoke-500-P4000/impl=engine|ReachAll/HubSpoke-100|Edit/HubSpoke-100-P1000/add-udr|EditIncremental/HubSpoke-100-P1000/add-udr' \
	  -benchtime=1x -benchmem ./engine/

## bench-browser: edit → repaint latency and cold first render in headless Chromium (100 and 500 VNets)
bench-browser: wasm cli
	$(BIN)/vnetplay site -wasm web/app.wasm -web web -out dist -brotli 9 >/dev/null
	VNETPLAY_BENCH=1 VNETPLAY_SITE=$(CURDIR)/dist $(GO) test -tags e2e -count=1 -timeout 20m -run 'TestBenchBrowser' -v ./app/e2e/ 2>&1 | grep -E 'bench-browser|^(ok|FAIL|---)|_test.go' 

## sizes: app.wasm raw / gzip -9 / brotli -q11, and the cold first render in Chromium
sizes: wasm cli
	@echo "generating dist/ with brotli -q11 (about 20 s)"
	@$(BIN)/vnetplay site -wasm web/app.wasm -web web -out dist -brotli 11 | sed 's/.*; /app.wasm: /'
	VNETPLAY_SIZES=1 VNETPLAY_SITE=$(CURDIR)/dist $(GO) test -tags e2e -count=1 -run 'TestFirstRender' -v ./app/e2e/ 2>&1 | grep -E 'first render|^(ok|FAIL|---)'

# wasmbrowsertest runs js/wasm tests in Chromium when installed as go_js_wasm_exec.
tools: $(BIN)/go_js_wasm_exec
$(BIN)/go_js_wasm_exec:
	GOBIN=$(BIN) $(GO) install $(WASMBROWSERTEST)
	cp $(BIN)/wasmbrowsertest $(BIN)/go_js_wasm_exec

clean:
	rm -rf dist web/app.wasm $(BIN)

FORCE:
