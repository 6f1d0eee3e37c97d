using System.Collections.ObjectModel;
using Google.Protobuf.Collections;
using HookInjector.Abstractions;
using HookInjector.Host.Nri.Api;
using NriHook = HookInjector.Host.Nri.Api.Hook;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;

namespace HookInjector.Host.Injection.Nri;

/// <summary>
/// Translation between NRI's protobuf types and the contract's: the container a CreateContainer
/// request describes, the hooks it already has, and the adjustment that answers it.
/// </summary>
internal static class NriConversion
{
    /// <summary>
    /// The runtime-neutral view of an NRI CreateContainer request. The views wrap the request's own
    /// collections read-only instead of copying them, so building one costs a few small objects.
    /// </summary>
    public static ContainerContext ToContext(PodSandbox pod, Container container) => new()
    {
        Pod = new PodInfo
        {
            Name = pod.Name,
            Namespace = pod.Namespace,
            Uid = pod.Uid,
            Labels = new ReadOnlyDictionary<string, string>(pod.Labels),
            Annotations = new ReadOnlyDictionary<string, string>(pod.Annotations),
            RuntimeHandler = pod.RuntimeHandler,
        },
        Container = new ContainerInfo
        {
            Name = container.Name,
            Args = new ReadOnlyCollection<string>(container.Args),
            Env = new ReadOnlyCollection<string>(container.Env),
            Annotations = new ReadOnlyDictionary<string, string>(container.Annotations),
            Labels = new ReadOnlyDictionary<string, string>(container.Labels),
            Mounts = container.Mounts.Select(ToMountInfo).ToArray(),
        },
    };

    /// <summary>Turns a plan into the NRI adjustment: only hooks are set, every other field stays empty.</summary>
    public static ContainerAdjustment ToAdjustment(InjectionPlan plan)
    {
        var hooks = new NriHooks();
        foreach (var (stage, planned) in plan.Entries())
        {
            Stage(hooks, stage).Add(ToNri(planned.Hook));
        }
        return new ContainerAdjustment { Hooks = hooks };
    }

    /// <summary>NRI's hook list for one contract stage.</summary>
    public static RepeatedField<NriHook> Stage(NriHooks hooks, HookStage stage) => stage switch
    {
        HookStage.Prestart => hooks.Prestart,
        HookStage.CreateRuntime => hooks.CreateRuntime,
        HookStage.CreateContainer => hooks.CreateContainer,
        HookStage.StartContainer => hooks.StartContainer,
        HookStage.Poststart => hooks.Poststart,
        HookStage.Poststop => hooks.Poststop,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not an OCI hook stage"),
    };

    public static NriHook ToNri(OciHook hook)
    {
        var converted = new NriHook { Path = hook.Path, Args = { hook.Args }, Env = { hook.Env } };
        if (hook.TimeoutSeconds is { } timeout)
        {
            converted.Timeout = new OptionalInt { Value = timeout };
        }
        return converted;
    }

    /// <summary>
    /// A hook already in the container, as a planned hook compares with it; null for a timeout no
    /// planned hook can have (beyond an int), which therefore equals none of them.
    /// </summary>
    public static OciHook? FromNri(NriHook present) => present.Timeout switch
    {
        null => new(present.Path, [.. present.Args], [.. present.Env], null),
        { Value: >= int.MinValue and <= int.MaxValue } timeout => new(present.Path, [.. present.Args], [.. present.Env], (int)timeout.Value),
        _ => null,
    };

    private static MountInfo ToMountInfo(Mount mount) => new()
    {
        Destination = mount.Destination,
        Type = mount.Type,
        Source = mount.Source,
        Options = new ReadOnlyCollection<string>(mount.Options),
    };
}
