# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/cellqa

.PHONY: deps build demo test bench validate install clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product cellqa

# Generates two phantom cells (nominal, dented) and inspects them end to end.
demo: build
	$(BIN) demo

# The default suite (no OpenCV needed to build it); the daemon's integration
# tests time file events, notify pings and child processes, so they run on their
# own, one at a time, after the CPU-heavy rest; then the optional network runtime
# (package trait ModelRuntime, OpenCV dnn) with its own tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip DaemonTests
	$(SWIFT) test --skip-build --filter DaemonTests --no-parallel
	$(SWIFT) test --traits ModelRuntime --filter ModelRuntimeTests

bench: build
	Benchmarks/run.sh

# The gauge's capability (docs/capability.md): a 200-cell lot with 3 re-scans of 20
# cells, written to $(LOT) (about 20 GB), inspected by the production pipeline with
# the shipped configuration; capability.json/html kept in Benchmarks/validation/.
SEED ?= 1
LOT ?= /tmp/cellqa-validation
validate: build
	rm -rf $(LOT)/lot-$(SEED) $(LOT)/capability-$(SEED)
	$(BIN) phantom --lot 200 $(LOT)/lot-$(SEED) --seed $(SEED) --rescans 3 --config config/cellqa.toml
	$(BIN) validate $(LOT)/lot-$(SEED) --out $(LOT)/capability-$(SEED) --config config/cellqa.toml
	mkdir -p Benchmarks/validation
	cp $(LOT)/capability-$(SEED)/capability.json Benchmarks/validation/seed-$(SEED).json
	cp $(LOT)/capability-$(SEED)/capability.html Benchmarks/validation/seed-$(SEED).html

install: build
	systemd/install.sh $(BIN)

clean:
	rm -rf .build demo-out
