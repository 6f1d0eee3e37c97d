namespace HookInjector.Host.OciHooks.Validation;

/// <summary>
/// A hook file that parsed but fails Go's load-time checks, with Go's message (which, as in Go,
/// does not name the file). <see cref="IsMissingHookPath"/> marks the "does not exist" failure of
/// the hook binary, which Go's start-up treats specially.
/// </summary>
internal sealed class HookValidationException : Exception
{
    public HookValidationException()
    {
    }

    public HookValidationException(string message)
        : base(message)
    {
    }

    public HookValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HookValidationException(string message, string field, bool isMissingHookPath = false)
        : base(message)
    {
        Field = field;
        IsMissingHookPath = isMissingHookPath;
    }

    public string? Field { get; }

    public bool IsMissingHookPath { get; }
}
