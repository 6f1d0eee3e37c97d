namespace HookInjector.Host.OciHooks.Formats;

/// <summary>
/// A hook file Go's readers would refuse (JSON syntax, types, version, legacy aliases), with Go's
/// message. <see cref="Field"/> is the JSON path of the offending value ("hook.timeout") when the
/// failure is tied to one field, for our logs only.
/// </summary>
internal sealed class HookFormatException : Exception
{
    public HookFormatException()
    {
    }

    public HookFormatException(string message)
        : base(message)
    {
    }

    public HookFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HookFormatException(string message, string? field)
        : base(message)
    {
        Field = field;
    }

    public string? Field { get; }
}
