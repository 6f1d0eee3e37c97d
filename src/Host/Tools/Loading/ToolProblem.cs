namespace HookInjector.Host.Tools.Loading;

/// <summary>
/// Something the plugin would skip or refuse: which source found it, the file or directory, the
/// 1-based position and the field when known, and the reason.
/// </summary>
internal sealed record ToolProblem(string Source, string File, int? Line, int? Column, string? Field, string Message)
{
    /// <summary><c>file[:line[:column]]: [field: ]message</c>, the shape compilers and editors understand.</summary>
    public override string ToString()
    {
        var position = Line is null ? "" : Column is null ? $":{Line}" : $":{Line}:{Column}";
        var field = Field is null ? "" : $"{Field}: ";
        return $"{File}{position}: {field}{Message}";
    }
}
