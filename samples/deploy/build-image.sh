#!/usr/bin/env bash
# Builds the hook-injector container image as an OCI archive, without any registry or container
# engine: the published daemon and worker (publish.sh) on a base made from this machine's own
# packages, namely the shared libraries the two programs load, copied from the machine with their
# packages' copyright files. Nothing else is in the image: no shell, no package manager.
#
#   samples/deploy/build-image.sh [--published DIR] [--output FILE] [--name NAME]
#
#   --published DIR  what publish.sh produced (default: run publish.sh into
#                    artifacts/hook-injector/RID/ unless that already holds a build)
#   --output FILE    the archive (default: artifacts/image/hook-injector-VERSION-ARCH.oci.tar)
#   --name NAME      the image name (default: localhost/hook-injector); the tag is always the
#                    version the daemon reports (hook-injector --version), as the manifests pin it
#
# Load it where the pods run:
#   ctr -n k8s.io images import FILE              (containerd; what the kubelet sees)
#   podman load -i FILE | docker load -i FILE
# The last line printed is NAME:VERSION.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/../.." && pwd)"
# shellcheck source=oci-image.sh
source "$DEPLOY_DIR/oci-image.sh"

die() {
  printf 'build-image.sh: %s\n' "$*" >&2
  exit 1
}

published=""
output=""
name="localhost/hook-injector"
while (($#)); do
  case "$1" in
    --published) published="${2:?--published needs a directory}"; shift 2 ;;
    --output | -o) output="${2:?--output needs a file}"; shift 2 ;;
    --name) name="${2:?--name needs an image name}"; shift 2 ;;
    -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

# Where the programs live in the image; the daemon finds its worker beside itself.
readonly PREFIX=/opt/hook-injector
# Loaded with dlopen, so ldd cannot see them: .NET's cryptography (the script cache's SHA-256) loads
# OpenSSL by name. ICU is not needed: both programs use invariant globalization.
readonly DLOPENED=(libssl.so.3 libcrypto.so.3)

publish_if_needed() {
  if [[ -z "$published" ]]; then
    local rid
    case "$(uname -m)" in
      x86_64 | amd64) rid=linux-x64 ;;
      aarch64 | arm64) rid=linux-arm64 ;;
      *) die "unsupported architecture $(uname -m)" ;;
    esac
    published="$REPO_ROOT/artifacts/hook-injector/$rid"
    if [[ ! -x "$published/hook-injector" || ! -x "$published/worker/hook-injector" ]]; then
      "$DEPLOY_DIR/publish.sh" --output "$published" >/dev/null
    fi
  fi
  [[ -x "$published/hook-injector" ]] || die "$published/hook-injector missing: run samples/deploy/publish.sh --output $published"
  [[ -x "$published/worker/hook-injector" ]] || die "$published/worker/hook-injector missing: publish.sh lays the worker out beside the daemon"
  published="$(cd "$published" && pwd)"
}

# The version the daemon reports, without the commit (1.0.0+abc... -> 1.0.0).
daemon_version() {
  local reported
  reported="$("$published/hook-injector" --version)" || die "$published/hook-injector --version failed"
  reported="${reported%%+*}"
  [[ "$reported" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?$ ]] \
    || die "$published/hook-injector --version printed '$reported', not a version"
  printf '%s\n' "$reported"
}

