# UploadMonitor: `make run` starts the server, `make test` runs every test, `make bench` the benchmarks.
# Each target first installs what is missing (Debian packages as root, PyPI packages into .venv).

SHELL := /bin/bash
APT_PACKAGES := libnghttp2-dev libssl-dev pkg-config python3-venv nghttp2-client
PYTHON_PACKAGES := grpcio==1.85.3 grpcio-tools==1.85.1 grpcio-health-checking==1.85.1 protobuf h2==4.1.0
VENV := .venv
PYGEN := .build/pygen
PORT ?= 50051

.PHONY: run test bench deps apt-deps python-deps pygen build schema clean

run: deps pygen build
	@echo "Starting upmon demo-target and upmon serve on 127.0.0.1:$(PORT) (Ctrl-C stops both gracefully)"
	@mkdir -p upmon-data
	@./.build/debug/upmon demo-target --port 0 --seed 7 --reject-rows 0.01 --fail500 0.01 --fail503-once 0.05 \
	    --rate-limit-once 0.01 --drop-once 0.02 > upmon-data/demo-target.out 2>&1 & target=$$!; \
	  ./.build/debug/upmon serve --port $(PORT) --data-dir upmon-data > upmon-data/serve.out 2>upmon-data/serve.log & server=$$!; \
	  trap 'kill -INT $$server $$target 2>/dev/null; wait $$server $$target' INT TERM EXIT; \
	  for i in $$(seq 1 100); do ./.build/debug/upmon health --server 127.0.0.1:$(PORT) >/dev/null 2>&1 && break; sleep 0.1; done; \
	  target_port=$$(sed -n 's/.*listening on .*:\([0-9]*\)$$/\1/p' upmon-data/demo-target.out); \
	  echo -n "health: "; ./.build/debug/upmon health --server 127.0.0.1:$(PORT); \
	  PYTHONPATH=$(PYGEN) $(VENV)/bin/python scripts/demo_upload.py $(PORT) $$target_port; \
	  echo "server still running on 127.0.0.1:$(PORT); logs in upmon-data/. Ctrl-C to stop."; \
	  wait $$server

test: deps pygen build
	UPMON_PYTHON=$(CURDIR)/$(VENV)/bin/python UPMON_PYGEN=$(CURDIR)/$(PYGEN) swift test --parallel --num-workers 2 --skip EndToEndTests
	# End-to-end uploads run alone: they time real requests against a real target process.
	UPMON_PYTHON=$(CURDIR)/$(VENV)/bin/python UPMON_PYGEN=$(CURDIR)/$(PYGEN) swift test --filter EndToEndTests

bench: deps pygen
	$(MAKE) -C Benchmarks run

deps: apt-deps python-deps

apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

python-deps: $(VENV)/.installed

$(VENV)/.installed:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q $(PYTHON_PACKAGES)
	touch $@

pygen: python-deps
	@mkdir -p $(PYGEN)
	$(VENV)/bin/python -m grpc_tools.protoc -I proto-docs -I Tests/Interop --python_out=$(PYGEN) --grpc_python_out=$(PYGEN) \
	  uploadmonitor/v1/upload_monitor.proto interop_test.proto

build:
	swift build

schema: python-deps
	$(VENV)/bin/python scripts/generate_schema.py

clean:
	rm -rf .build $(VENV)
