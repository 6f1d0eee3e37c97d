#!/usr/bin/env bash
# Builds a deterministic one-layer OCI image archive from busybox-static, by hand:
# no registry, no network, only tar, sha256sum and hand-written JSON (samples/deploy/oci-image.sh,
# which also builds the hook-injector image).
# Usage: build-image.sh [OUTPUT_TAR]   (default: $E2E_CACHE/image/busybox-oci.tar)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=../../samples/deploy/oci-image.sh
source "$REPO_ROOT/samples/deploy/oci-image.sh"

OUTPUT="${1:-$IMAGE_ARCHIVE}"
BUSYBOX=/bin/busybox

[[ -x "$BUSYBOX" ]] || die "$BUSYBOX missing: install busybox-static (tests/e2e/setup.sh does)"
"$BUSYBOX" true 2>/dev/null || die "$BUSYBOX does not run"
ldd "$BUSYBOX" >/dev/null 2>&1 && die "$BUSYBOX is dynamically linked: the image needs busybox-static"

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
}

main() {
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  build_rootfs "$WORK/rootfs"
  local busybox_version digest
  busybox_version="$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo unknown)"
  digest="$(oci_write_archive "$WORK/rootfs" "$OUTPUT" "${IMAGE_NAME%:*}" "${IMAGE_NAME##*:}" \
    "{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\
\"Cmd\":[\"sleep\",\"infinity\"],\"WorkingDir\":\"/\",\"Labels\":{\"org.opencontainers.image.description\":\"busybox-static $busybox_version for hook-injector end-to-end tests\"}}" \
    tests/e2e/build-image.sh)" || die "writing the image archive $OUTPUT failed"
  log "built $IMAGE_NAME (manifest $digest) into $OUTPUT"
}

main "$@"
