#!/usr/bin/env bash
# The upstream hook-injector "Testing" walkthrough on this machine, in one command:
# containerd with NRI, hook-injector with samples/hooks.d, the sample pod "hook-demo",
# then the demo hook's log. Everything is cleaned up afterwards.
# Usage (as root): tests/e2e/demo.sh [1.7|2]   (default: containerd 2.x)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION="${1:-2}"
containerd_tree "$VERSION" >/dev/null
require_root
"$E2E_DIR/setup.sh" >/dev/null
[[ -f "$IMAGE_ARCHIVE" ]] || "$E2E_DIR/build-image.sh"
HOOK_INJECTOR_BIN="$(publish_plugin)"
export HOOK_INJECTOR_BIN
timeout 900 dotnet run --project "$REPO_ROOT/tests/HookInjector.E2E" -c Release -- demo --containerd "$VERSION"
