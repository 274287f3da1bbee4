#!/usr/bin/env bash
# Runs the example service's tests with Node's built-in runner and writes real coverage
# (LCOV) and test (JUnit) reports, which the suite's phases read as a user's CI would produce.
# REPORTS_DIR overrides where they go (default: reports/ beside this script).
set -euo pipefail
cd "$(dirname "$0")"
reports="${REPORTS_DIR:-reports}"
mkdir -p "$reports"
# Stale reports from an earlier run must never pass for this run's.
rm -f "$reports/lcov.info" "$reports/junit.xml"

coverage_flags=(--experimental-test-coverage)
# Node 22.5+ can keep the test files themselves out of the coverage figures; Node 20 cannot.
if node --help | grep -q -- '--test-coverage-exclude'; then
  coverage_flags+=(--test-coverage-exclude='test/**')
fi

# Three reporters at once make Node 20 warn about MaxListeners on its own internal stream.
exec node --disable-warning=MaxListenersExceededWarning --test "${coverage_flags[@]}" \
  --test-reporter=lcov --test-reporter-destination="$reports/lcov.info" \
  --test-reporter=junit --test-reporter-destination="$reports/junit.xml" \
  --test-reporter=spec --test-reporter-destination=stdout \
  test/*.test.mjs
