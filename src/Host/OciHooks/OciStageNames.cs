using HookInjector.Abstractions;

namespace HookInjector.Host.OciHooks;

/// <summary>
/// The stage names as the OCI runtime spec spells them, and those a hook file may list (exact, case-sensitive) and the OCI hooks field each is
/// written to. <c>prestart</c> goes to createRuntime, as containers/common does since v0.58.0:
/// runtimes run both at the same point and prestart is deprecated.
/// </summary>
internal static class OciStageNames
{
    /// <summary>A stage as the OCI runtime spec spells it (createRuntime, poststop, ...).</summary>
    public static string Of(HookStage stage) => stage switch
    {
        HookStage.Prestart => "prestart",
        HookStage.CreateRuntime => "createRuntime",
        HookStage.CreateContainer => "createContainer",
        HookStage.StartContainer => "startContainer",
        HookStage.Poststart => "poststart",
        _ => "poststop",
    };

    public static bool TryMap(string name, out HookStage stage)
    {
        switch (name)
        {
            case "prestart":
            case "createRuntime":
                stage = HookStage.CreateRuntime;
                return true;
            case "createContainer":
                stage = HookStage.CreateContainer;
                return true;
            case "startContainer":
                stage = HookStage.StartContainer;
                return true;
            case "poststart":
                stage = HookStage.Poststart;
                return true;
            case "poststop":
                stage = HookStage.Poststop;
                return true;
            default:
                stage = default;
                return false;
        }
    }
}
