# fastlytokens: the two set-up commands are `make demo` and `make test`.
GO       ?= go
PKGS     := ./...
BIN      := $(CURDIR)/bin
CODEGEN  := $(BIN)/oapi-codegen

.PHONY: all demo generate check-generate lint vet test fuzz-brief fuzz bench contract-live

all: test

## demo: a scripted token lifecycle with the CLI against the in-memory API
demo:
	@$(GO) run ./cmd/fastly-tokens demo

# The generator is built from the version pinned in go.mod (see tools.go).
$(CODEGEN): go.mod go.sum
	$(GO) build -o $(CODEGEN) github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

## generate: regenerate gen/ from openapi/tokens.yaml
generate:
	$(GO) generate ./gen

## check-generate: fail when gen/ differs from what openapi/tokens.yaml generates
check-generate: $(CODEGEN)
	@mkdir -p $(BIN); tmp=$$(mktemp -d $(BIN)/gen.XXXXXX); trap 'rm -rf "$$tmp"' EXIT; \
	( cd "$$tmp" && $(CODEGEN) -config $(CURDIR)/gen/config.yaml $(CURDIR)/openapi/tokens.yaml ) || exit 1; \
	if ! diff -u gen/tokens.gen.go "$$tmp/tokens.gen.go" > "$$tmp/drift.diff"; then \
		head -40 "$$tmp/drift.diff"; \
		echo "gen/ is out of date with openapi/tokens.yaml: run 'make generate' and commit gen/." >&2; \
		exit 1; \
	fi; \
	echo "gen/ is up to date with openapi/tokens.yaml"

## lint: gofmt and go vet
lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:" $$out >&2; exit 1; fi

vet:
	$(GO) vet $(PKGS)

# Fuzz targets as package:name; their seed corpora live in testdata/fuzz.
FUZZ_TARGETS := ./facade:FuzzDecodeResponse ./facade:FuzzErrorBody ./api:FuzzServeHTTP
FUZZTIME     ?= 30s

## test: drift check, go vet, every test with the race detector, then each fuzz target briefly
test: check-generate vet
	$(GO) test -race -count=1 $(PKGS)
	@$(MAKE) --no-print-directory fuzz-brief

fuzz-brief:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s

## fuzz: run each fuzz target for FUZZTIME (default 30s)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

## bench: Go benchmarks
bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

## contract-live: validate the read-only operations against api.fastly.com (needs FASTLY_API_TOKEN)
contract-live:
	FASTLY_LIVE=1 $(GO) test -count=1 -run Live -v ./internal/contract/
