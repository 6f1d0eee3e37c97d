using HookInjector.Abstractions;

namespace HookInjector.Host.OciHooks.Selection;

/// <summary>
/// Computes the <c>hasBindMounts</c> input for <c>when.hasBindMounts</c> from a container's OCI mounts.
/// </summary>
internal static class BindMountDetector
{
    /// <summary>
    /// Bind mounts containerd's CRI plugin and CRI-O add to every container themselves: the
    /// hostname, hosts and resolv.conf files and the pod's /dev/shm (both runtimes), plus CRI-O's
    /// /run/.containerenv and /run/secrets (mounts secrets). CRI-O decides on the mounts of the CRI
    /// request, which never contain these, so they must not make a container count as having bind
    /// mounts. Mounts the kubelet requests (service-account token, termination log, volumes) do count,
    /// as they do in CRI-O.
    /// </summary>
    public static IReadOnlyList<string> RuntimeAddedDestinations { get; } =
    [
        "/etc/hostname",
        "/etc/hosts",
        "/etc/resolv.conf",
        "/dev/shm",
        "/run/.containerenv",
        "/run/secrets",
    ];

    public static bool HasBindMounts(IReadOnlyList<MountInfo> mounts, BindMountMode mode)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (mode == BindMountMode.AnyMount)
        {
            return mounts.Count > 0;
        }
        foreach (var mount in mounts)
        {
            if (IsBind(mount) && !IsRuntimeAdded(mount.Destination))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The <c>hasBindMounts</c> input in words, with the mounts that make it true. Each mount is
    /// judged by <see cref="HasBindMounts"/> itself, so the reason never disagrees with the value.
    /// </summary>
    public static string Describe(IReadOnlyList<MountInfo> mounts, BindMountMode mode)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var has = HasBindMounts(mounts, mode);
        if (mode == BindMountMode.AnyMount)
        {
            return has
                ? $"--bind-mounts any: every mount counts, and the container has {mounts.Count} (the runtime's own included)"
                : "--bind-mounts any: the container has no mount";
        }
        var counted = mounts.Where(mount => HasBindMounts([mount], mode));
        return has
            ? $"bind mounts not added by the runtime: {string.Join(", ", counted.Select(mount => $"{mount.Destination} ({mount.Source})"))}"
            : "no bind mount besides those the runtime adds itself";
    }

    private static bool IsBind(MountInfo mount)
    {
        if (mount.Type == "bind")
        {
            return true;
        }
        foreach (var option in mount.Options)
        {
            if (option is "bind" or "rbind")
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsRuntimeAdded(string destination)
    {
        var normalized = destination.Length > 1 ? destination.TrimEnd('/') : destination;
        foreach (var added in RuntimeAddedDestinations)
        {
            if (normalized == added)
            {
                return true;
            }
        }
        return false;
    }
}
