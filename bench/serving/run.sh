#!/usr/bin/env bash
# The plugins side by side while serving: the Go hook-injector (containerd/nri's plugin, built from
# Debian's sources by bench/go-plugin/build.sh) and ours, each launched as a runtime launches a
# pre-installed plugin by HookInjector.ServingBench, which then sends CreateContainer requests.
# Prints one markdown table from one run; see README.md.
#
#   bench/serving/run.sh [--files 10|1000] [--runs N] [--requests N] [--scripts N]
#
# --files    hook files generated into hooks.d (default 10)
# --runs     fresh starts of each plugin, taking turns (default 3); cells are medians
# --requests CreateContainer calls per run (default 1000)
# --scripts  C# rule scripts generated into our plugin's rules directory (default 0); our daemon
#            then runs its worker, and is also measured without them in the same runs. The Go
#            plugin has no scripts: it serves hooks.d only
#
# As root: the plugins read hooks.d from /usr/share/containers/oci/hooks.d and
# /etc/containers/oci/hooks.d, and the Go plugin creates both. Everything runs in a private
# mount namespace where /usr/share, /etc and /var are overlays on a tmpfs and the generated
# hooks.d is bind-mounted over the first: nothing on the machine is written. Our plugin is
# $HOOK_INJECTOR_BIN if set (with its worker beside it, worker/hook-injector), else what
# samples/deploy/publish.sh publishes to artifacts/hook-injector/RID/, re-used when it is newer
# than the sources; the Go plugin is $HOOK_INJECTOR_GO_BIN if set. Generated files, our plugin's
# rules, script cache and log go to $HOOK_INJECTOR_BENCH_WORKDIR (default /tmp/hi-serving).
set -euo pipefail

SERVING_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVING_DIR/../.." && pwd)"
WORKDIR="${HOOK_INJECTOR_BENCH_WORKDIR:-/tmp/hi-serving}"

die() {
  printf 'serving/run.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

log() {
  printf 'serving/run.sh: %s\n' "$*" >&2
}

files=10
runs=3
requests=1000
scripts=0
while (($#)); do
  case "$1" in
    --files) files="${2:?--files needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --requests) requests="${2:?--requests needs a value}"; shift 2 ;;
    --scripts) scripts="${2:?--scripts needs a value}"; shift 2 ;;
    -h | --help) sed -n '2,23p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
[[ "$files" =~ ^[0-9]+$ ]] || die "--files $files: expected a number of hook files"
[[ "$scripts" =~ ^[0-9]+$ ]] || die "--scripts $scripts: expected a number of rule scripts"

[[ "$(id -u)" -eq 0 ]] || die "must run as root: the plugins run in a private mount namespace with the generated hooks.d mounted where they read it"
for command in unshare mount dotnet; do
  command -v "$command" >/dev/null || die "command '$command' not found"
done

# Our daemon: $HOOK_INJECTOR_BIN, else publish.sh's default output, published again only when a
# source is newer than it (publish.sh takes minutes: Native AOT links the daemon).
our_plugin() {
  if [[ -n "${HOOK_INJECTOR_BIN:-}" ]]; then
    printf '%s\n' "$HOOK_INJECTOR_BIN"
    return 0
  fi
  local rid output newer
  case "$(uname -m)" in
    x86_64 | amd64) rid=linux-x64 ;;
    aarch64 | arm64) rid=linux-arm64 ;;
    *) die "unsupported architecture $(uname -m): set HOOK_INJECTOR_BIN" ;;
  esac
  output="$REPO_ROOT/artifacts/hook-injector/$rid/hook-injector"
  if [[ -x "$output" && -x "$(dirname "$output")/worker/hook-injector" ]]; then
    newer="$(find "$REPO_ROOT/src" "$REPO_ROOT/samples/deploy/publish.sh" "$REPO_ROOT"/Directory.*.props \
      \( -name bin -o -name obj \) -prune -o -type f -newer "$output" -print -quit)"
    if [[ -z "$newer" ]]; then
      log "re-using the publish in $(dirname "$output"): newer than src/, publish.sh and Directory.*.props (delete it to publish again)"
      printf '%s\n' "$output"
      return 0
    fi
    log "$newer is newer than $output: publishing again"
  fi
  log "publishing hook-injector: samples/deploy/publish.sh"
  output="$("$REPO_ROOT/samples/deploy/publish.sh" 2>&1)" || { printf '%s\n' "$output" >&2; die "samples/deploy/publish.sh failed"; }
  tail -n1 <<<"$output"
}

go_plugin="${HOOK_INJECTOR_GO_BIN:-}"
if [[ -z "$go_plugin" ]]; then
  log "building the Go plugin (bench/go-plugin/build.sh)"
  go_plugin="$("$REPO_ROOT/bench/go-plugin/build.sh" | tail -n1)"
fi
ours="$(our_plugin)"
[[ -x "$ours" ]] || die "our plugin $ours is not an executable"
if ((scripts > 0)); then
  [[ -x "$(dirname "$ours")/worker/hook-injector" ]] \
    || die "--scripts $scripts: no worker beside $ours ($(dirname "$ours")/worker/hook-injector), which runs the scripts"
fi

log "building HookInjector.ServingBench"
dotnet build "$SERVING_DIR/HookInjector.ServingBench.csproj" -c Release -nologo -v q >&2 \
  || die "dotnet build of bench/serving failed"
