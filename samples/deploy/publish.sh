#!/usr/bin/env bash
# Publishes hook-injector for this machine's architecture (or the RID given with --rid), self-contained:
# no .NET installation is needed on the node.
#
#   samples/deploy/publish.sh [--rid linux-x64|linux-arm64] [--output DIR]
#
# Default output: artifacts/hook-injector/RID/, holding
#   hook-injector          the daemon: one Native AOT executable that never loads user code
#   worker/hook-injector   the worker the daemon starts to compile and run rule scripts and to load
#                          extensions (ReadyToRun, with the C# compiler and the plugin loader)
# The daemon finds its worker there by itself; a pre-installed plugin's worker goes elsewhere
# (docs/deployment.md). Native AOT links with this machine's C toolchain and needs zlib's headers,
# which are installed with apt-get when missing and this runs as root, so the daemon is built for
# this machine's architecture only.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

default_rid() {
  case "$(uname -m)" in
    x86_64 | amd64) printf 'linux-x64\n' ;;
    aarch64 | arm64) printf 'linux-arm64\n' ;;
    *) printf 'publish.sh: unsupported architecture %s; pass --rid\n' "$(uname -m)" >&2; exit 2 ;;
  esac
}

rid=""
output=""
while (($#)); do
  case "$1" in
    --rid) rid="${2:?--rid needs a value}"; shift 2 ;;
    --output | -o) output="${2:?--output needs a value}"; shift 2 ;;
    -h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'publish.sh: unknown argument %s\n' "$1" >&2; exit 2 ;;
  esac
done
# Native AOT links with the system's C toolchain and needs zlib.
ensure_native_toolchain() {
  if { command -v clang >/dev/null || command -v gcc >/dev/null; } && [[ -e /usr/include/zlib.h ]]; then
    return 0
  fi
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    printf 'publish.sh: installing gcc and zlib1g-dev for the Native AOT daemon\n' >&2
    # A fresh container image has no package lists yet.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null; }
  else
    printf 'publish.sh: the Native AOT daemon needs gcc (or clang) and zlib1g-dev: install them, or run as root\n' >&2
    exit 1
  fi
}

rid="${rid:-$(default_rid)}"
if [[ "$rid" != "$(default_rid)" ]]; then
  printf 'publish.sh: the Native AOT daemon is linked by this machine'"'"'s C toolchain: publish for %s on a %s machine\n' "$rid" "$rid" >&2
  exit 2
fi
output="${output:-$REPO_ROOT/artifacts/hook-injector/$rid}"
ensure_native_toolchain

command -v dotnet >/dev/null || { printf 'publish.sh: the .NET SDK (dotnet) is required\n' >&2; exit 1; }

rm -rf "$output"
common=(-c Release -r "$rid" --self-contained -p:DebugType=none -p:SatelliteResourceLanguages=en
  -p:PublishReferencesDocumentationFiles=false -nologo)
# The worker: JIT, so it can compile scripts and load assemblies; ReadyToRun, so it starts quickly.
# A directory, not a single file: its ReadyToRun code is mapped straight from the assemblies, and
# the script compiler reads their metadata without a self-extraction step.
dotnet publish "$REPO_ROOT/src/Host/HookInjector.Host.csproj" "${common[@]}" \
  -p:PublishReadyToRun=true -o "$output/worker"
# The daemon, published last into its own intermediate folder so the two builds never share one.
dotnet publish "$REPO_ROOT/src/Host/HookInjector.Host.csproj" "${common[@]}" \
  -p:PublishAot=true -p:IntermediateOutputPath="obj/Release/aot/$rid/" -o "$output/daemon.tmp"
mv "$output/daemon.tmp/hook-injector" "$output/hook-injector"
rm -rf "$output/daemon.tmp"

[[ -x "$output/hook-injector" && -x "$output/worker/hook-injector" ]] \
  || { printf 'publish.sh: no hook-injector or worker/hook-injector in %s\n' "$output" >&2; exit 1; }
printf '%s\n' "$output/hook-injector"
