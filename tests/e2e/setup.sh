#!/usr/bin/env bash
# Makes containerd 1.7 and 2.x (and kubectl, to render the DaemonSet) available without installing them, plus runc and
# busybox-static from this machine's own Debian release. Idempotent.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

APT_TIMEOUT="${HOOK_INJECTOR_E2E_APT_TIMEOUT:-900}"
APT_OPTS=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3 -o DPkg::Lock::Timeout=120)
# Left in the machine's apt configuration by earlier versions of this script, which added the
# newer suites there; a machine whose own sources list trixie or sid with other options then
# failed every apt-get update. Only these two files were ever written.
LEGACY_SOURCES_FILE=/etc/apt/sources.list.d/hook-injector-e2e.sources
LEGACY_PIN_FILE=/etc/apt/preferences.d/hook-injector-e2e

check_platform() {
  require_root
  [[ "$(uname -m)" == "x86_64" ]] || die "only x86_64 is supported (the containerd packages are fetched for amd64)"
  [[ -r /etc/debian_version ]] || die "not a Debian system: the packages come from Debian's archive"
  require_command apt-get "Debian's package manager is needed to fetch containerd, runc and busybox-static"
  require_command dpkg "dpkg -x unpacks the containerd packages"
  require_cgroups
}

remove_legacy_apt_files() {
  local file
  for file in "$LEGACY_SOURCES_FILE" "$LEGACY_PIN_FILE"; do
    if [[ -e "$file" ]]; then
      log "removing $file (written by an earlier setup.sh; the newer suites now use a private apt state)"
      rm -f "$file"
    fi
  done
}

install_host_packages() {
  # dpkg-dev: dpkg-source unpacks the Go plugin's source for the conformance test (bench/go-plugin/build.sh).
  local wanted=(runc busybox-static util-linux mount tar coreutils dpkg-dev)
  local missing=()
  local pkg
  for pkg in "${wanted[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    # The machine's own apt, its own release and sources. A fresh machine or image has no lists yet.
    if [[ -z "$(apt-cache policy "${missing[@]}" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]]; then
      log "apt-get update (this machine's own sources, to find ${missing[*]})"
      timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" update -qq \
        || die "apt-get update of this machine's own sources failed or timed out after ${APT_TIMEOUT}s"
    fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" install -y -qq \
      "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed: runc and busybox-static come from this machine's Debian release"
  fi
  [[ -x /usr/sbin/runc ]] || die "/usr/sbin/runc missing after installing runc"
  [[ -x /bin/busybox ]] || die "/bin/busybox missing after installing busybox-static"
  /usr/sbin/runc --version >/dev/null 2>&1 || die "/usr/sbin/runc does not run on this machine"
}

# Downloads containerd from one suite and unpacks it into its own private tree.
fetch_containerd() {
  local suite="$1" tree="$2" expect_major="$3"
  if [[ -x "$tree/usr/bin/containerd" && -f "$tree/.version" ]]; then
    return 0
  fi
  local debs="$E2E_CACHE/debs/$suite"
  rm -rf "$debs" "$tree"
  apt_private_download "$debs" "containerd/$suite"
  local deb
  deb="$(find "$debs" -name 'containerd_*.deb' -print -quit)"
  [[ -n "$deb" ]] || die "no containerd .deb was downloaded from $suite"
  local version
  version="$(dpkg-deb -f "$deb" Version)"
  [[ "$version" == "$expect_major"* ]] || die "containerd from $suite is $version, expected $expect_major.x"
  mkdir -p "$tree"
  dpkg -x "$deb" "$tree"
  for bin in containerd ctr containerd-shim-runc-v2; do
    [[ -x "$tree/usr/bin/$bin" ]] || die "$bin missing from containerd $version ($deb)"
  done
  "$tree/usr/bin/containerd" --version >/dev/null 2>&1 \
    || die "containerd $version from $suite does not run here (glibc $(getconf GNU_LIBC_VERSION) too old?)"
  printf '%s\n' "$version" >"$tree/.version"
}

# kubectl renders the DaemonSet's kustomize base for its end-to-end test (kubectl kustomize); it is
# unpacked like containerd, never installed, and needs no cluster for that.
fetch_kubectl() {
  local suite="$1" tree="$2"
  if [[ -x "$tree/usr/bin/kubectl" && -f "$tree/.version" ]]; then
    return 0
  fi
  local debs="$E2E_CACHE/debs/kubectl-$suite"
  rm -rf "$debs" "$tree"
  apt_private_download "$debs" "kubectl/$suite"
  local deb
  deb="$(find "$debs" -name 'kubectl_*.deb' -print -quit)"
  [[ -n "$deb" ]] || die "no kubectl .deb was downloaded from $suite"
  mkdir -p "$tree"
  dpkg -x "$deb" "$tree"
  "$tree/usr/bin/kubectl" version --client >/dev/null 2>&1 \
    || die "kubectl $(dpkg-deb -f "$deb" Version) from $suite does not run here"
  dpkg-deb -f "$deb" Version >"$tree/.version"
}

record_versions() {
  local file="$E2E_CACHE/versions.txt"
  {
    printf 'containerd-1.7=%s\n' "$(cat "$E2E_CACHE/containerd-1.7/.version")"
    printf 'containerd-2=%s\n' "$(cat "$E2E_CACHE/containerd-2/.version")"
    printf 'kubectl=%s\n' "$(cat "$E2E_CACHE/kubectl/.version")"
    printf 'runc=%s\n' "$(dpkg-query -W -f='${Version}' runc)"
    printf 'busybox-static=%s\n' "$(dpkg-query -W -f='${Version}' busybox-static)"
    printf 'kernel=%s\n' "$(uname -r)"
    printf 'debian=%s\n' "$(cat /etc/debian_version)"
  } >"$file"
  cat "$file"
}

main() {
  check_platform
  mkdir -p "$E2E_CACHE"
  remove_legacy_apt_files
  apt_private_setup "$E2E_CACHE/apt" trixie sid
  install_host_packages
  fetch_containerd trixie "$E2E_CACHE/containerd-1.7" 1.7
  fetch_containerd sid "$E2E_CACHE/containerd-2" 2
  fetch_kubectl trixie "$E2E_CACHE/kubectl"
  record_versions
}

main "$@"
