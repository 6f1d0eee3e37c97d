#!/usr/bin/env bash
# Regenerates what the C# Go-regexp matcher is checked against, from a real Go toolchain:
#   - corpus/corpus.json: Go's verdicts for every case of corpus/cases.txt (corpus/main.go);
#   - src/Host/GoRegex/GoUnicodeTables.Generated.cs: Go's Unicode tables (unicode-tables/main.go).
# Go is Debian's golang-$GO_VERSION-go (and its standard library, golang-$GO_VERSION-src) from
# $GO_SUITE, fetched through apt with a private state (tests/e2e/apt.sh) and unpacked with dpkg -x
# into a temporary folder: nothing is installed and /etc/apt is never written.
# Not part of the build or CI; rerun after editing cases.txt or to move to a newer Go.
#
#   tests/HookInjector.Tests/GoRegex/regenerate.sh          regenerates both files
#   GO_ROOT_ONLY=1 regenerate.sh                            only prints the unpacked GOROOT
# The unpacked toolchain stays in $HOOK_INJECTOR_GO_CACHE (default /var/tmp/hook-injector-go) so
# bench/regex-go/run.sh can reuse it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../../.." && pwd)"
GO_SUITE=bookworm-backports
GO_VERSION=1.23
CACHE="${HOOK_INJECTOR_GO_CACHE:-/var/tmp/hook-injector-go}"
GOROOT="$CACHE/toolchain/usr/lib/go-$GO_VERSION"

die() {
  printf 'regenerate.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

log() {
  printf 'regenerate.sh: %s\n' "$*" >&2
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "command '$1' not found: $2"
}

require_command dpkg "dpkg -x unpacks the Go packages"

# shellcheck source=../../e2e/apt.sh
source "$REPO_ROOT/tests/e2e/apt.sh"

if [[ ! -x "$GOROOT/bin/go" ]]; then
  mkdir -p "$CACHE"
  apt_private_setup "$CACHE/apt" "$GO_SUITE"
  rm -rf "$CACHE/debs" "$CACHE/toolchain"
  mkdir -p "$CACHE/debs" "$CACHE/toolchain"
  apt_private_download "$CACHE/debs" "golang-$GO_VERSION-go/$GO_SUITE" "golang-$GO_VERSION-src/$GO_SUITE"
  for deb in "$CACHE"/debs/*.deb; do
    dpkg -x "$deb" "$CACHE/toolchain"
  done
  [[ -x "$GOROOT/bin/go" ]] || die "no $GOROOT/bin/go in golang-$GO_VERSION-go from $GO_SUITE"
fi

if [[ "${GO_ROOT_ONLY:-}" == 1 ]]; then
  printf '%s\n' "$GOROOT"
  exit 0
fi

# A private GOPATH and cache, modules off and no proxy: the generators use the standard library only.
export GOROOT GOPATH="$CACHE/gopath" GOCACHE="$CACHE/gocache" GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local
log "using $("$GOROOT/bin/go" version)"

tables="$REPO_ROOT/src/Host/GoRegex/GoUnicodeTables.Generated.cs"
(cd "$HERE/unicode-tables" && "$GOROOT/bin/go" run main.go) > "$tables.new"
mv "$tables.new" "$tables"
log "wrote $tables"

corpus="$HERE/corpus/corpus.json"
(cd "$HERE/corpus" && "$GOROOT/bin/go" run main.go) < "$HERE/corpus/cases.txt" > "$corpus.new"
mv "$corpus.new" "$corpus"
log "wrote $corpus"
