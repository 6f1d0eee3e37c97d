using System.Collections.ObjectModel;
using Google.Protobuf.Collections;
using HookInjector.Abstractions;
using HookInjector.Host.Nri.Api;
using NriHook = HookInjector.Host.Nri.Api.Hook;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;

namespace HookInjector.Host.Injection.Nri;

/// <summary>
/// Translation between NRI's protobuf types and the contract's: the hooks a container already has,
/// and the adjustment that answers its CreateContainer (the container itself is read by
/// <see cref="ContainerMessages.ToContext"/>).
/// </summary>
internal static class NriConversion
{
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
}
