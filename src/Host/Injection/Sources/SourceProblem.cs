namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Something wrong with one file of a hook source (a rule file, a script, an extension folder):
/// the file, the position when known (1-based), and the reason. The rest of the source stays active.
/// </summary>
internal sealed record SourceProblem(string File, int? Line, int? Column, string Message)
{
    public override string ToString() => Line is null
        ? $"{File}: {Message}"
        : Column is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}:{Column}: {Message}";
}
