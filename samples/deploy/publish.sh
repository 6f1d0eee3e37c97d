#!/usr/bin/env bash
# Publishes the hook-injector host as a self-contained, ReadyToRun directory for this machine's
# architecture (or the RID given with --rid): no .NET installation is needed on the node.
#
#   samples/deploy/publish.sh [--rid linux-x64|linux-arm64] [--output DIR] [--single-file]
#
# Default output: artifacts/hook-injector/RID/ with the executable RID/hook-injector.
# A directory, not a single file, by default: ReadyToRun code is then mapped straight from the
# assemblies on disk, and the Roslyn script compiler finds the assemblies it reads metadata from
# without a self-extraction step (see docs/deployment.md, "Publishing").
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
single_file=false
while (($#)); do
  case "$1" in
    --rid) rid="${2:?--rid needs a value}"; shift 2 ;;
    --output | -o) output="${2:?--output needs a value}"; shift 2 ;;
    --single-file) single_file=true; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'publish.sh: unknown argument %s\n' "$1" >&2; exit 2 ;;
  esac
done
rid="${rid:-$(default_rid)}"
output="${output:-$REPO_ROOT/artifacts/hook-injector/$rid}"

command -v dotnet >/dev/null || { printf 'publish.sh: the .NET SDK (dotnet) is required\n' >&2; exit 1; }

rm -rf "$output"
dotnet publish "$REPO_ROOT/src/Host/HookInjector.Host.csproj" \
  -c Release -r "$rid" --self-contained \
  -p:PublishReadyToRun=true \
  -p:PublishSingleFile="$single_file" \
  -p:DebugType=none \
  -p:SatelliteResourceLanguages=en \
  -o "$output" -nologo

[[ -x "$output/hook-injector" ]] || { printf 'publish.sh: no hook-injector in %s\n' "$output" >&2; exit 1; }
printf '%s\n' "$output/hook-injector"
