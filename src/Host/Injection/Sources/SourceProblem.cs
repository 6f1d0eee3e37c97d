namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Something wrong with one file of a hook source (a rule file, a script, an extension folder):
/// the file, the position when known (1-based), and the reason. The rest of the source stays active.
/// </summary>
internal sealed record SourceProblem(string File, int? Line, int? Column, string Message)
{
    /// <summary>
    /// Whether the problem is that the file, or a directory above it, can be changed by someone
    /// other than root or the plugin's user (<see cref="Platform.FileTrust"/>); these are counted apart.
    /// </summary>
    public bool IsUntrusted { get; init; }

    /// <summary>A problem of trust: <paramref name="message"/> says what it means for the file and names the offending path.</summary>
    public static SourceProblem Untrusted(string file, string message) => new(file, null, null, message) { IsUntrusted = true };

    public override string ToString() => Line is null
        ? $"{File}: {Message}"
        : Column is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}:{Column}: {Message}";
}
