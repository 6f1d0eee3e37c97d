# shellcheck shell=bash
# Shared helpers for the end-to-end scripts. Sourced, never executed.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/../.." && pwd)"
E2E_CACHE="${HOOK_INJECTOR_E2E_CACHE:-/var/cache/hook-injector-e2e}"
IMAGE_NAME="localhost/hook-injector-e2e/busybox:latest"
IMAGE_ARCHIVE="$E2E_CACHE/image/busybox-oci.tar"
KUBECTL="$E2E_CACHE/kubectl/usr/bin/kubectl"
export E2E_DIR REPO_ROOT E2E_CACHE IMAGE_NAME IMAGE_ARCHIVE KUBECTL

# One line on stderr naming what is missing and why, then a non-zero exit:
# CI must fail loudly, never skip silently.
die() {
  printf 'hook-injector-e2e: ERROR: %s\n' "$*" >&2
  exit 1
}

log() {
  printf 'hook-injector-e2e: %s\n' "$*" >&2
}

require_root() {
  [[ "$(id -u)" -eq 0 ]] || die "must run as root (containerd, runc and mounts need it); rerun with sudo"
}

require_command() {
  local cmd="$1" why="$2"
  command -v "$cmd" >/dev/null 2>&1 || die "command '$cmd' not found: $why"
}

# runc needs a mounted cgroup hierarchy: the unified v2 tree or the v1 controllers.
require_cgroups() {
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    return 0
  fi
  if [[ -d /sys/fs/cgroup/memory && -d /sys/fs/cgroup/pids ]]; then
    return 0
  fi
  die "no cgroup hierarchy mounted at /sys/fs/cgroup (neither cgroup v2 nor v1 memory/pids controllers): runc cannot create containers"
}

# Maps a version argument ("1.7", "2", "2.1") to its unpacked containerd tree.
containerd_tree() {
  case "$1" in
    1.7|1.7.*) printf '%s\n' "$E2E_CACHE/containerd-1.7" ;;
    2|2.*) printf '%s\n' "$E2E_CACHE/containerd-2" ;;
    *) die "unknown containerd version '$1': use 1.7 or 2" ;;
  esac
}

# Waits up to $1 seconds for "$2..." to succeed, polling every 0.1 s.
wait_until() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# Prints the path of a hook-injector build to test: the executable $VARIABLE names when set (not
# under CI=true), else the one samples/deploy/publish.sh publishes with ARGS (it names the executable
# on its last line).
#   published_plugin VARIABLE WHAT [publish.sh ARGS...]
published_plugin() {
  local variable="$1" what="$2" output
  shift 2
  # CI tests what this commit builds, never a binary someone left in the environment.
  if [[ "${CI:-}" == true && -n "${!variable:-}" ]]; then
    log "CI=true: ignoring $variable=${!variable}; publishing from source"
    unset "$variable"
  fi
  if [[ -n "${!variable:-}" ]]; then
    [[ -x "${!variable}" ]] || die "$variable=${!variable} is not an executable file"
    printf '%s\n' "${!variable}"
    return 0
  fi
  require_command dotnet "the .NET SDK builds hook-injector and the end-to-end tests"
  log "publishing $what"
  output="$(timeout 900 "$REPO_ROOT/samples/deploy/publish.sh" "$@" 2>&1)" \
    || { printf '%s\n' "$output" >&2; die "samples/deploy/publish.sh $* failed or took over 15 minutes"; }
  tail -n1 <<<"$output"
}

# The daemon (Native AOT, one file: pre-installed plugins get no PATH or DOTNET_ROOT, and the tests
# copy it around) with its worker beside it, unless HOOK_INJECTOR_BIN names a daemon to test instead.
publish_plugin() {
  published_plugin HOOK_INJECTOR_BIN "hook-injector (daemon and worker) into artifacts/publish" \
    --output "$REPO_ROOT/artifacts/publish"
}
