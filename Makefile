# stakegraph — the two commands a fresh machine needs are `make run` and `make test`.

SHELL := /bin/bash
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Everything gqlgen writes: the executor, the models and every resolver file (names included).
GENERATED_DIRS := graph resolvers

# The test Neo4j is separate from the one `make run` uses: tests wipe their database.
TEST_NEO4J_PORT ?= 7688
TEST_NEO4J_DATA ?= .data/test
TEST_NEO4J = NEO4J_LOCAL_PORT=$(TEST_NEO4J_PORT) NEO4J_LOCAL_DATA=$(TEST_NEO4J_DATA) NEO4J_LOCAL_HEAP=1g ./neo4jlocal/neo4j.sh
# The test Neo4j's credentials (its password is generated on first start).
TEST_NEO4J_ENV = NEO4J_TEST_URI=bolt://127.0.0.1:$(TEST_NEO4J_PORT) NEO4J_TEST_USER=neo4j NEO4J_TEST_PASSWORD=$$(cat $(TEST_NEO4J_DATA)/password)

.PHONY: token notebook notebook-run notebook-venv test-quick attack attack-deps browser web check-web loadtest bench-api faults run neo4j neo4j-stop test lint check-generate generate bench bench-peers golden test-neo4j test-neo4j-stop test-venv

# Python with NetworkX and igraph for the tests that read exports back (installed from PyPI,
# pinned in testdata/requirements-test.txt).
TEST_VENV := $(CURDIR)/.data/test-venv

## run: start the local Neo4j (unless NEO4J_URI is set), load demo data into an empty database, serve GraphQL, GraphiQL and the explorer
## (the local demo lets anonymous clients write: ANONYMOUS_ROLE=editor unless set)
run:
	@if [ -z "$$NEO4J_URI" ]; then \
		./neo4jlocal/neo4j.sh start || exit 1; \
		export NEO4J_URI=bolt://127.0.0.1:$${NEO4J_LOCAL_PORT:-7687}; \
	fi; \
	export ANONYMOUS_ROLE=$${ANONYMOUS_ROLE:-editor}; \
	$(GO) run . serve --demo

NOTEBOOK_VENV := $(CURDIR)/.data/notebook-venv
STAKEGRAPH_URL ?= http://127.0.0.1:8080

notebook-venv:
	@[ -x $(NOTEBOOK_VENV)/bin/python ] || python3 -m venv $(NOTEBOOK_VENV)
	@cmp -s docs/notebook-requirements.txt $(NOTEBOOK_VENV)/.requirements || \
		{ $(NOTEBOOK_VENV)/bin/pip install -q -r docs/notebook-requirements.txt && cp docs/notebook-requirements.txt $(NOTEBOOK_VENV)/.requirements; }
	@curl -fsS -o /dev/null $(STAKEGRAPH_URL)/healthz || { echo "no stakegraph answers at $(STAKEGRAPH_URL): start it with make run in another terminal"; exit 1; }

## notebook: open docs/research-walkthrough.ipynb in Jupyter against the running `make run` (a venv with Jupyter, pandas and matplotlib pinned in docs/notebook-requirements.txt)
notebook: notebook-venv
	STAKEGRAPH_URL=$(STAKEGRAPH_URL) $(NOTEBOOK_VENV)/bin/jupyter notebook \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) docs/research-walkthrough.ipynb # Jupyter refuses root without it

## notebook-run: run the notebook top to bottom without a browser, into .data/research-walkthrough.executed.ipynb
notebook-run: notebook-venv
	STAKEGRAPH_URL=$(STAKEGRAPH_URL) $(NOTEBOOK_VENV)/bin/jupyter nbconvert --to notebook --execute \
		--output-dir .data --output research-walkthrough.executed.ipynb docs/research-walkthrough.ipynb

