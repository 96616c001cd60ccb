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

# The default suite (no OpenCV needed to build it), then the optional network
# runtime (package trait ModelRuntime, OpenCV dnn) with its own tests.
test: deps
	$(SWIFT) test
	$(SWIFT) test --traits ModelRuntime --filter ModelRuntimeTests

bench: build
	Benchmarks/run.sh

install: build
	systemd/install.sh $(BIN)

clean:
	rm -rf .build demo-out
