#!/usr/bin/env bash
# Runs COMMAND in a private mount namespace where /usr/share, /etc and /var are overlays on a tmpfs
# mounted at SCRATCH: whatever COMMAND and the plugins it starts write there (the Go plugin's MkdirAll
# of both hooks.d directories, our plugin's default log under /var/log) vanishes with the namespace,
# and the machine's directories are never written. The Hook Manager's two hooks.d directories exist
# there, for COMMAND to bind-mount hook files over. Used by bench/serving/run.sh and conformance.sh.
#
#   tests/e2e/scratch-namespace.sh SCRATCH COMMAND [ARGS...]     as root
set -euo pipefail

(($# >= 2)) || { echo "usage: scratch-namespace.sh SCRATCH COMMAND [ARGS...]" >&2; exit 2; }
if [[ "${HOOK_INJECTOR_SCRATCH_NAMESPACE:-}" != "$1" ]]; then
  HOOK_INJECTOR_SCRATCH_NAMESPACE="$1" exec unshare --mount --propagation private -- "$0" "$@"
fi
unset HOOK_INJECTOR_SCRATCH_NAMESPACE
scratch="$1"
shift
mkdir -p "$scratch"
mount -t tmpfs hook-injector-scratch "$scratch"
for dir in /usr/share /etc /var; do
  layer="$scratch/${dir//\//_}"
  mkdir -p "$layer/upper" "$layer/work"
  mount -t overlay hook-injector-scratch -o "lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir"
done
mkdir -p /usr/share/containers/oci/hooks.d /etc/containers/oci/hooks.d
exec "$@"
