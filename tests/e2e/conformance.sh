#!/usr/bin/env bash
# Runs the Go plugin (containerd/nri's plugins/hook-injector, built from Debian's source by
# bench/go-plugin/build.sh) and hook-injector on the same hook files and the same containers, for
# the end-to-end conformance test (GoPluginConformanceTests).
#
#   tests/e2e/conformance.sh ROOT HOOK_INJECTOR
#
# Every ROOT/tree-* directory holds usr-share/ and etc/ (the two hooks.d directories), cases.jsonl
# (one CreateContainerRequest per line, protobuf JSON) and ours.yaml (our drop-in configuration).
# For each, in a private mount namespace where copies of those two directories are bind-mounted over
# /usr/share/containers/oci/hooks.d and /etc/containers/oci/hooks.d (the Go plugin reads no other),
# both plugins are started as a runtime starts them, each on a fresh copy, and sent every case (a
# case may also change the files while the plugin runs); what each answered goes
# to go.jsonl and ours.jsonl beside them (bench/serving's `replies` command). The namespace is
# scratch-namespace.sh's: the machine's directories are never written.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="${1:?usage: conformance.sh ROOT HOOK_INJECTOR}"
ours="${2:?usage: conformance.sh ROOT HOOK_INJECTOR}"
require_root
require_command unshare "util-linux's unshare gives the plugins a private mount namespace (scratch-namespace.sh)"
[[ -x "$ours" ]] || die "$ours is not the hook-injector executable"

go_plugin="$("$REPO_ROOT/bench/go-plugin/build.sh" | tail -n1)" || die "bench/go-plugin/build.sh failed"
[[ -x "$go_plugin" ]] || die "bench/go-plugin/build.sh did not build $go_plugin"
dotnet build "$REPO_ROOT/bench/serving/HookInjector.ServingBench.csproj" -c Release -nologo -v q >&2 \
  || die "dotnet build of bench/serving failed"
runner="$REPO_ROOT/bench/serving/bin/Release/net10.0/HookInjector.ServingBench.dll"

for tree in "$root"/tree-*/; do
  tree="${tree%/}"
  "$E2E_DIR/scratch-namespace.sh" "$tree/namespace" bash -euo pipefail -c '
    tree="$1" runner="$2" go_plugin="$3" ours="$4"
    # Each plugin starts on the tree as drawn: the cases may change the files while it runs.
    for dir in usr-share etc; do
      mkdir -p "$tree/namespace/live/$dir"
    done
    mount --bind "$tree/namespace/live/usr-share" /usr/share/containers/oci/hooks.d
    mount --bind "$tree/namespace/live/etc" /etc/containers/oci/hooks.d
    fresh() {
      for dir in usr-share etc; do
        find "$tree/namespace/live/$dir" -mindepth 1 -delete
        cp -a "$tree/$dir/." "$tree/namespace/live/$dir/"
      done
    }
    fresh
    dotnet exec "$runner" replies "$go_plugin" "$tree/cases.jsonl" >"$tree/go.jsonl"
    fresh
    dotnet exec "$runner" replies "$ours" "$tree/cases.jsonl" "$tree/ours.yaml" >"$tree/ours.jsonl"
  ' conformance-namespace "$tree" "$runner" "$go_plugin" "$ours" \
    || die "the plugins could not be run on $tree"
done
log "ran the Go plugin ($go_plugin) and $ours on $(find "$root" -maxdepth 1 -name 'tree-*' | wc -l) hook trees"
