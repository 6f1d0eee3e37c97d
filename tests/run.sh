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

run_tests() { # project, extra args...
  local project=$1; shift
  dotnet test "$project" -c Release --no-build --logger "trx;LogFilePrefix=$(basename "$project")" \
    --results-directory "$results" "$@"
}

summary() {
  local passed=0 failed=0 skipped=0 file
  for file in "$results"/*.trx; do
    [ -e "$file" ] || continue
    passed=$((passed + $(grep -o 'passed="[0-9]*"' "$file" | head -1 | tr -dc 0-9)))
    failed=$((failed + $(grep -o 'failed="[0-9]*"' "$file" | head -1 | tr -dc 0-9)))
    skipped=$((skipped + $(grep -o 'notExecuted="[0-9]*"' "$file" | head -1 | tr -dc 0-9)))
  done
  echo "tests: $passed passed, $failed failed, $skipped skipped"
}

status=0
dotnet build HookInjector.sln -c Release
run_tests tests/HookInjector.Tests || status=1

if [ "$mode" = all ]; then
  tests/e2e/setup.sh
  tests/e2e/build-image.sh
  dotnet publish src/Host -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o artifacts/publish
  run_tests tests/HookInjector.E2E || status=1
fi

summary
exit $status
