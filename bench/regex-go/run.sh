#!/usr/bin/env bash
# Builds and runs regex-go (main.go) with Go 1.23, unpacked (never installed) by
# tests/HookInjector.Tests/GoRegex/regenerate.sh, and prints Go's times for the pathological
# patterns of PathologicalPatternBenchmarks. Run it right after those benchmarks, on the same machine.
#
#   bench/regex-go/run.sh [-length N]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
GOROOT="$(GO_ROOT_ONLY=1 "$REPO_ROOT/tests/HookInjector.Tests/GoRegex/regenerate.sh")"
CACHE="${HOOK_INJECTOR_GO_CACHE:-/var/tmp/hook-injector-go}"
export GOROOT GOPATH="$CACHE/gopath" GOCACHE="$CACHE/gocache" GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local
mkdir -p "$CACHE/bin"
(cd "$HERE" && "$GOROOT/bin/go" build -o "$CACHE/bin/regex-go" .)
exec "$CACHE/bin/regex-go" "$@"
