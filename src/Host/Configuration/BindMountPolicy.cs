namespace HookInjector.Host.Configuration;

/// <summary>What counts for a hook's <c>when.hasBindMounts</c>.</summary>
internal enum BindMountPolicy
{
    /// <summary>Only bind mounts the pod asked for, as CRI-O decides (the default).</summary>
    Requested,

    /// <summary>Any mount of the container, as the Go NRI hook-injector decides (so practically always true).</summary>
    Any,
}
