#!/usr/bin/env bash
# Builds a deterministic one-layer OCI image archive from busybox-static, by hand:
# no registry, no network, only tar, sha256sum and hand-written JSON.
# Usage: build-image.sh [OUTPUT_TAR]   (default: $E2E_CACHE/image/busybox-oci.tar)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUTPUT="${1:-$IMAGE_ARCHIVE}"
BUSYBOX=/bin/busybox
# Fixed timestamp so the same busybox always yields the same digests.
EPOCH=0

require_command tar "the image layer and archive are tar files"
require_command sha256sum "OCI blobs are addressed by their sha256 digest"
[[ -x "$BUSYBOX" ]] || die "$BUSYBOX missing: install busybox-static (tests/e2e/setup.sh does)"
"$BUSYBOX" true 2>/dev/null || die "$BUSYBOX does not run"
ldd "$BUSYBOX" >/dev/null 2>&1 && die "$BUSYBOX is dynamically linked: the image needs busybox-static"

deterministic_tar() {
  local dir="$1" out="$2"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
    --format=gnu -C "$dir" -cf "$out" .
}

digest_of() {
  sha256sum "$1" | awk '{print $1}'
}

size_of() {
  stat -c %s "$1"
}

# Moves a file into blobs/sha256/<digest> and prints the digest.
store_blob() {
  local file="$1" blobs="$2" digest
  digest="$(digest_of "$file")"
  mv "$file" "$blobs/$digest"
  printf '%s\n' "$digest"
}

build_rootfs() {
  local rootfs="$1" applet
  mkdir -p "$rootfs"/{bin,dev,etc,proc,root,sys,tmp,var}
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  install -m 0755 "$BUSYBOX" "$rootfs/bin/busybox"
  while read -r applet; do
    [[ "$applet" == "busybox" ]] || ln -s busybox "$rootfs/bin/$applet"
  done < <("$BUSYBOX" --list | LC_ALL=C sort)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
  find "$rootfs" -exec touch -h -d "@$EPOCH" {} +
}

main() {
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  local work="$WORK"
  local layout="$work/layout" blobs="$work/layout/blobs/sha256"
  mkdir -p "$blobs"

  build_rootfs "$work/rootfs"
  deterministic_tar "$work/rootfs" "$work/layer.tar"
  local layer_size layer_digest
  layer_size="$(size_of "$work/layer.tar")"
  layer_digest="$(store_blob "$work/layer.tar" "$blobs")"

  local busybox_version
  busybox_version="$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo unknown)"
  printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\",\
\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\
\"Cmd\":[\"sleep\",\"infinity\"],\"WorkingDir\":\"/\",\"Labels\":{\"org.opencontainers.image.description\":\"busybox-static $busybox_version for hook-injector end-to-end tests\"}},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$layer_digest\"]},\
\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"tests/e2e/build-image.sh\"}]}" >"$work/config.json"
  local config_size config_digest
  config_size="$(size_of "$work/config.json")"
  config_digest="$(store_blob "$work/config.json" "$blobs")"

  printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":$config_size},\
\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$layer_digest\",\"size\":$layer_size}]}" >"$work/manifest.json"
  local manifest_size manifest_digest
  manifest_size="$(size_of "$work/manifest.json")"
  manifest_digest="$(store_blob "$work/manifest.json" "$blobs")"

  printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\
\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_digest\",\"size\":$manifest_size,\
\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\
\"annotations\":{\"io.containerd.image.name\":\"$IMAGE_NAME\",\"org.opencontainers.image.ref.name\":\"latest\"}}]}" >"$layout/index.json"
  printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  find "$layout" -exec touch -h -d "@$EPOCH" {} +

  mkdir -p "$(dirname "$OUTPUT")"
  deterministic_tar "$layout" "$work/image.tar"
  mv "$work/image.tar" "$OUTPUT"
  printf '%s\n' "sha256:$manifest_digest" >"$OUTPUT.digest"
  log "built $IMAGE_NAME (manifest sha256:$manifest_digest) into $OUTPUT"
}

main "$@"
