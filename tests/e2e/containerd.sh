#!/usr/bin/env bash
# Runs a private containerd with CRI and NRI enabled, isolated in WORKDIR.
#
#   containerd.sh start   VERSION WORKDIR   config, start, wait until ready, import the test image
#   containerd.sh restart VERSION WORKDIR   stop only the daemon (shims and containers live on), start again
#   containerd.sh import  VERSION WORKDIR ARCHIVE NAME   import an OCI archive holding image NAME (as the kubelet will see it)
#   containerd.sh stop    [VERSION] WORKDIR  stop the daemon, containers, shims and plugins; unmount everything
#   containerd.sh purge   [VERSION] WORKDIR  stop, then delete WORKDIR
#
# VERSION is 1.7 or 2. Layout of WORKDIR: containerd.sock (CRI/gRPC), nri/nri.sock,
# nri/plugins, nri/conf.d, containerd.log, config.toml, snapshotter, version.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${HOOK_INJECTOR_E2E_START_TIMEOUT:-60}"
STOP_TIMEOUT="${HOOK_INJECTOR_E2E_STOP_TIMEOUT:-15}"
IMPORT_TIMEOUT="${HOOK_INJECTOR_E2E_IMPORT_TIMEOUT:-120}"

usage() {
  die "usage: containerd.sh start|restart VERSION WORKDIR | import VERSION WORKDIR ARCHIVE NAME | stop|purge [VERSION] WORKDIR"
}

# overlayfs cannot stack on some filesystems (e.g. another overlay); probe where the snapshots will live.
choose_snapshotter() {
  local probe="$1/overlay-probe"
  mkdir -p "$probe"/{lower,upper,work,merged}
  local snapshotter=native
  if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"
    snapshotter=overlayfs
  fi
  rm -rf "$probe"
  printf '%s\n' "$snapshotter"
}

write_nri_section() {
  local workdir="$1"
  cat <<TOML

[plugins."io.containerd.nri.v1.nri"]
  disable = false
  disable_connections = false
  socket_path = "$workdir/nri/nri.sock"
  plugin_path = "$workdir/nri/plugins"
  plugin_config_path = "$workdir/nri/conf.d"
  plugin_registration_timeout = "5s"
  plugin_request_timeout = "2s"
TOML
}

write_common_head() {
  local version="$1" workdir="$2"
  cat <<TOML
version = $version
root = "$workdir/root"
state = "$workdir/state"

[grpc]
  address = "$workdir/containerd.sock"

[ttrpc]
  address = "$workdir/containerd.sock.ttrpc"

[debug]
  level = "info"

[plugins."io.containerd.internal.v1.opt"]
  path = "$workdir/opt"
TOML
}

# containerd 1.7 reads config schema version 2: all CRI settings live in one plugin section.
write_config_17() {
  local workdir="$1" snapshotter="$2"
  write_common_head 2 "$workdir"
  cat <<TOML

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$IMAGE_NAME"
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_cdi = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "$snapshotter"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        Root = "$workdir/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$workdir/cni/bin"
    conf_dir = "$workdir/cni/conf.d"
TOML
  write_nri_section "$workdir"
}

# containerd 2.x reads config schema version 3: CRI split into runtime and images plugins,
# the sandbox image is a pinned image, and CDI is on unless turned off.
write_config_2() {
  local workdir="$1" snapshotter="$2"
  write_common_head 3 "$workdir"
  cat <<TOML

[plugins."io.containerd.image-verifier.v1.bindir"]
  bin_dir = "$workdir/opt/image-verifier/bin"

[plugins."io.containerd.cri.v1.images"]
  snapshotter = "$snapshotter"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "$IMAGE_NAME"

[plugins."io.containerd.cri.v1.runtime"]
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_cdi = false
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        Root = "$workdir/runc"
        SystemdCgroup = false
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["$workdir/cni/bin"]
    conf_dir = "$workdir/cni/conf.d"
TOML
  write_nri_section "$workdir"
}

daemon_pid() {
  local pidfile="$1/containerd.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  # A recycled pid must not be mistaken for our daemon.
  [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */usr/bin/containerd ]] || return 1
  printf '%s\n' "$pid"
}

