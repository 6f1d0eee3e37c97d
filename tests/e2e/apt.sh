# shellcheck shell=bash
# apt with a private state: its own sources, lists, cache, preferences and dpkg status under one
# folder, so fetching packages from newer Debian suites never touches the machine's apt
# configuration or state (whose own sources may already list those suites with other options).
# Sourced, never executed. Only downloads: nothing fetched this way is ever installed.
#
#   apt_private_setup DIR [--with-sources] SUITE...
#                                    sources for SUITE... (main, amd64; with --with-sources also
#                                    deb-src) from the machine's own Debian mirror; updates the
#                                    lists when the sources changed or are older than 12 hours
#   apt_private_prefer SUITE         makes SUITE's versions the candidates over the other suites'
#   apt_private COMMAND ARGS...      runs apt-get / apt-cache COMMAND against that state
#   apt_private_download DEST PKG... downloads PKG... (name, name/suite or name=version) into DEST
#
# The mirror is the first deb URI of the machine's apt sources that serves its own release
# (Suites: <codename>), or $HOOK_INJECTOR_APT_MIRROR. The lists are verified with Debian's archive
# keyring. Needs die and log from lib.sh.

APT_PRIVATE_DIR=""
APT_PRIVATE_TIMEOUT="${HOOK_INJECTOR_APT_TIMEOUT:-${HOOK_INJECTOR_E2E_APT_TIMEOUT:-900}}"
APT_PRIVATE_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The URI of the machine's Debian archive: the first "deb" entry, in deb822 .sources files or
# one-line .list files, whose suites include this release's bare codename (not -security or
# -updates, which live on other archives or carry only a few packages).
apt_machine_mirror() {
  if [[ -n "${HOOK_INJECTOR_APT_MIRROR:-}" ]]; then
    printf '%s\n' "$HOOK_INJECTOR_APT_MIRROR"
    return 0
  fi
  local codename
  codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
  [[ -n "$codename" ]] || die "/etc/os-release names no VERSION_CODENAME: cannot tell which apt source is this machine's Debian archive; set HOOK_INJECTOR_APT_MIRROR"
  local files=()
  [[ -r /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  local f
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] && files+=("$f")
  done
  local uri=""
  for f in "${files[@]}"; do
    if [[ "$f" == *.sources ]]; then
      # deb822: blank-line separated stanzas; fields may be any case; Enabled: no skips a stanza.
      uri="$(awk -v want="$codename" '
        function flush() {
          if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " want " ") && uris != "") {
            split(uris, u, " "); print u[1]; found = 1; exit
          }
          types = ""; suites = ""; uris = ""; enabled = ""
        }
        /^[[:space:]]*#/ { next }
        /^[[:space:]]*$/ { flush(); next }
        {
          key = tolower($1); sub(/:$/, "", key); $1 = ""; value = $0; gsub(/^[[:space:]]+|[[:space:]]+$/, "", value)
          if (key == "types") types = value
          else if (key == "suites") suites = value
          else if (key == "uris") uris = value
          else if (key == "enabled") enabled = tolower(value)
        }
        END { if (!found) flush() }' "$f")"
    else
      # One-line format: deb [options] URI SUITE COMPONENT...
      uri="$(awk -v want="$codename" '
        $1 != "deb" { next }
        {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) == want) { print $i; exit }
        }' "$f")"
    fi
    if [[ -n "$uri" ]]; then
      printf '%s\n' "${uri%/}"
      return 0
    fi
  done
  die "no apt source in /etc/apt/sources.list or /etc/apt/sources.list.d/ serves '$codename': cannot tell which Debian mirror to fetch from; set HOOK_INJECTOR_APT_MIRROR"
}

