namespace HookInjector.Host.Nri.Lifecycle;

/// <summary>Receives the plugin configuration the runtime passes in Configure (a pre-installed plugin's drop-in file).</summary>
internal interface IPluginConfigurationSink
{
    /// <summary>Applies the configuration text; throws with a message naming the problem when it is invalid.</summary>
    /// <param name="configuration">The configuration text.</param>
    /// <param name="answerWithin">How long the runtime waits for the answer (<see cref="Timeout.InfiniteTimeSpan"/>: nobody waits).</param>
    /// <param name="cancellationToken">Cancels applying it.</param>
    Task ApplyAsync(string configuration, TimeSpan answerWithin, CancellationToken cancellationToken);
}