runner="$SERVING_DIR/bin/Release/net10.0/HookInjector.ServingBench.dll"
[[ -f "$runner" ]] || die "no $runner after the build"

# hooks.d in the shapes of the in-process benchmarks' workload (Workload/HooksDirectory.cs): file i
# is `always` when i % 10 = 0, on the command ^/usr/bin/app-i$ when i % 10 = 5, on hasBindMounts
# when i % 25 = 7, else on the annotation ^example\.com/hook-i$ (a third also on the team
# annotation); stages rotate prestart / poststop / createRuntime+poststop. The container matches
# files 1 and 5 and every always and bind-mount file.
rm -rf "$WORKDIR"
mkdir -p "$WORKDIR/hooks.d" "$WORKDIR/bin" "$WORKDIR/namespace" "$WORKDIR/rules.d" "$WORKDIR/script-cache" "$WORKDIR/extensions"
for b in 0 1 2 3; do
  printf '#!/bin/sh\n' >"$WORKDIR/bin/hook-$b"
  chmod +x "$WORKDIR/bin/hook-$b"
done
stage_choices=('["prestart"]' '["poststop"]' '["createRuntime", "poststop"]')
stage_counts=(1 1 2)
expected=0
for ((i = 0; i < files; i++)); do
  if ((i % 10 == 0)); then
    when='{"always": true}'
  elif ((i % 10 == 5)); then
    when="{\"commands\": [\"^/usr/bin/app-$i\$\"]}"
  elif ((i % 25 == 7)); then
    when='{"hasBindMounts": true}'
  elif ((i % 3 == 0)); then
    when="{\"annotations\": {\"^example\\\\.com/hook-$i\$\": \"^(true|enabled)\$\", \"^example\\\\.com/team\$\": \"^(shop|payments)\$\"}}"
  else
    when="{\"annotations\": {\"^example\\\\.com/hook-$i\$\": \"^(true|enabled)\$\"}}"
  fi
  if ((i % 10 == 0 || i % 25 == 7 || i == 1 || i == 5)); then
    expected=$((expected + stage_counts[i % 3]))
  fi
  printf '{"version": "1.0.0", "hook": {"path": "%s", "args": ["hook-%d", "prestart"], "env": ["HOOK_INDEX=%d"], "timeout": 5}, "when": %s, "stages": %s}\n' \
    "$WORKDIR/bin/hook-$((i % 4))" "$i" "$i" "$when" "${stage_choices[i % 3]}" >"$WORKDIR/hooks.d/hook-$(printf '%04d' "$i").json"
done

# Our plugin's drop-in configuration, sent in Configure as a runtime sends a plugin's conf.d file:
# rules, script cache and extensions in the work directory, so nothing of the machine's
# /etc/hook-injector is loaded, and its log where it outlives the namespace. The scripts are the
# in-process benchmarks' (Workload/RuleScripts.cs); each matching one adds a createRuntime hook.
script_hooks="$(dotnet exec "$runner" write-rule-scripts "$WORKDIR/rules.d" "$scripts")" \
  || die "writing $scripts rule scripts into $WORKDIR/rules.d failed"
cat >"$WORKDIR/hook-injector.yaml" <<EOF
rulesDir: $WORKDIR/rules.d
scriptCacheDir: $WORKDIR/script-cache
extensionsDir: $WORKDIR/extensions
logFile: $WORKDIR/hook-injector.log
EOF
plugins=(--plugin "Go plugin (hooks.d only)=$go_plugin" --expect-hooks "$expected")
if ((scripts > 0)); then
  # Ours also without the scripts, taking turns with the rest in every run: what the worker's round
  # trip adds is the difference between the two columns, measured minutes apart at most.
  mkdir -p "$WORKDIR/rules-none.d"
  sed "s|^rulesDir: .*|rulesDir: $WORKDIR/rules-none.d|" "$WORKDIR/hook-injector.yaml" >"$WORKDIR/hook-injector-hooks-only.yaml"
  plugins+=(
    --plugin "hook-injector (hooks.d only)=$ours" --config "$WORKDIR/hook-injector-hooks-only.yaml" --expect-hooks "$expected"
    --plugin "hook-injector (hooks.d + $scripts scripts)=$ours" --config "$WORKDIR/hook-injector.yaml" --expect-hooks "$((expected + script_hooks))"
  )
else
  plugins+=(--plugin "hook-injector=$ours" --config "$WORKDIR/hook-injector.yaml" --expect-hooks "$expected")
fi

log "$files hook files, $expected hooks per container; $scripts rule scripts for ours, $script_hooks more hooks; $runs runs of $requests CreateContainer calls"
printf 'Taken %s on %s (%s cores, kernel %s), load average %s\n\n' \
  "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" \
  "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"

# The private namespace: overlays keep every write (the Go plugin's MkdirAll of both hooks.d
# folders, our plugin's log under /var/log) on a tmpfs that vanishes with the namespace.
"$REPO_ROOT/tests/e2e/scratch-namespace.sh" "$WORKDIR/namespace" bash -euo pipefail -c '
  mount --bind "$1" /usr/share/containers/oci/hooks.d
  shift
  exec "$@"
' serving-namespace "$WORKDIR/hooks.d" \
  dotnet exec "$runner" "${plugins[@]}" --runs "$runs" --requests "$requests"
printf '\nAfter the run: load average %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
