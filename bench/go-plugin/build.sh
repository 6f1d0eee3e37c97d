#!/usr/bin/env bash
# Builds containerd/nri's Go hook-injector plugin (plugins/hook-injector), the reference the C#
# plugin is measured against, entirely from Debian:
#   - the plugin and the nri library: the golang-github-containerd-nri source package of $NRI_SUITE
#     (the -dev binary package leaves the plugins out), unpacked with its Debian patches;
#   - Go: golang-$GO_VERSION-go and its standard library from $GO_SUITE, unpacked, not installed;
#   - every other Go dependency: the golang-*-dev packages of $GO_SUITE that the nri, containers
#     common and runtime-tools -dev packages depend on, recursively (about 480 packages, 200 MB of
#     downloads: more than the plugin imports, but apt knows packages, not import paths), unpacked
#     with dpkg -x into a private GOPATH.
# GOPATH mode (GO111MODULE=off) with GOPROXY=off: nothing comes from anywhere but the Debian archive,
# so it is built against Debian's versions of the dependencies, not upstream's go.mod pins.
# Everything goes through apt with a private state (tests/e2e/apt.sh) under
# $HOOK_INJECTOR_BENCH_CACHE (default /var/cache/hook-injector-bench); nothing is installed and
# /etc/apt is never written.
#
#   bench/go-plugin/build.sh     prints the executable's path on its last line; idempotent
set -euo pipefail

BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BUILD_DIR/../.." && pwd)"
BENCH_CACHE="${HOOK_INJECTOR_BENCH_CACHE:-/var/cache/hook-injector-bench}"
NRI_SUITE=sid      # nri 0.8.0, what containerd 1.7.26+ and 2.0/2.1 embed
GO_SUITE=trixie    # Go 1.24 and a consistent set of dependency sources
GO_VERSION=1.24
WORK="$BENCH_CACHE/go-plugin"
OUTPUT="$WORK/bin/hook-injector"

