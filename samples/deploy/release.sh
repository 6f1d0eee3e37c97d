#!/usr/bin/env bash
# Builds a hook-injector release for this machine's architecture, versioned from Directory.Build.props
# (through the daemon's own --version):
#
#   samples/deploy/release.sh [--output DIR] [--published DIR] [--no-image]
#
# into DIR (default artifacts/release/VERSION/):
#   hook-injector-VERSION-linux-ARCH.tar.gz    the daemon and its worker (bin/), samples/ (hooks.d,
#                                              rules.d, pods, deploy: kubernetes, systemd, preinstalled),
#                                              docs/, README.md, CHANGELOG.md, LICENSE, and SHA256SUMS of
#                                              all of them
#   hook-injector-VERSION-ARCH.oci.tar         the container image (build-image.sh), unless --no-image
#   SHA256SUMS                                 of the files above: sha256sum -c SHA256SUMS
#
# --published DIR takes a directory publish.sh already produced instead of publishing again.
# The archive is deterministic for the same build: fixed timestamps and owners, sorted entries.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/../.." && pwd)"

die() {
  printf 'release.sh: %s\n' "$*" >&2
  exit 1
}

output=""
published=""
with_image=true
while (($#)); do
  case "$1" in
    --output | -o) output="${2:?--output needs a directory}"; shift 2 ;;
    --published) published="${2:?--published needs a directory}"; shift 2 ;;
    --no-image) with_image=false; shift ;;
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

for tool in tar gzip sha256sum; do
  command -v "$tool" >/dev/null || die "command $tool not found: the release is a tar.gz with SHA-256 sums"
done

case "$(uname -m)" in
  x86_64 | amd64) rid=linux-x64 arch=amd64 ;;
  aarch64 | arm64) rid=linux-arm64 arch=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [[ -z "$published" ]]; then
  published="$WORK/published"
  "$DEPLOY_DIR/publish.sh" --rid "$rid" --output "$published" >/dev/null
fi
[[ -x "$published/hook-injector" && -x "$published/worker/hook-injector" ]] \
  || die "$published holds no hook-injector and worker/hook-injector: run samples/deploy/publish.sh"

version="$("$published/hook-injector" --version)" || die "$published/hook-injector --version failed"
version="${version%%+*}"
grep -q "^## \[$version\]" "$REPO_ROOT/CHANGELOG.md" || die "CHANGELOG.md has no section for $version: add one before releasing"
output="${output:-$REPO_ROOT/artifacts/release/$version}"
name="hook-injector-$version-$rid"
stage="$WORK/$name"

mkdir -p "$stage/bin" "$stage/samples/deploy" "$stage/docs"
cp -a "$published/." "$stage/bin/"
cp -a "$REPO_ROOT/samples/hooks.d" "$REPO_ROOT/samples/rules.d" "$REPO_ROOT/samples/pods" "$REPO_ROOT/samples/demo-hook.sh" "$stage/samples/"
cp -a "$REPO_ROOT/samples/deploy/kubernetes" "$REPO_ROOT/samples/deploy/systemd" "$REPO_ROOT/samples/deploy/preinstalled" "$stage/samples/deploy/"
cp -a "$REPO_ROOT"/docs/*.md "$stage/docs/"
cp -a "$REPO_ROOT/README.md" "$REPO_ROOT/CHANGELOG.md" "$REPO_ROOT/LICENSE" "$stage/"
(cd "$stage" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum >SHA256SUMS)

mkdir -p "$output"
rm -f "$output/$name.tar.gz" "$output/SHA256SUMS"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu -C "$WORK" -cf - "$name" \
  | gzip -n -9 >"$output/$name.tar.gz"
files=("$name.tar.gz")

if [[ "$with_image" == true ]]; then
  image="hook-injector-$version-$arch.oci.tar"
  "$DEPLOY_DIR/build-image.sh" --published "$published" --output "$output/$image" >/dev/null
  rm -f "$output/$image.digest"
  files+=("$image")
fi

(cd "$output" && sha256sum "${files[@]}" >SHA256SUMS)
printf 'release.sh: hook-injector %s in %s:\n' "$version" "$output" >&2
(cd "$output" && ls -l "${files[@]}" SHA256SUMS) >&2
printf '%s\n' "$output/$name.tar.gz"
