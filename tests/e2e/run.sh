#!/usr/bin/env bash
# Runs the end-to-end suite against containerd 1.7 and 2.x, installing what it needs.
# Usage (as root): tests/e2e/run.sh [extra dotnet test arguments]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_root
"$E2E_DIR/setup.sh"
"$E2E_DIR/build-image.sh"
HOOK_INJECTOR_BIN="$(publish_plugin)"
export HOOK_INJECTOR_BIN
rm -f "$REPO_ROOT/artifacts/e2e/timings.tsv"
status=0
timeout 2400 dotnet test "$REPO_ROOT/tests/HookInjector.E2E" -c Release -nologo \
  --filter "Category=E2E" --logger "console;verbosity=normal" "$@" || status=$?
if [[ -f "$REPO_ROOT/artifacts/e2e/timings.tsv" ]]; then
  log "timings (test, containerd, duration, client-side CreateContainer latency):"
  cut -f2- "$REPO_ROOT/artifacts/e2e/timings.tsv" >&2
fi
# A measurement for the record, not a verdict: speed is reported, never asserted.
for version in 1.7 2; do
  timeout 600 dotnet run --no-build -c Release --project "$REPO_ROOT/tests/HookInjector.E2E" -- \
    latency --containerd "$version" --count "${HOOK_INJECTOR_E2E_LATENCY_COUNT:-20}" >&2 \
    || log "CreateContainer latency on containerd $version could not be measured"
done
exit "$status"
