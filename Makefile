# The two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/cellqa

.PHONY: deps build demo test bench install clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product cellqa

# Generates a phantom cell (with a dent beyond tolerance) and inspects it end to end.
demo: build
	$(BIN) demo

# The daemon's integration tests time file events, notify pings and child
# processes, so they run on their own, one at a time, after the CPU-heavy rest.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip DaemonTests
	$(SWIFT) test --skip-build --filter DaemonTests --no-parallel

bench: build
	Benchmarks/run.sh

install: build
	systemd/install.sh $(BIN)

clean:
	rm -rf .build demo-out
