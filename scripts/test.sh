#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite (library and command-line tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
# The suite is XCTest; --disable-swift-testing keeps the empty Swift Testing run from adding
# a misleading "0 tests" summary after XCTest's.
swift build --build-tests
swift test --skip-build --disable-swift-testing
# The viewer in a real browser (headless Chromium driven by Selenium) on the curated graph;
# screenshots of each step go to .build/browser-artefacts/.
rm -f .build/browser-test.db
.build/debug/tiergraph import Graph --db .build/browser-test.db >/dev/null
python3 Tests/Browser/viewer_test.py .build/debug/tiergraph .build/browser-test.db .build/browser-artefacts
# Crash and concurrency trials on real files: kill -9 during imports and removals, readers during
# an import (scripts/trials.sh; about half a minute at this size).
scripts/trials.sh .build/debug/tiergraph 8
# The peer comparison at size S (1,000 nodes, under a minute once built) as a smoke test: it
# fails if any tool's answers differ from Tiergraph's. It writes nothing (BENCHMARKS.md keeps
# the tables measured on purpose, see there).
Benchmarks/compare.sh S --no-write
