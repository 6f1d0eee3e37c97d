#!/usr/bin/env bash
# Makes containerd 1.7 and 2.x available without installing them, plus runc and
# busybox-static from this machine's own Debian release. Idempotent.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_TIMEOUT="${HOOK_INJECTOR_E2E_APT_TIMEOUT:-900}"
APT_OPTS=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3 -o DPkg::Lock::Timeout=120)
SOURCES_FILE=/etc/apt/sources.list.d/hook-injector-e2e.sources
PIN_FILE=/etc/apt/preferences.d/hook-injector-e2e

check_platform() {
  require_root
  [[ "$(uname -m)" == "x86_64" ]] || die "only x86_64 is supported (the containerd packages are fetched for amd64)"
  [[ -r /etc/debian_version ]] || die "not a Debian system: the packages come from Debian's archive"
  require_command apt-get "Debian's package manager is needed to fetch containerd, runc and busybox-static"
  require_command dpkg "dpkg -x unpacks the containerd packages"
  require_cgroups
}

# Newer suites are known to apt only at priority 1, so nothing else is ever upgraded from them.
add_newer_suites() {
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -r "$keyring" ]] || die "$keyring missing: install debian-archive-keyring to verify trixie and sid"
  local sources pin
  sources="$(cat <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie sid
Components: main
Architectures: amd64
Signed-By: $keyring
SOURCES
)"
  pin="$(cat <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 1

Package: *
Pin: release n=sid
Pin-Priority: 1
PIN
)"
  local changed=0
  if [[ "$(cat "$SOURCES_FILE" 2>/dev/null)" != "$sources" ]]; then
    printf '%s\n' "$sources" >"$SOURCES_FILE"
    changed=1
  fi
  if [[ "$(cat "$PIN_FILE" 2>/dev/null)" != "$pin" ]]; then
    printf '%s\n' "$pin" >"$PIN_FILE"
    changed=1
  fi
  local stamp="$E2E_CACHE/apt-updated"
  if ((changed)) || [[ ! -f "$stamp" ]] || [[ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]]; then
    log "apt-get update (bookworm, trixie and sid at pin priority 1)"
    timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" update -qq \
      || die "apt-get update failed or timed out after ${APT_TIMEOUT}s: the Debian archive must be reachable"
    touch "$stamp"
  fi
}

install_host_packages() {
  local wanted=(runc busybox-static util-linux mount tar coreutils)
  local missing=()
  local pkg
  for pkg in "${wanted[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    # trixie and sid sit at pin priority 1, so the candidates come from this machine's own release.
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
  mkdir -p "$debs"
  # apt drops privileges to _apt for downloads; let it write here.
  if id _apt >/dev/null 2>&1; then chown _apt "$debs"; fi
  log "apt-get download containerd/$suite"
  (cd "$debs" && timeout "$APT_TIMEOUT" apt-get "${APT_OPTS[@]}" download -qq "containerd/$suite") \
    || die "apt-get download containerd/$suite failed: Debian $suite must be reachable and ship containerd"
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

record_versions() {
  local file="$E2E_CACHE/versions.txt"
  {
    printf 'containerd-1.7=%s\n' "$(cat "$E2E_CACHE/containerd-1.7/.version")"
    printf 'containerd-2=%s\n' "$(cat "$E2E_CACHE/containerd-2/.version")"
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
  add_newer_suites
  install_host_packages
  fetch_containerd trixie "$E2E_CACHE/containerd-1.7" 1.7
  fetch_containerd sid "$E2E_CACHE/containerd-2" 2
  record_versions
}

main "$@"
