namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>How the plugin reaches its runtime.</summary>
internal abstract record PluginLaunch
{
    /// <summary>Started by anyone; dials the runtime's socket and may dial again when it goes away.</summary>
    public sealed record External(string SocketPath) : PluginLaunch;

    /// <summary>Started by the runtime from its plugin directory with a connected socket as an inherited descriptor.</summary>
    public sealed record PreInstalled(string SocketDescriptor) : PluginLaunch;
}