die() {
  printf 'go-plugin/build.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

log() {
  printf 'go-plugin/build.sh: %s\n' "$*" >&2
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "command '$1' not found: $2"
}

# shellcheck source=../../tests/e2e/apt.sh
source "$REPO_ROOT/tests/e2e/apt.sh"

# The -dev packages whose dependency closure holds every package the plugin imports.
ROOT_PACKAGES=(golang-github-containerd-nri-dev golang-github-containers-common-dev golang-github-opencontainers-runtime-tools-dev)

[[ "$(uname -m)" == x86_64 ]] || die "only x86_64 is supported (the packages are fetched for amd64)"
[[ -r /etc/debian_version ]] || die "not a Debian system: the sources and Go come from Debian's archive"
require_command dpkg "dpkg -x unpacks the packages"
require_command dpkg-source "dpkg-source (dpkg-dev) unpacks the nri source package with its Debian patches"

if [[ -x "$OUTPUT" && -f "$WORK/built-from" ]]; then
  log "already built: $(cat "$WORK/built-from")"
  printf '%s\n' "$OUTPUT"
  exit 0
fi

mkdir -p "$BENCH_CACHE"
apt_private_setup "$BENCH_CACHE/apt" --with-sources "$GO_SUITE" "$NRI_SUITE"
apt_private_prefer "$GO_SUITE"

rm -rf "$WORK"
mkdir -p "$WORK/debs" "$WORK/source" "$WORK/toolchain" "$WORK/deps" "$WORK/gopath/src/github.com/containerd" "$WORK/bin"

# Go itself.
apt_private_download "$WORK/debs/toolchain" "golang-$GO_VERSION-go/$GO_SUITE" "golang-$GO_VERSION-src/$GO_SUITE"
for deb in "$WORK"/debs/toolchain/*.deb; do
  dpkg -x "$deb" "$WORK/toolchain"
done
GOROOT="$WORK/toolchain/usr/lib/go-$GO_VERSION"
[[ -x "$GOROOT/bin/go" ]] || die "no $GOROOT/bin/go in golang-$GO_VERSION-go from $GO_SUITE"

# The plugin and the nri library, from the source package: its upstream tarball, with Debian's
# patches applied when the mirror also serves the .dsc and the Debian tarball (some mirrors and
# caches carry only the .orig tarball; Debian's nri package leaves the plugin's code as upstream).
log "apt-get source golang-github-containerd-nri/$NRI_SUITE"
chown _apt "$WORK/source" 2>/dev/null || true
uris="$(apt_private source --print-uris -qq "golang-github-containerd-nri/$NRI_SUITE" 2>/dev/null)" \
  || die "apt-get source --print-uris golang-github-containerd-nri/$NRI_SUITE failed: Debian $NRI_SUITE must ship it"
(cd "$WORK/source" && apt_private source --download-only -qq "golang-github-containerd-nri/$NRI_SUITE") \
  || log "not every file of golang-github-containerd-nri/$NRI_SUITE could be fetched; using what arrived"
orig="$(awk '$2 ~ /\.orig\.tar\./ { print $2 }' <<<"$uris")"
[[ -n "$orig" && -f "$WORK/source/$orig" ]] || die "the upstream tarball of golang-github-containerd-nri/$NRI_SUITE could not be fetched"
# The checksum the signed Sources index gives, checked here too since the download as a whole may
# have failed.
expected="$(awk -v f="$orig" '$2 == f { sub(/^SHA256:/, "", $4); print $4 }' <<<"$uris")"
[[ "$(sha256sum "$WORK/source/$orig" | cut -d' ' -f1)" == "$expected" ]] \
  || die "$WORK/source/$orig does not match the SHA256 $expected of Debian's Sources index"
dsc="$(find "$WORK/source" -maxdepth 1 -name 'golang-github-containerd-nri_*.dsc' -print -quit)"
debian_tarball="$(find "$WORK/source" -maxdepth 1 -name 'golang-github-containerd-nri_*.debian.tar.*' -print -quit)"
if [[ -n "$dsc" && -n "$debian_tarball" ]]; then
  # apt checked the files against the signed Sources index; the .dsc signature needs a keyring
  # this machine does not have.
  dpkg-source --no-check -x "$dsc" "$WORK/source/nri" >/dev/null || die "dpkg-source could not unpack $dsc"
  nri_version="$(sed -n 's/^Version: //p' "$dsc") (Debian source package)"
else
  mkdir -p "$WORK/source/nri"
  tar -xf "$WORK/source/$orig" -C "$WORK/source/nri" --strip-components=1 || die "could not unpack $orig"
  nri_version="${orig#golang-github-containerd-nri_}"
  nri_version="${nri_version%.orig.tar.*} (Debian's upstream tarball, without the Debian patches)"
fi
[[ -f "$WORK/source/nri/plugins/hook-injector/hook-injector.go" ]] \
  || die "golang-github-containerd-nri $nri_version has no plugins/hook-injector/hook-injector.go"
mv "$WORK/source/nri" "$WORK/gopath/src/github.com/containerd/nri"

# The dependencies: the closure of the -dev packages' Depends, as Go sources only.
log "resolving the -dev packages ${ROOT_PACKAGES[*]} depend on"
mapfile -t deps < <(apt_private depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances "${ROOT_PACKAGES[@]}" \
  | grep -E '^golang-[a-z0-9.+-]+-dev$' \
  | grep -v -x -e golang-github-containerd-nri-dev \
  | sort -u)
((${#deps[@]})) || die "apt-cache depends found no golang-*-dev packages for ${ROOT_PACKAGES[*]}"
apt_private_download "$WORK/debs/deps" "${deps[@]}"
for deb in "$WORK"/debs/deps/*.deb; do
  dpkg -x "$deb" "$WORK/deps"
done
# Some -dev packages link to sources of another package by absolute path under /usr/share/gocode:
# point those into the private tree, never at this machine's.
find "$WORK/deps" -type l -lname '/usr/share/gocode/*' -print0 |
  while IFS= read -r -d '' link; do
    ln -sfn "$WORK/deps$(readlink "$link")" "$link"
  done

# Only Debian's Go and the private GOPATH: no module downloads, no toolchain switch, and HOME
# inside the work folder so Go's own settings files land there too.
go_env=(env -i PATH="$GOROOT/bin:/usr/bin:/bin" HOME="$WORK" GOROOT="$GOROOT"
  GOPATH="$WORK/gopath:$WORK/deps/usr/share/gocode" GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local
  GOFLAGS= CGO_ENABLED=0 GOCACHE="$WORK/go-cache")
go_version="$("${go_env[@]}" go env GOVERSION)" || die "$GOROOT/bin/go from golang-$GO_VERSION-go does not run here"
log "go build plugins/hook-injector (nri $nri_version, $go_version, ${#deps[@]} -dev packages of $GO_SUITE)"
(cd "$WORK/gopath/src/github.com/containerd/nri/plugins/hook-injector" && "${go_env[@]}" go build -trimpath -o "$OUTPUT" .) \
  || die "go build of plugins/hook-injector failed (see above)"
[[ -x "$OUTPUT" ]] || die "go build left no $OUTPUT"
built_from="$(printf 'nri %s (%s), %s (%s), %d -dev packages of %s' \
  "$nri_version" "$NRI_SUITE" "$go_version" "$GO_SUITE" "${#deps[@]}" "$GO_SUITE")"
# The unpacked dependency closure is over 2 GB (containers/common pulls in half of Debian's Go
# ecosystem through its Depends); only the executable is kept.
rm -rf "$WORK/debs" "$WORK/deps" "$WORK/go-cache" "$WORK/toolchain" "$WORK/source" "$WORK/gopath" "$WORK/.config"
# Written last: an interrupted build or clean-up starts over next time.
printf '%s\n' "$built_from" >"$WORK/built-from"
log "built from $built_from"
printf '%s\n' "$OUTPUT"
