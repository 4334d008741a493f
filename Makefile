# fastlytokens: the two set-up commands are `make demo` and `make test`.
GO          ?= go
PKGS        := ./...
BIN         := $(CURDIR)/bin
CODEGEN     := $(BIN)/oapi-codegen
# staticcheck at a pinned version, built by the go command from the module
# proxy; it stays out of go.mod so that it pins nothing of ours.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The oldest Go release the module supports; `make test` runs the library
# tests on it too. The go command fetches it from the module proxy.
OLDGO       := go1.25.5
OLDGO_PKGS  := ./facade/... ./api/... ./openapi/... ./internal/retry/... ./internal/scrub/... ./internal/safetext/... ./internal/form/... ./internal/doer/... ./internal/reqlog/... ./internal/genparse/... ./internal/paging/... ./internal/newtoken/...

# The oapi-codegen configurations, each generating the .gen.go beside it.
GEN_CONFIGS := gen/config.yaml gen/server/config.yaml

.PHONY: all demo generate check-generate fmt vet staticcheck oldgo test race fuzz-brief fuzz bench contract-live lint-spec drill

all: test

## demo: a scripted token lifecycle with the CLI against the in-memory API
demo:
	@$(GO) run ./cmd/fastly-tokens demo

# The generator is built from the version pinned in go.mod (see tools.go).
$(CODEGEN): go.mod go.sum
	$(GO) build -o $(CODEGEN) github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

## generate: rebuild gen/templates (oapi-codegen's templates with
## gen/templates/fastlytokens.patch) and regenerate gen/ and gen/server
## from openapi/tokens.yaml
generate:
	$(GO) generate ./gen/...

## check-generate: fail when gen/ (its templates included) differs from
## what openapi/tokens.yaml and the pinned oapi-codegen generate
check-generate: $(CODEGEN)
	@mkdir -p $(BIN); tmp=$$(mktemp -d $(BIN)/gen.XXXXXX); trap 'rm -rf "$$tmp"' EXIT; \
	cp -R gen "$$tmp/gen" && sh "$$tmp/gen/templates/apply.sh" || exit 1; \
	for config in $(GEN_CONFIGS); do \
		( cd "$$tmp/$$(dirname $$config)" && $(CODEGEN) -config $$(basename $$config) $(CURDIR)/openapi/tokens.yaml ) || exit 1; \
	done; \
	if ! diff -ru gen "$$tmp/gen" > "$$tmp/drift.diff"; then \
		head -40 "$$tmp/drift.diff"; \
		echo "gen/ is out of date with openapi/tokens.yaml or gen/templates/fastlytokens.patch: run 'make generate' and commit gen/." >&2; \
		exit 1; \
	fi; \
	echo "gen/ is up to date with openapi/tokens.yaml"

## fmt: fail when gofmt would change a file
fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:" $$out >&2; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) run $(STATICCHECK) $(PKGS)

## oldgo: vet and the library tests on the oldest supported Go
oldgo:
	GOTOOLCHAIN=$(OLDGO) $(GO) vet $(PKGS)
	GOTOOLCHAIN=$(OLDGO) $(GO) test -count=1 $(OLDGO_PKGS)

race:
	$(GO) test -race -count=1 $(PKGS)

# Fuzz targets as package:name; their seed corpora live in testdata/fuzz.
FUZZ_TARGETS := ./facade:FuzzDecodeResponse ./facade:FuzzErrorBody ./api:FuzzServeHTTP ./openapi/wire:FuzzParseTime ./internal/safetext:FuzzLineAndEscape
FUZZTIME     ?= 30s

## test: drift check, gofmt, go vet, staticcheck, every test with the race
## detector, the library tests on the oldest supported Go, brief fuzzing,
## and the drill
test: check-generate fmt vet staticcheck race oldgo
	@$(MAKE) --no-print-directory fuzz-brief
	@$(MAKE) --no-print-directory drill

fuzz-brief:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s

## fuzz: run each fuzz target for FUZZTIME (default 30s)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

## bench: Go benchmarks of the facade beside a raw net/http client, six
## runs interleaved (facade and raw minutes apart at most, not a whole run),
## summarised by benchstat at a pinned version
BENCHSTAT  := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
BENCHRUNS  ?= 6
bench:
	@mkdir -p $(BIN)
	$(GO) test -c -o $(BIN)/facade.test ./facade
	cd facade && rm -f $(BIN)/bench.txt && for i in $$(seq $(BENCHRUNS)); do \
		$(BIN)/facade.test -test.run='^$$' -test.bench=. -test.benchmem -test.count=1 >> $(BIN)/bench.txt || exit 1; \
	done
	$(GO) run $(BENCHSTAT) $(BIN)/bench.txt

## contract-live: check the spec against api.fastly.com (needs FASTLY_API_TOKEN)
contract-live:
	FASTLY_LIVE=1 $(GO) test -count=1 -run Live -v ./openapi/contract/

## lint-spec: the spec through outside linters, at pinned versions from the
## npm registry (needs Node.js and npm): Redocly CLI's recommended rules and
## Spectral's spectral:oas. Both must report no error.
REDOCLY  := @redocly/cli@2.77.0
SPECTRAL := @stoplight/spectral-cli@6.16.3
lint-spec:
	npx --yes $(REDOCLY) lint --extends=recommended openapi/tokens.yaml
	npx --yes $(SPECTRAL) lint --fail-severity=error --ruleset openapi/.spectral.yaml openapi/tokens.yaml

## drill: README's "When Fastly changes the API", run in a scratch clone:
## the spec alone gains a token field, a request field and a scope, and
## `make generate` carries them to the facade, api/ and the CLI
drill:
	@.ci/drill
