using HookInjector.Abstractions;
using NriHook = HookInjector.Host.Nri.Api.Hook;
using NriHooks = HookInjector.Host.Nri.Api.Hooks;
using HookInjector.Host.Nri.Api;
using Google.Protobuf.Collections;

namespace HookInjector.Host.Injection.Nri;

/// <summary>Conversions between the contract's hooks and stages and NRI's per-stage hook lists.</summary>
internal static class HookConversion
{
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
