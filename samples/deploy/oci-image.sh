# shellcheck shell=bash
# Writes a one-layer OCI image archive from a root file system directory, by hand: no registry, no
# container engine, no network; only tar, sha256sum and hand-written JSON. The same root file system
# always yields the same digests (fixed timestamps and owners, sorted entries), so an unchanged
# build is the same image. `ctr images import`, `podman load` and `docker load` read the archive.
# Sourced, never executed: samples/deploy/build-image.sh (the hook-injector image) and
# tests/e2e/build-image.sh (the end-to-end tests' busybox image) share it.
#
#   oci_normalize_tree DIR        gives every entry of DIR the fixed timestamp
#   oci_write_archive ROOTFS OUTPUT NAME TAG CONFIG CREATED_BY
#       CONFIG is the image configuration's "config" object as JSON (Env, Entrypoint or Cmd, Labels,
#       ...); writes OUTPUT (the archive, named NAME:TAG inside) and OUTPUT.digest (the manifest's
#       digest, sha256:...) and prints the digest.

# Fixed timestamp, so the same files always yield the same digests.
OCI_EPOCH=0

oci_require_tools() {
  local tool
  for tool in tar sha256sum stat; do
    command -v "$tool" >/dev/null 2>&1 \
      || { printf 'oci-image.sh: command %s not found: the image layer and archive are tar files addressed by sha256\n' "$tool" >&2; return 1; }
  done
}

oci_normalize_tree() {
  find "$1" -exec touch -h -d "@$OCI_EPOCH" {} +
}

oci_deterministic_tar() {
  local dir="$1" out="$2"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$OCI_EPOCH" \
    --format=gnu -C "$dir" -cf "$out" .
}

# The OCI architecture name of this machine (images run on the architecture they were built on).
oci_architecture() {
  case "$(uname -m)" in
    x86_64 | amd64) printf 'amd64\n' ;;
    aarch64 | arm64) printf 'arm64\n' ;;
    *) printf 'oci-image.sh: unsupported architecture %s\n' "$(uname -m)" >&2; return 1 ;;
  esac
}

# Moves a file into blobs/sha256/<digest> and prints the digest.
oci_store_blob() {
  local file="$1" blobs="$2" digest
  digest="$(sha256sum "$file" | awk '{print $1}')"
  mv "$file" "$blobs/$digest"
  printf '%s\n' "$digest"
}

oci_write_archive() {
  local rootfs="$1" output="$2" name="$3" tag="$4" config="$5" created_by="$6"
  oci_require_tools || return 1
  local arch
  arch="$(oci_architecture)" || return 1
  local work
  work="$(mktemp -d)" || return 1
  local layout="$work/layout" blobs="$work/layout/blobs/sha256"
  mkdir -p "$blobs"

  oci_normalize_tree "$rootfs"
  oci_deterministic_tar "$rootfs" "$work/layer.tar"
  local layer_size layer_digest
  layer_size="$(stat -c %s "$work/layer.tar")"
  layer_digest="$(oci_store_blob "$work/layer.tar" "$blobs")"

  printf '%s' "{\"architecture\":\"$arch\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\",\
\"config\":$config,\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$layer_digest\"]},\
\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"$created_by\"}]}" >"$work/config.json"
  local config_size config_digest
  config_size="$(stat -c %s "$work/config.json")"
  config_digest="$(oci_store_blob "$work/config.json" "$blobs")"

  printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":$config_size},\
\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$layer_digest\",\"size\":$layer_size}]}" >"$work/manifest.json"
  local manifest_size manifest_digest
  manifest_size="$(stat -c %s "$work/manifest.json")"
  manifest_digest="$(oci_store_blob "$work/manifest.json" "$blobs")"

  printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\
\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_digest\",\"size\":$manifest_size,\
\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"},\
\"annotations\":{\"io.containerd.image.name\":\"$name:$tag\",\"org.opencontainers.image.ref.name\":\"$tag\"}}]}" >"$layout/index.json"
  printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  oci_normalize_tree "$layout"

  mkdir -p "$(dirname "$output")"
  oci_deterministic_tar "$layout" "$work/image.tar"
  mv "$work/image.tar" "$output"
  rm -rf "$work"
  printf '%s\n' "sha256:$manifest_digest" >"$output.digest"
  printf '%s\n' "sha256:$manifest_digest"
}
