namespace HookInjector.Host.Nri.Connection;

/// <summary>
/// The runtime's NRI socket could not be reached. <see cref="IsPermanent"/> tells whether trying
/// again can help (the runtime may simply not be up yet) or the configuration must change first.
/// </summary>
internal sealed class RuntimeConnectionException : Exception
{
    public RuntimeConnectionException(string message, bool isPermanent, Exception? inner = null)
        : base(message, inner) => IsPermanent = isPermanent;

    public bool IsPermanent { get; }
}
