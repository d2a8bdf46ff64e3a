# racelab — one entry point for every task. `make help` lists the targets.
# Each target installs what is missing first (scripts/deps.sh), then drives
# CMake presets; no CMake knowledge is needed.

PRESETS := debug release tsan asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
export CTEST_OUTPUT_ON_FAILURE := 1

.DEFAULT_GOAL := help
.PHONY: help deps demo demo-harness list kata kata-list kata-hint kata-watch kata-reset kata-solution test test-long test-repeat build $(addprefix build-,$(PRESETS)) $(addprefix test-,$(PRESETS)) \
        bench format format-check clean

help: ## list the targets with a one-line description
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z%_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@printf "  make %-14s %s\n" "build-PRESET" "build one configuration: $(PRESETS)"
	@printf "  make %-14s %s\n" "test-PRESET" "build and test one configuration: $(PRESETS)"

deps: ## check the Debian packages racelab needs and install the missing ones
	@scripts/deps.sh

demo: deps ## the main job: prove every race and every fix of the catalog (racelab prove, under TSan)
	@scripts/build.sh tsan racelab
	@build/tsan/cli/racelab prove

demo-harness: deps ## the harness alone on a lost update: stress loop vs exploration, replay, proof of the fix
	@scripts/build.sh release racelab-demo
	@build/release/demo/racelab-demo

list: deps ## the specimen catalog
	@scripts/build.sh tsan racelab >/dev/null
	@build/tsan/cli/racelab list

test: deps ## build every configuration (debug, release, tsan, asan) and run every test
	@scripts/test.sh $(PRESETS)

test-long: deps ## the property tests (RapidCheck) with fresh random seeds and 10x the cases
	@scripts/test_long.sh debug

test-repeat: deps ## every test of every configuration up to 20 times, stopping at the first failure (finds flaky tests)
	@RACELAB_REPEAT=20 scripts/test.sh $(PRESETS)

build: build-debug ## build the debug configuration

# build-<preset> and test-<preset>: explicit rules, since make applies no
# pattern rule to a .PHONY target.
define preset_rules
build-$(1): deps
	@scripts/build.sh $(1)
test-$(1): deps
	@scripts/test.sh $(1)
endef
$(foreach p,$(PRESETS),$(eval $(call preset_rules,$(p))))

bench: deps build-release ## run the benchmarks (release build) and print their figures
	@for b in build/release/bench/*_bench; do echo "== $$b"; $$b --benchmark_min_time=0.2; done

kata: deps ## the exercises: check them in order, stop at the first unsolved one
	@scripts/kata.sh check || true

kata-list: deps ## every exercise and whether it is done
	@scripts/kata.sh list

kata-hint: deps ## the next hint for the current exercise (one more tier each time)
	@scripts/kata.sh hint || true

kata-watch: deps ## re-check the exercises every time you save
	@scripts/kata.sh watch

kata-reset: deps ## make kata-reset N: restore exercise N's starting file (yours is backed up)
	@scripts/kata.sh reset $(KATA_ARG) || true

kata-solution: deps ## make kata-solution N: the reference solution, once N passes
	@scripts/kata.sh solution $(KATA_ARG) || true

# `make kata-reset 3`: the number after the target is its argument, not a goal.
ifneq ($(filter kata-reset kata-solution,$(firstword $(MAKECMDGOALS))),)
  KATA_ARG := $(or $(N),$(word 2,$(MAKECMDGOALS)))
  ifneq ($(word 2,$(MAKECMDGOALS)),)
    $(eval $(word 2,$(MAKECMDGOALS)):;@:)
  endif
endif

format: ## format every C++ file with the project's .clang-format
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check: ## fail if any C++ file is not formatted
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

clean: ## remove every build tree
	@rm -rf build
