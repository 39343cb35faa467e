# stakegraph — the two commands a fresh machine needs are `make run` and `make test`.

SHELL := /bin/bash
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GENERATED := graph/generated.go graph/model/models_gen.go resolvers/schema.resolvers.go

# The test Neo4j is separate from the one `make run` uses: tests wipe their database.
TEST_NEO4J_PORT ?= 7688
TEST_NEO4J_DATA ?= .data/test
TEST_NEO4J = NEO4J_LOCAL_PORT=$(TEST_NEO4J_PORT) NEO4J_LOCAL_DATA=$(TEST_NEO4J_DATA) NEO4J_LOCAL_HEAP=1g ./neo4jlocal/neo4j.sh

.PHONY: run neo4j neo4j-stop test test-unit lint check-generate generate bench test-neo4j test-neo4j-stop

## run: start the local Neo4j (unless NEO4J_URI is set), load demo data into an empty database, serve GraphQL + GraphiQL
run:
	@if [ -z "$$NEO4J_URI" ]; then ./neo4jlocal/neo4j.sh start; fi
	$(GO) run . serve --demo

## neo4j / neo4j-stop: the local Neo4j Community engine (Bolt on 127.0.0.1:$${NEO4J_LOCAL_PORT:-7687})
neo4j:
	./neo4jlocal/neo4j.sh start
neo4j-stop:
	./neo4jlocal/neo4j.sh stop

## generate: regenerate the gqlgen code from graph/*.graphqls
generate:
	$(GO) run github.com/99designs/gqlgen generate

## check-generate: fail when the committed generated code differs from what gqlgen generates
check-generate:
	@before=$$(cat $(GENERATED) | sha256sum); \
	$(GO) run github.com/99designs/gqlgen generate; \
	after=$$(cat $(GENERATED) | sha256sum); \
	if [ "$$before" != "$$after" ]; then echo "generated code was out of date with the schema (now regenerated; commit it)"; exit 1; fi; \
	echo "generated code matches the schema"

## lint: gofmt, go vet, staticcheck
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.data/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

test-neo4j:
	@$(TEST_NEO4J) start
test-neo4j-stop:
	@$(TEST_NEO4J) stop

## test: lint, generated-code drift check, and every test (store and GraphQL tests against a real Neo4j)
test: lint check-generate
	@started=0; if ! $(TEST_NEO4J) status >/dev/null 2>&1; then started=1; fi; \
	$(TEST_NEO4J) start || exit 1; \
	NEO4J_TEST_URI=bolt://127.0.0.1:$(TEST_NEO4J_PORT) $(GO) test -p 1 -count=1 ./...; rc=$$?; \
	if [ $$started = 1 ]; then $(TEST_NEO4J) stop; fi; exit $$rc

## bench: end-to-end benchmarks against the test Neo4j (import of the generated M network, …)
bench:
	@$(TEST_NEO4J) start
	NEO4J_TEST_URI=bolt://127.0.0.1:$(TEST_NEO4J_PORT) $(GO) test -p 1 -run '^$$' -bench . -benchtime 1x ./...
