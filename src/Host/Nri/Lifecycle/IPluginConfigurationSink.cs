namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>Receives the plugin configuration the runtime passes in Configure (a pre-installed plugin's drop-in file).</summary>
internal interface IPluginConfigurationSink
{
    /// <summary>Applies the configuration text; throws with a message naming the problem when it is invalid.</summary>
    Task ApplyAsync(string configuration, CancellationToken cancellationToken);
}
