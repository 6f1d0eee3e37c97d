namespace HookInjector.Host.OciHooks.Selection;

/// <summary>How the <c>hasBindMounts</c> input is derived from a container's OCI mounts.</summary>
internal enum BindMountMode
{
    /// <summary>
    /// CRI-O-like: true when the container has a bind mount the runtime did not add on its own,
    /// approximating CRI-O's "the CRI request asked for mounts" from the OCI mount list NRI offers.
    /// </summary>
    Requested,

    /// <summary>The Go NRI hook-injector: true when the container has any mount at all (in practice always).</summary>
    AnyMount,
}