# Every shared library the ELF files of the published tree need, by resolved path, one a line.
needed_libraries() {
  local file
  find "$published" -type f \( -name '*.so' -o -perm -u+x \) -print0 | while IFS= read -r -d '' file; do
    [[ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" == '177ELF' ]] || continue
    ldd "$file" 2>/dev/null | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]+ \(0x/ { print $1 }'
  done
  local lib path
  for lib in "${DLOPENED[@]}"; do
    path="$(ldconfig -p | awk -v lib="$lib" '$1 == lib && /x86-64|AArch64|aarch64/ { print $NF; exit }')"
    [[ -n "$path" ]] || die "$lib not found on this machine (ldconfig -p): the image's cryptography needs it; install OpenSSL 3's library (libssl3)"
    printf '%s\n' "$path"
    ldd "$path" | awk '/=> \// { print $3 }'
  done
}

# Copies a library into the root file system at its resolved path, and links the path it was found
# under (for example /lib64/ld-linux-x86-64.so.2, the interpreter named in every executable) to it.
copy_library() {
  local rootfs="$1" path="$2" real
  real="$(readlink -f "$path")"
  [[ -f "$real" ]] || die "$path (needed by the published programs) is not a file on this machine"
  mkdir -p "$rootfs$(dirname "$real")"
  [[ -e "$rootfs$real" ]] || install -m 0755 "$real" "$rootfs$real"
  # The soname the programs ask for (libc.so.6), beside the versioned file it may point to.
  local soname_path
  soname_path="$(dirname "$real")/$(basename "$path")"
  [[ "$soname_path" == "$real" || -e "$rootfs$soname_path" ]] || ln -s "$(basename "$real")" "$rootfs$soname_path"
  if [[ "$(dirname "$path")" != "$(dirname "$real")" && ! -e "$rootfs$path" && ! -L "$rootfs$path" ]]; then
    mkdir -p "$rootfs$(dirname "$path")"
    ln -s "$real" "$rootfs$path"
  fi
  printf '%s\n' "$real"
}

# The Debian package that installed a file, for the image's record and its copyright files.
owning_package() {
  local path="$1" package
  # usrmerge: dpkg may know the file under /lib rather than /usr/lib.
  package="$(dpkg -S "$path" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null || true)"
  package="${package%%:*}"
  printf '%s\n' "$package"
}

build_rootfs() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{etc,proc,sys,dev,tmp,var/run,usr/share/doc} "$rootfs$PREFIX"
  chmod 1777 "$rootfs/tmp"
  cp -a "$published/." "$rootfs$PREFIX/"
  # Merged /usr, as on the machine, so library paths in either spelling resolve.
  local dir
  for dir in lib lib64; do
    if [[ -L "/$dir" ]]; then
      mkdir -p "$rootfs/usr/$dir"
      ln -s "usr/$dir" "$rootfs/$dir"
    fi
  done
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"

  local path real package packages=()
  needed_libraries >"$WORK/libraries"
  while read -r path; do
    real="$(copy_library "$rootfs" "$path")"
    package="$(owning_package "$real")"
    [[ -n "$package" ]] && packages+=("$package")
  done < <(LC_ALL=C sort -u "$WORK/libraries")
  PACKAGES="$(printf '%s\n' "${packages[@]}" | LC_ALL=C sort -u | while read -r package; do
    [[ -n "$package" ]] || continue
    if [[ -f "/usr/share/doc/$package/copyright" ]]; then
      mkdir -p "$rootfs/usr/share/doc/$package"
      install -m 0644 "/usr/share/doc/$package/copyright" "$rootfs/usr/share/doc/$package/copyright"
    fi
    printf '%s=%s ' "$package" "$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || echo unknown)"
  done)"
  PACKAGES="${PACKAGES% }"
}

# Runs both programs inside the root file system, when this runs as root: a missing library fails
# here rather than in a pod.
smoke_test() {
  local rootfs="$1" version="$2" program reported chroot unshare
  chroot="$(command -v chroot || true)"
  unshare="$(command -v unshare || true)"
  if [[ "$(id -u)" -ne 0 || -z "$chroot" || -z "$unshare" ]]; then
    printf 'build-image.sh: not root (or no chroot and unshare): the image'"'"'s programs were not tried in its root file system\n' >&2
    return 0
  fi
  for program in "$PREFIX/hook-injector" "$PREFIX/worker/hook-injector"; do
    # As in a container: a /proc of its own (the .NET runtime reads it to start), in a mount
    # namespace that ends with the command, and nothing from this machine's environment.
    reported="$(env -i DOTNET_EnableDiagnostics=0 "$unshare" --mount --pid --fork --mount-proc="$rootfs/proc" \
      "$chroot" "$rootfs" "$program" --version 2>&1)" \
      || die "$program does not run in the image: $reported"
    [[ "${reported%%+*}" == "$version" ]] || die "$program in the image reports '$reported', expected $version"
  done
}

main() {
  publish_if_needed
  local version arch
  version="$(daemon_version)"
  arch="$(oci_architecture)"
  output="${output:-$REPO_ROOT/artifacts/image/hook-injector-$version-$arch.oci.tar}"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  build_rootfs "$WORK/rootfs"
  smoke_test "$WORK/rootfs" "$version"
  local revision
  revision="$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  local config="{\"Entrypoint\":[\"$PREFIX/hook-injector\"],\"WorkingDir\":\"/\",\
\"Env\":[\"DOTNET_EnableDiagnostics=0\"],\
\"Labels\":{\"org.opencontainers.image.title\":\"hook-injector\",\
\"org.opencontainers.image.version\":\"$version\",\
\"org.opencontainers.image.revision\":\"$revision\",\
\"org.opencontainers.image.licenses\":\"Apache-2.0\",\
\"org.opencontainers.image.description\":\"hook-injector $version (Native AOT daemon and its worker) on libraries from the build machine's packages: $PACKAGES\"}}"
  local digest
  digest="$(oci_write_archive "$WORK/rootfs" "$output" "$name" "$version" "$config" samples/deploy/build-image.sh)" \
    || die "writing the image archive $output failed"
  printf 'build-image.sh: %s:%s (manifest %s, %s bytes, libraries from %s) in %s\n' \
    "$name" "$version" "$digest" "$(stat -c %s "$output")" "$PACKAGES" "$output" >&2
  printf '%s\n' "$name:$version"
}

main "$@"
