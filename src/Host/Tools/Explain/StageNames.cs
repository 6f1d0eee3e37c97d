using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Explain;

/// <summary>A stage as the OCI runtime spec spells it (createRuntime, poststop, ...).</summary>
internal static class StageNames
{
    public static string Of(HookStage stage) => stage switch
    {
        HookStage.Prestart => "prestart",
        HookStage.CreateRuntime => "createRuntime",
        HookStage.CreateContainer => "createContainer",
        HookStage.StartContainer => "startContainer",
        HookStage.Poststart => "poststart",
        _ => "poststop",
    };
}
