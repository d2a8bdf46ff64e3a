# racelab — one entry point for every task. `make help` lists the targets.
# Each target installs what is missing first (scripts/deps.sh), then drives
# CMake presets; no CMake knowledge is needed.

PRESETS := debug release tsan asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
export CTEST_OUTPUT_ON_FAILURE := 1

.DEFAULT_GOAL := help
.PHONY: help deps demo test build $(addprefix build-,$(PRESETS)) $(addprefix test-,$(PRESETS)) \
        bench format format-check clean

help: ## list the targets with a one-line description
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z%_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## check the Debian packages racelab needs and install the missing ones
	@scripts/deps.sh

demo: deps ## the main job: show the harness finding, replaying and proving the fix of a lost update
	@scripts/build.sh release racelab-demo
	@build/release/demo/racelab-demo

test: deps ## build every configuration (debug, release, tsan, asan) and run every test
	@scripts/test.sh $(PRESETS)

build: build-debug ## build the debug configuration

build-%: deps ## build one configuration: debug, release, tsan or asan
	@scripts/build.sh $*

test-%: deps ## build and test one configuration: debug, release, tsan or asan
	@scripts/test.sh $*

bench: deps build-release ## run the benchmarks (release build) and print their figures
	@for b in build/release/bench/*_bench; do echo "== $$b"; $$b --benchmark_min_time=0.2; done

format: ## format every C++ file with the project's .clang-format
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check: ## fail if any C++ file is not formatted
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

clean: ## remove every build tree
	@rm -rf build
