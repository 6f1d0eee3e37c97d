#!/usr/bin/env bash
# Runs the whole test suite: the unit tests, then the end-to-end tests against real containerd 1.7
# and 2.x with NRI, runc and real pods. The end-to-end part needs root on Debian 12: it installs
# Debian packages and starts containerd on private paths (see tests/e2e/README.md).
#   tests/run.sh           everything
#   tests/run.sh --unit    unit tests only (no root needed)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
case "$mode" in
  all|--unit) ;;
  *) echo "usage: tests/run.sh [--unit]" >&2; exit 2 ;;
esac

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Adds up the passed/failed/skipped counters of every test run's TRX report.
summary() {
  local passed=0 failed=0 skipped=0 file counters
  for file in "$results"/*.trx; do
    [ -e "$file" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file")
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  echo "tests: $passed passed, $failed failed, $skipped skipped"
}

status=0
dotnet build HookInjector.sln -c Release -nologo
dotnet test HookInjector.sln -c Release --no-build -nologo --filter "Category!=E2E" \
  --logger "trx" --results-directory "$results" || status=1

if [ "$mode" = all ]; then
  tests/e2e/run.sh --logger "trx" --results-directory "$results" || status=1
fi

summary
exit $status
