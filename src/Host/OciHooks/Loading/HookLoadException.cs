namespace HookInjector.Host.OciHooks.Loading;

/// <summary>Start-up refused in strict mode because a hooks directory did not load cleanly.</summary>
internal sealed class HookLoadException : Exception
{
    public HookLoadException()
    {
    }

    public HookLoadException(string message)
        : base(message)
    {
    }

    public HookLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
