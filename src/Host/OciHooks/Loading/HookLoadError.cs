namespace HookInjector.Host.OciHooks.Loading;

/// <summary>
/// One directory or file that was not loaded. <see cref="Message"/> is Go's text (which names the
/// file only for read and parse failures, as Go does); <see cref="Path"/> always names it, and
/// <see cref="Field"/> the JSON field at fault when known ("hook.path", "stages", …).
/// </summary>
internal sealed record HookLoadError(string Path, string? Field, string Message, HookLoadErrorKind Kind)
{
    public override string ToString() => Field is null ? $"{Path}: {Message}" : $"{Path} ({Field}): {Message}";
}
