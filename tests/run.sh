#!/usr/bin/env bash
# Runs the whole test suite: the unit tests, then the end-to-end tests against real containerd 1.7
# and 2.x with NRI, runc and real pods. The end-to-end part needs root on Debian 12: it installs
# Debian packages and starts containerd on private paths (see tests/e2e/README.md).
#   tests/run.sh           everything
#   tests/run.sh --unit    unit tests only (no root needed)
# A test project that runs no test fails the run, as does an end-to-end pass that runs fewer cases
# than its assembly holds (tests/e2e/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
case "$mode" in
  all|--unit) ;;
  *) echo "usage: tests/run.sh [--unit]" >&2; exit 2 ;;
esac

UNIT_PROJECTS=(tests/HookInjector.Tests extensions/PodInfoEnv.Tests)

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# A TRX report's counter, e.g. counter FILE executed; 0 when the report has none.
counter() {
  local counters value
  counters=$(grep -o '<Counters [^>]*>' "$1" || true)
  value=$(sed -n "s/.* $2=\"\\([0-9]*\\)\".*/\\1/p" <<<"$counters")
  echo "${value:-0}"
}

# Adds up the passed/failed/skipped counters of every test run's TRX report.
summary() {
  local passed=0 failed=0 skipped=0 file
  for file in "$results"/*.trx; do
    [ -e "$file" ] || continue
    passed=$((passed + $(counter "$file" passed)))
    failed=$((failed + $(counter "$file" failed)))
    skipped=$((skipped + $(counter "$file" notExecuted)))
  done
  echo "tests: $passed passed, $failed failed, $skipped skipped"
}

status=0
dotnet build HookInjector.sln -c Release -nologo
for project in "${UNIT_PROJECTS[@]}"; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build -nologo --filter "Category!=E2E" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true || status=1
  if [ ! -f "$results/$name.trx" ] || [ "$(counter "$results/$name.trx" executed)" -eq 0 ]; then
    echo "tests/run.sh: $project ran no test" >&2
    status=1
  fi
done

if [ "$mode" = all ]; then
  tests/e2e/run.sh || status=1
  if [ -f artifacts/e2e/results/e2e.trx ]; then
    cp artifacts/e2e/results/e2e.trx "$results/e2e.trx"
  fi
fi

summary
exit $status
