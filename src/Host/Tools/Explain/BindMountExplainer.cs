using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// The <c>hasBindMounts</c> input of a container, with the mounts that make it true. Each mount is
/// judged by <see cref="BindMountDetector"/> itself, so the reason can never disagree with the value.
/// </summary>
internal static class BindMountExplainer
{
    public static (bool HasBindMounts, string Reason) Explain(IReadOnlyList<MountInfo> mounts, BindMountMode mode)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var has = BindMountDetector.HasBindMounts(mounts, mode);
        var counted = mounts.Where(mount => BindMountDetector.HasBindMounts([mount], mode)).ToList();
        if (mode == BindMountMode.AnyMount)
        {
            return (has, has
                ? $"--bind-mounts any: every mount counts, and the container has {mounts.Count} (the runtime's own included)"
                : "--bind-mounts any: the container has no mount");
        }
        return (has, has
            ? $"bind mounts not added by the runtime: {string.Join(", ", counted.Select(mount => $"{mount.Destination} ({mount.Source})"))}"
            : "no bind mount besides those the runtime adds itself");
    }
}
