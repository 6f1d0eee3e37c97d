namespace HookInjector.ServingBench.Measurement;

/// <summary>The highest VmRSS a sampler read, of the plugin and of its worker processes (null: none).</summary>
internal readonly record struct RssPeaks(long PluginKilobytes, long? WorkerKilobytes);