## token: print a new admin token for the Neo4j `make run` uses (send it as Authorization: Bearer <token>)
token:
	@export NEO4J_URI=$${NEO4J_URI:-bolt://127.0.0.1:$${NEO4J_LOCAL_PORT:-7687}}; \
	$(GO) run . token create --name local-admin-$$(date +%Y%m%d-%H%M%S) --role admin

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
	@tree() { find $(GENERATED_DIRS) -name '*.go' -not -name '*_test.go' | sort | xargs sha256sum | sha256sum; }; \
	before=$$(tree); \
	$(GO) run github.com/99designs/gqlgen generate; \
	after=$$(tree); \
	if [ "$$before" != "$$after" ]; then echo "generated code was out of date with the schema (now regenerated; commit it)"; exit 1; fi; \
	echo "generated code matches the schema"

## web: rebuild the pages the binary serves (web/dist) from the pinned npm packages
web:
	./web/build.sh

## check-web: fail when the committed web/dist or web/explorer/src/schema.gen.ts differs from what `make web` builds
check-web:
	@tree() { find web/dist web/explorer/src/schema.gen.ts -type f | sort | xargs sha256sum | sha256sum; }; \
	before=$$(tree); ./web/build.sh; after=$$(tree); \
	if [ "$$before" != "$$after" ]; then echo "web/dist or the explorer's schema types were out of date (now rebuilt; commit them)"; exit 1; fi; \
	echo "web/dist and the explorer's schema types match their sources"

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

test-venv:
	@[ -x $(TEST_VENV)/bin/python ] || python3 -m venv $(TEST_VENV)
	@cmp -s testdata/requirements-test.txt $(TEST_VENV)/.requirements || \
		{ $(TEST_VENV)/bin/pip install -q -r testdata/requirements-test.txt && cp testdata/requirements-test.txt $(TEST_VENV)/.requirements; }

## test: lint, generated-code drift check, and every test (store and GraphQL tests against a real Neo4j,
## one package at a time; the harness package, on a Neo4j of its own, beside them)
## browser: Debian's Chromium for the browser tests (installed when missing)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## attack-deps: graphql-http (npm, pinned) for the GraphQL over HTTP audit in make attack and its short test
attack-deps:
	@cd harness/audit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

## attack: every item of the attack audit against a real API on a Neo4j of its own, over M; loopback only, bounded
attack: attack-deps
	$(GO) run ./harness/cmd/harness attack

## test-quick: the inner loop — the unit tests and everything that runs on the in-memory store
## (go test -short: no Neo4j, Python or browser; about 20 s on two cores). `make test` runs all.
test-quick:
	$(GO) test -short -count=1 ./...

## (TESTFLAGS=-json, for instance, passes flags to go test: .ci/slowest reads that output)
test: lint check-generate check-web test-venv browser attack-deps
	@started=0; if ! $(TEST_NEO4J) status >/dev/null 2>&1; then started=1; fi; \
	$(TEST_NEO4J) start || exit 1; \
	mkdir -p .data; \
	$(GO) test -count=1 -timeout 20m $(TESTFLAGS) ./harness/ > .data/harness-test.out 2>&1 & harness=$$!; \
	STAKEGRAPH_TEST_PYTHON=$(TEST_VENV)/bin/python $(TEST_NEO4J_ENV) $(GO) test -p 1 -count=1 $(TESTFLAGS) \
		$$($(GO) list ./... | grep -v '^stakegraph/harness$$'); rc=$$?; \
	wait $$harness; hrc=$$?; cat .data/harness-test.out; \
	if [ $$started = 1 ]; then $(TEST_NEO4J) stop; fi; \
	if [ $$rc != 0 ] || [ $$hrc != 0 ]; then exit 1; fi

## bench: Go benchmarks: kernels on S/M/L, import of M, snapshot load of L, cached requests (test Neo4j)
bench:
	@$(TEST_NEO4J) start
	$(TEST_NEO4J_ENV) $(GO) test -p 1 -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

## loadtest: bounded loopback load through a real API process over M (wipes the test Neo4j)
loadtest:
	@$(TEST_NEO4J) start
	$(TEST_NEO4J_ENV) $(GO) run ./harness/cmd/harness loadtest

## bench-api: stakegraph and @neo4j/graphql (npm, pinned) side by side on the test Neo4j over M; prints RATIO lines (wipes it)
bench-api:
	@$(TEST_NEO4J) start
	cd benchmarks/api/neo4j-graphql && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(TEST_NEO4J_ENV) $(GO) run ./harness/cmd/harness benchapi

## faults: kill -9 a Neo4j of its own under write load, restart it, interrupt an import
faults:
	$(GO) run ./harness/cmd/harness faults

PEER_PACKAGES := networkx==3.4.2 scipy==1.17.1 numpy==2.4.6 igraph==1.0.0 networkit==11.3

## bench-peers: time stakegraph, NetworkX, igraph, NetworKit, graph-tool and Neo4j GDS in one run on the same graphs;
## prints RATIO lines (graph-tool from Debian's python3-graph-tool, GDS from Maven Central in a Neo4j of its own)
bench-peers:
	@[ -x .data/bench-venv/bin/python ] || python3 -m venv .data/bench-venv
	.data/bench-venv/bin/pip install -q $(PEER_PACKAGES)
	@/usr/bin/python3 -c "import graph_tool" 2>/dev/null || apt-get install -y -q python3-graph-tool libblas3 >/dev/null
	@command -v Rscript >/dev/null || apt-get install -y -q r-cran-sna >/dev/null
	@./benchmarks/gds/gds.sh start
	$(GO) run ./benchmarks/peers -python .data/bench-venv/bin/python -gds-uri bolt://127.0.0.1:$${GDS_PORT:-7690}; \
		rc=$$?; ./benchmarks/gds/gds.sh stop; exit $$rc

## golden: rewrite the oracle graphs and golden values with NetworkX and R sna (testdata/oracle);
## R comes from Debian: apt-get install r-cran-sna
golden:
	@[ -x .data/oracle-venv/bin/python ] || python3 -m venv .data/oracle-venv
	.data/oracle-venv/bin/pip install -q networkx==3.4.2 scipy==1.17.1 numpy==2.4.6 cpnet==0.0.21
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_golden.py
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_attribute_golden.py
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_permutation_golden.py
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_core_golden.py
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_dynamics_golden.py
	PYTHONHASHSEED=0 .data/oracle-venv/bin/python testdata/oracle/make_weaving_golden.py
	Rscript testdata/oracle/make_brokerage_golden.R
	Rscript testdata/oracle/make_structure_golden.R
	Rscript testdata/oracle/make_cug_golden.R
	Rscript testdata/oracle/make_qap_golden.R
