#!/usr/bin/env bash
# Installs hook-injector as a pre-installed NRI plugin: the runtime starts it itself, handing it a
# connected socket, whenever the runtime starts.
#
#   install.sh [--from PUBLISH_DIR] [--index NN] [--plugin-dir DIR] [--config-dir DIR] [--prefix DIR] [--root DIR]
#
# PUBLISH_DIR   output of samples/deploy/publish.sh (default: bin/ of the release archive this script
#               came in, else artifacts/hook-injector/<rid> of the repository)
# --index       two-digit plugin index, the order among plugins (default 10)
# --plugin-dir  the runtime's plugin_path (default /opt/nri/plugins)
# --config-dir  the runtime's plugin_config_path (default /etc/nri/conf.d)
# --prefix      where the published files go (default /usr/local/lib/hook-injector)
# --root        stage everything under DIR (a node image being built) instead of /
# Restart the runtime afterwards: plugins are discovered only when it starts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
from=""
index=10
plugin_dir=/opt/nri/plugins
config_dir=/etc/nri/conf.d
prefix=/usr/local/lib/hook-injector
root=""

while (($#)); do
  case "$1" in
    --from) from="${2:?}"; shift 2 ;;
    --index) index="${2:?}"; shift 2 ;;
    --plugin-dir) plugin_dir="${2:?}"; shift 2 ;;
    --config-dir) config_dir="${2:?}"; shift 2 ;;
    --prefix) prefix="${2:?}"; shift 2 ;;
    --root) root="${2:?}"; shift 2 ;;
    *) printf 'install.sh: unknown argument %s\n' "$1" >&2; exit 2 ;;
  esac
done

# The runtime refuses every plugin when one file name does not start with a two-digit index.
[[ "$index" =~ ^[0-9]{2}$ ]] || { printf 'install.sh: --index must be two digits, not %s\n' "$index" >&2; exit 2; }
if [[ -z "$from" && -x "$repo_root/bin/hook-injector" ]]; then
  # Run from an unpacked release archive (samples/deploy/release.sh): the programs are in bin/.
  from="$repo_root/bin"
elif [[ -z "$from" ]]; then
  case "$(uname -m)" in
    x86_64 | amd64) from="$repo_root/artifacts/hook-injector/linux-x64" ;;
    aarch64 | arm64) from="$repo_root/artifacts/hook-injector/linux-arm64" ;;
    *) printf 'install.sh: unsupported architecture; pass --from\n' >&2; exit 2 ;;
  esac
fi
[[ -x "$from/hook-injector" ]] || { printf 'install.sh: %s/hook-injector not found: run samples/deploy/publish.sh first\n' "$from" >&2; exit 1; }

name="$index-hook-injector"
install -d -m 0755 "$root$prefix" "$root$plugin_dir" "$root$config_dir"
cp -a "$from/." "$root$prefix/"
# A link, not a copy: the daemon finds its worker (worker/hook-injector) next to the link's target.
ln -sfn "$prefix/hook-injector" "$root$plugin_dir/$name"
if [[ ! -e "$root$config_dir/$name.conf" ]]; then
  sed "s|/var/log/nri-10-hook-injector.log|/var/log/nri-$name.log|" "$here/10-hook-injector.conf" >"$root$config_dir/$name.conf"
  chmod 0644 "$root$config_dir/$name.conf"
fi
install -d -m 0755 "$root/etc/hook-injector/rules.d" "$root/etc/hook-injector/extensions"
install -d -m 0700 "$root/var/cache/hook-injector/scripts"
printf 'installed %s -> %s and %s; restart the runtime (systemctl restart containerd) to start it\n' \
  "$root$plugin_dir/$name" "$prefix/hook-injector" "$root$config_dir/$name.conf"
