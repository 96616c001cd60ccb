# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/cellqa

.PHONY: deps build demo test bench install clean

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

install: build
	systemd/install.sh $(BIN)

clean:
	rm -rf .build demo-out
