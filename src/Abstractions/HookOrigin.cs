namespace HookInjector.Abstractions;

/// <summary>Which kind of source added a hook to a plan.</summary>
public enum HookSourceKind
{
    /// <summary>An OCI hook file from a hooks.d directory.</summary>
    HooksDirectory,

    /// <summary>A YAML rule.</summary>
    Rule,

    /// <summary>A C# rule script.</summary>
    Script,

    /// <summary>A matcher or mutator of an extension assembly.</summary>
    Extension,
}

/// <summary>Where a planned hook came from, for logs and for <c>explain</c>.</summary>
/// <param name="Kind">The kind of source.</param>
/// <param name="Name">The source's name: a hook file name, a rule name, a script file, an extension's matcher or mutator.</param>
public sealed record HookOrigin(HookSourceKind Kind, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind switch
    {
        HookSourceKind.HooksDirectory => "hooks.d",
        HookSourceKind.Rule => "rule",
        HookSourceKind.Script => "script",
        _ => "extension",
    }}:{Name}";
}