# The options that point apt at the private state only. The machine's apt.conf.d still applies,
# so a proxy configured there is used.
apt_private_options() {
  local d="$APT_PRIVATE_DIR"
  printf '%s\n' \
    -o "Dir::Etc::sourcelist=$d/sources.list" \
    -o "Dir::Etc::sourceparts=$d/sources.list.d" \
    -o "Dir::Etc::preferences=$d/preferences" \
    -o "Dir::Etc::preferencesparts=$d/preferences.d" \
    -o "Dir::State=$d/state" \
    -o "Dir::State::lists=$d/state/lists" \
    -o "Dir::State::status=$d/state/status" \
    -o "Dir::Cache=$d/cache" \
    -o "Dir::Cache::archives=$d/cache/archives" \
    -o "APT::Architecture=amd64" \
    -o "APT::Architectures::=amd64" \
    -o "Acquire::Languages=none" \
    -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false" \
    -o "Acquire::http::Timeout=30" \
    -o "Acquire::Retries=3"
}

apt_private() {
  [[ -n "$APT_PRIVATE_DIR" ]] || die "apt_private called before apt_private_setup"
  local command="$1"
  shift
  local tool=apt-get
  case "$command" in
    policy | show | depends | rdepends | madison | showpkg | search) tool=apt-cache ;;
  esac
  local options
  mapfile -t options < <(apt_private_options)
  timeout "$APT_PRIVATE_TIMEOUT" "$tool" "${options[@]}" "$command" "$@"
}

apt_private_setup() {
  local dir="$1" types=deb
  shift
  if [[ "${1:-}" == --with-sources ]]; then
    types="deb deb-src"
    shift
  fi
  (($#)) || die "apt_private_setup $dir: name at least one suite"
  require_command apt-get "Debian's package manager fetches the packages"
  [[ -r "$APT_PRIVATE_KEYRING" ]] || die "$APT_PRIVATE_KEYRING missing: install debian-archive-keyring to verify $*"
  APT_PRIVATE_DIR="$dir"
  mkdir -p "$dir/sources.list.d" "$dir/preferences.d" "$dir/state/lists/partial" "$dir/cache/archives/partial"
  touch "$dir/state/status"
  # apt drops privileges to _apt for downloads; let it write its partial folders.
  if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then
    chown _apt "$dir/state/lists/partial" "$dir/cache/archives/partial"
  fi
  local mirror sources
  mirror="$(apt_machine_mirror)"
  sources="$(cat <<SOURCES
Types: $types
URIs: $mirror
Suites: $*
Components: main
Architectures: amd64
Signed-By: $APT_PRIVATE_KEYRING
SOURCES
)"
  local file="$dir/sources.list.d/debian.sources" stamp="$dir/updated"
  if [[ "$(cat "$file" 2>/dev/null)" != "$sources" ]]; then
    printf '%s\n' "$sources" >"$file"
    rm -f "$stamp"
  fi
  if [[ ! -f "$stamp" ]] || [[ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]]; then
    log "apt-get update ($* from $mirror, private state in $dir)"
    apt_private update -qq \
      || die "apt-get update of $* from $mirror failed or timed out after ${APT_PRIVATE_TIMEOUT}s: the Debian archive must be reachable"
    touch "$stamp"
  fi
}

apt_private_download() {
  local dest="$1"
  shift
  mkdir -p "$dest"
  if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$dest"; fi
  if (($# > 8)); then
    log "apt-get download $# packages ($1 ... ${!#})"
  else
    log "apt-get download $*"
  fi
  (cd "$dest" && apt_private download -qq "$@") \
    || die "apt-get download $* into $dest failed: the packages must exist in the suites of $APT_PRIVATE_DIR"
}

# Pins SUITE above the others (990 against 500), so packages named without a suite come from it
# and `apt-cache depends` follows its versions; name/other-suite still selects another suite.
apt_private_prefer() {
  [[ -n "$APT_PRIVATE_DIR" ]] || die "apt_private_prefer called before apt_private_setup"
  printf 'Package: *\nPin: release n=%s\nPin-Priority: 990\n' "$1" >"$APT_PRIVATE_DIR/preferences.d/prefer.pref"
}
