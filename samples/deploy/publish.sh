#!/usr/bin/env bash
# Publishes the hook-injector host as a self-contained directory for this machine's architecture
# (or the RID given with --rid): no .NET installation is needed on the node.
#
#   samples/deploy/publish.sh [--rid linux-x64|linux-arm64] [--output DIR] [--single-file | --compact]
#
# The full build (default) is ReadyToRun: every feature, rule scripts and extensions included.
# Default output: artifacts/hook-injector/RID/ with the executable RID/hook-injector.
# A directory, not a single file, by default: ReadyToRun code is then mapped straight from the
# assemblies on disk, and the Roslyn script compiler finds the assemblies it reads metadata from
# without a self-extraction step (see docs/deployment.md, "Publishing").
# --compact publishes the compact build instead: one Native AOT executable that runs hooks.d and
# YAML rules only (no rule scripts, no extensions) in about a third of the memory. Default output:
# artifacts/hook-injector-compact/RID/. It needs a C toolchain and zlib's headers, which are
# installed with apt-get when missing and this runs as root.
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
compact=false
while (($#)); do
  case "$1" in
    --rid) rid="${2:?--rid needs a value}"; shift 2 ;;
    --output | -o) output="${2:?--output needs a value}"; shift 2 ;;
    --single-file) single_file=true; shift ;;
    --compact) compact=true; shift ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'publish.sh: unknown argument %s\n' "$1" >&2; exit 2 ;;
  esac
done
# Native AOT links with the system's C toolchain and needs zlib.
ensure_native_toolchain() {
  if { command -v clang >/dev/null || command -v gcc >/dev/null; } && [[ -e /usr/include/zlib.h ]]; then
    return 0
  fi
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    printf 'publish.sh: installing gcc and zlib1g-dev for the compact build\n' >&2
    # A fresh container image has no package lists yet.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null; }
  else
    printf 'publish.sh: the compact build needs gcc (or clang) and zlib1g-dev: install them, or run as root\n' >&2
    exit 1
  fi
}

if $compact && $single_file; then
  printf 'publish.sh: --compact is already a single executable; drop --single-file\n' >&2
  exit 2
fi
rid="${rid:-$(default_rid)}"
if $compact; then
  if [[ "$rid" != "$(default_rid)" ]]; then
    printf 'publish.sh: the compact build is linked by this machine'"'"'s C toolchain: build it for %s on a %s machine\n' "$rid" "$rid" >&2
    exit 2
  fi
  output="${output:-$REPO_ROOT/artifacts/hook-injector-compact/$rid}"
  build=(-p:PublishAot=true)
  ensure_native_toolchain
else
  output="${output:-$REPO_ROOT/artifacts/hook-injector/$rid}"
  build=(-p:PublishReadyToRun=true -p:PublishSingleFile="$single_file")
fi

command -v dotnet >/dev/null || { printf 'publish.sh: the .NET SDK (dotnet) is required\n' >&2; exit 1; }

rm -rf "$output"
dotnet publish "$REPO_ROOT/src/Host/HookInjector.Host.csproj" \
  -c Release -r "$rid" --self-contained \
  "${build[@]}" \
  -p:DebugType=none \
  -p:SatelliteResourceLanguages=en \
  -p:PublishReferencesDocumentationFiles=false \
  -o "$output" -nologo

[[ -x "$output/hook-injector" ]] || { printf 'publish.sh: no hook-injector in %s\n' "$output" >&2; exit 1; }
printf '%s\n' "$output/hook-injector"
