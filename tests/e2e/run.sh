#!/usr/bin/env bash
# Runs the end-to-end suite against containerd 1.7 and 2.x, installing what it needs.
# Usage (as root): tests/e2e/run.sh [--filter EXPRESSION] [extra dotnet test arguments]
#
# Without --filter it runs every case the E2E assembly holds (Category=E2E) and fails unless it ran
# at least that many: a suite that silently ran less is not green. --filter narrows the run to the
# matching cases (at least one must run), for working on one test; CI (CI=true) refuses it.
# Results: artifacts/e2e/results/e2e.trx.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

E2E_PROJECT="$REPO_ROOT/tests/HookInjector.E2E"
RESULTS="$REPO_ROOT/artifacts/e2e/results"
filter=""
extra=()
while (($#)); do
  case "$1" in
    --filter) filter="${2:?--filter needs an expression}"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
if [[ -n "$filter" && "${CI:-}" == true ]]; then
  die "CI=true: the end-to-end pass runs the whole suite; --filter is for local runs"
fi

# The number of cases the assembly holds, theory rows included, as the test runner lists them.
count_cases() {
  local listing
  listing="$(timeout 900 dotnet test "$E2E_PROJECT" -c Release -nologo --list-tests 2>&1)" \
    || { printf '%s\n' "$listing" >&2; die "dotnet test --list-tests of $E2E_PROJECT failed"; }
  awk '/^The following Tests are available:/ { listed = 1; next } listed && /^    / { n++ } END { print n + 0 }' <<<"$listing"
}

# "executed" from the TRX report's counters.
executed_cases() {
  local counters
  counters="$(grep -o '<Counters [^>]*>' "$1" 2>/dev/null || true)"
  sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters"
}

require_root
"$E2E_DIR/setup.sh"
"$E2E_DIR/build-image.sh"
HOOK_INJECTOR_BIN="$(publish_plugin)"
export HOOK_INJECTOR_BIN
expected=1
if [[ -z "$filter" ]]; then
  expected="$(count_cases)"
  ((expected > 0)) || die "the E2E assembly lists no test cases: nothing would be tested"
  log "the E2E assembly holds $expected cases"
fi
rm -f "$REPO_ROOT/artifacts/e2e/timings.tsv" "$RESULTS/e2e.trx"
status=0
timeout 2400 dotnet test "$E2E_PROJECT" -c Release -nologo --no-build \
  --filter "Category=E2E${filter:+&($filter)}" --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=e2e.trx" --results-directory "$RESULTS" "${extra[@]}" \
  -- RunConfiguration.TreatNoTestsAsError=true || status=$?
executed="$(executed_cases "$RESULTS/e2e.trx")"
if [[ -z "$executed" ]]; then
  log "ERROR: no test results in $RESULTS/e2e.trx"
  status=1
elif ((executed < expected)); then
  log "ERROR: the end-to-end pass ran $executed cases, fewer than the $expected it must run"
  status=1
else
  log "the end-to-end pass ran $executed cases"
fi
if [[ -f "$REPO_ROOT/artifacts/e2e/timings.tsv" ]]; then
  log "timings (test, containerd, duration, client-side CreateContainer latency):"
  cut -f2- "$REPO_ROOT/artifacts/e2e/timings.tsv" >&2
fi
# A measurement for the record, not a verdict: speed is reported, never asserted. Whole runs only.
[[ -z "$filter" ]] || exit "$status"
for version in 1.7 2; do
  timeout 600 dotnet run --no-build -c Release --project "$E2E_PROJECT" -- \
    latency --containerd "$version" --count "${HOOK_INJECTOR_E2E_LATENCY_COUNT:-20}" >&2 \
    || log "CreateContainer latency on containerd $version could not be measured"
done
exit "$status"
