# gridlaw: `make demo` runs the walkthrough, `make test` builds and runs every
# test. Both install the Debian packages they need first (scripts/install-deps.sh).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps build test test-long test-sanitize fuzz demo format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) > /dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -LE long

# Long tests: the published counts of the 100,000-record peer workload.
test-long: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L long

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	$(MAKE) test BUILD_DIR=build-sanitize BUILD_TYPE=Debug CMAKE_FLAGS="-DGRIDLAW_SANITIZE=ON -DGRIDLAW_WERROR=ON"

# libFuzzer targets, built with clang; runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDLAW_FUZZ=ON -DGRIDLAW_TESTS=OFF -DGRIDLAW_BENCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

demo: build
	bash examples/demo.sh $(BUILD_DIR)/app/gridlaw

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build build-sanitize build-fuzz