ctr_cmd() {
  local tree="$1" workdir="$2"
  shift 2
  timeout "$IMPORT_TIMEOUT" "$tree/usr/bin/ctr" --address "$workdir/containerd.sock" "$@"
}

cri_ready() {
  local tree="$1" workdir="$2"
  [[ -S "$workdir/nri/nri.sock" ]] || return 1
  "$tree/usr/bin/ctr" --address "$workdir/containerd.sock" --timeout 2s version >/dev/null 2>&1
}

start_daemon() {
  local version="$1" workdir="$2" tree="$3"
  if daemon_pid "$workdir" >/dev/null; then
    die "containerd already running for $workdir (pid $(daemon_pid "$workdir")); stop it first"
  fi
  local snapshotter
  snapshotter="$(cat "$workdir/snapshotter")"
  rm -f "$workdir/containerd.sock" "$workdir/containerd.sock.ttrpc" "$workdir/nri/nri.sock"
  local log="$workdir/containerd.log"
  printf '=== %s starting containerd %s\n' "$(date -u +%FT%T.%NZ)" "$(cat "$tree/.version")" >>"$log"
  # The shim is looked up on PATH, so this containerd's own bin/ must come first.
  PATH="$tree/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin" setsid "$tree/usr/bin/containerd" \
    --config "$workdir/config.toml" </dev/null >>"$log" 2>&1 &
  printf '%s\n' "$!" >"$workdir/containerd.pid"
  if ! wait_until "$START_TIMEOUT" cri_ready "$tree" "$workdir"; then
    local reason
    reason="$(grep -E 'level=(fatal|error)' "$log" | tail -n1 || true)"
    die "containerd $version did not become ready within ${START_TIMEOUT}s (see $log): ${reason:-no error logged}"
  fi
  daemon_pid "$workdir" >/dev/null || die "containerd $version exited during start-up (see $log)"
}

# Imports ARCHIVE into the CRI namespace (k8s.io) and checks that containerd lists NAME.
import_image() {
  local workdir="$1" tree="$2" archive="$3" name="$4" snapshotter
  snapshotter="$(cat "$workdir/snapshotter")"
  ctr_cmd "$tree" "$workdir" -n k8s.io images import --snapshotter "$snapshotter" "$archive" >>"$workdir/import.log" 2>&1 \
    || die "ctr images import of $archive failed (see $workdir/import.log)"
  local images
  images="$(ctr_cmd "$tree" "$workdir" -n k8s.io images ls -q)"
  grep -qx "$name" <<<"$images" \
    || die "$name not listed by containerd after importing $archive"
}

cmd_start() {
  local version="$1" workdir="$2" tree
  require_root
  require_cgroups
  tree="$(containerd_tree "$version")"
  [[ -x "$tree/usr/bin/containerd" ]] || die "containerd $version not unpacked in $tree: run tests/e2e/setup.sh first"
  [[ -x /usr/sbin/runc ]] || die "/usr/sbin/runc missing: run tests/e2e/setup.sh first (installs Debian's runc)"
  # Unix socket paths are limited to 108 bytes; keep room for nri/nri.sock and shim names.
  ((${#workdir} <= 80)) || die "WORKDIR path too long (${#workdir} > 80 characters) for unix sockets: $workdir"
  mkdir -p "$workdir"/{root,state,runc,opt,nri/plugins,nri/conf.d,cni/bin,cni/conf.d}
  [[ -f "$workdir/snapshotter" ]] || choose_snapshotter "$workdir" >"$workdir/snapshotter"
  case "$version" in
    1.7*) write_config_17 "$workdir" "$(cat "$workdir/snapshotter")" >"$workdir/config.toml" ;;
    *) write_config_2 "$workdir" "$(cat "$workdir/snapshotter")" >"$workdir/config.toml" ;;
  esac
  cat "$tree/.version" >"$workdir/version"
  start_daemon "$version" "$workdir" "$tree"
  if [[ ! -f "$IMAGE_ARCHIVE" ]]; then
    "$E2E_DIR/build-image.sh" >/dev/null
  fi
  import_image "$workdir" "$tree" "$IMAGE_ARCHIVE" "$IMAGE_NAME"
  log "containerd $(cat "$tree/.version") ready: CRI $workdir/containerd.sock, NRI $workdir/nri/nri.sock, snapshotter $(cat "$workdir/snapshotter")"
}

# SIGTERM, a bounded wait, then SIGKILL.
terminate() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while [[ -d "/proc/$pid" ]] && ((SECONDS < deadline)); do
    # A zombie has no exe link; it is gone as far as we are concerned.
    [[ -e "/proc/$pid/exe" ]] || break
    sleep 0.1
  done
  if [[ -e "/proc/$pid/exe" ]]; then
    kill -KILL "$pid" 2>/dev/null || true
    local killed_by=$((SECONDS + 5))
    while [[ -e "/proc/$pid/exe" ]] && ((SECONDS < killed_by)); do
      sleep 0.1
    done
  fi
}

