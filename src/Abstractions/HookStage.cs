namespace HookInjector.Abstractions;

/// <summary>The OCI runtime-spec lifecycle stage at which a hook runs.</summary>
public enum HookStage
{
    /// <summary>Deprecated by the OCI runtime-spec; runtimes run it together with <see cref="CreateRuntime"/>.</summary>
    Prestart,

    /// <summary>During create, in the runtime namespace, before pivot_root.</summary>
    CreateRuntime,

    /// <summary>During create, in the container namespace, before pivot_root.</summary>
    CreateContainer,

    /// <summary>During start, in the container namespace, before the user process runs.</summary>
    StartContainer,

    /// <summary>After the user process has started.</summary>
    Poststart,

    /// <summary>After the container has been deleted.</summary>
    Poststop,
}
