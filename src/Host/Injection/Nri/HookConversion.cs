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
    /// Whether a hook already in the container is the same as a planned one, with the identity of
    /// <see cref="OciHook.Equals(OciHook?)"/>, compared in place: this runs for every planned hook
    /// against every existing one, on the CreateContainer path.
    /// </summary>
    public static bool SameHook(NriHook present, OciHook hook) =>
        present.Path == hook.Path
        && (present.Timeout is null ? hook.TimeoutSeconds is null : hook.TimeoutSeconds == present.Timeout.Value)
        && present.Args.SequenceEqual(hook.Args)
        && present.Env.SequenceEqual(hook.Env);
}