stop_daemon() {
  local workdir="$1" pid
  if pid="$(daemon_pid "$workdir")"; then
    terminate "$pid"
  fi
  rm -f "$workdir/containerd.pid"
}

# Processes that belong to this instance: shims serving its socket and anything
# executed from inside WORKDIR (pre-installed NRI plugins).
instance_processes() {
  local workdir="$1"
  {
    # find fails on processes that vanish while it walks /proc; that must not hide the shims.
    find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$workdir/*" 2>/dev/null | cut -d/ -f3 || true
    ps -eo pid=,args= | awk -v address="-address $workdir/containerd.sock" \
      '$2 ~ /containerd-shim-runc-v2$/ && (index($0, address " ") || substr($0, length($0) - length(address) + 1) == address) { print $1 }'
  } | sort -u
}

remove_containers() {
  local workdir="$1" root id
  [[ -d "$workdir/runc" ]] || return 0
  for root in "$workdir"/runc/*/; do
    [[ -d "$root" ]] || continue
    while read -r id; do
      [[ -n "$id" ]] || continue
      timeout 10 /usr/sbin/runc --root "$root" delete --force "$id" >/dev/null 2>&1 || true
    done < <(timeout 10 /usr/sbin/runc --root "$root" list -q 2>/dev/null || true)
  done
}

unmount_all() {
  local workdir="$1" target
  # Deepest mounts first.
  while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done < <(awk -v prefix="$workdir/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
}

cmd_stop() {
  local workdir="$1" pid
  require_root
  [[ -d "$workdir" ]] || return 0
  stop_daemon "$workdir"
  remove_containers "$workdir"
  while read -r pid; do
    terminate "$pid"
  done < <(instance_processes "$workdir")
  unmount_all "$workdir"
  local left
  left="$(instance_processes "$workdir" | tr '\n' ' ')"
  [[ -z "$left" ]] || die "processes of $workdir still running after stop: $left"
  if awk -v prefix="$workdir/" 'index($5, prefix) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    die "mounts under $workdir remain after stop"
  fi
}

cmd_import() {
  local version="$1" workdir="$2" archive="$3" name="$4" tree
  require_root
  tree="$(containerd_tree "$version")"
  daemon_pid "$workdir" >/dev/null || die "containerd is not running for $workdir: start it first"
  [[ -f "$archive" ]] || die "image archive $archive does not exist"
  import_image "$workdir" "$tree" "$archive" "$name"
  log "imported $name from $archive"
}

cmd_restart() {
  local version="$1" workdir="$2" tree
  require_root
  tree="$(containerd_tree "$version")"
  stop_daemon "$workdir"
  start_daemon "$version" "$workdir" "$tree"
  log "containerd $(cat "$tree/.version") restarted"
}

main() {
  (($# >= 2)) || usage
  local command="$1"
  shift
  case "$command" in
    start) (($# == 2)) || usage; cmd_start "$1" "$(realpath -m "$2")" ;;
    restart) (($# == 2)) || usage; cmd_restart "$1" "$(realpath -m "$2")" ;;
    import) (($# == 4)) || usage; cmd_import "$1" "$(realpath -m "$2")" "$3" "$4" ;;
    stop) cmd_stop "$(realpath -m "${!#}")" ;;
    purge)
      local workdir
      workdir="$(realpath -m "${!#}")"
      cmd_stop "$workdir"
      [[ "$workdir" != "/" ]] && rm -rf "$workdir"
      ;;
    *) usage ;;
  esac
}

main "$@"
