namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>A connection ended before the plugin was registered.</summary>
internal sealed class SessionFailedException(string message, Exception inner) : Exception(message, inner);
