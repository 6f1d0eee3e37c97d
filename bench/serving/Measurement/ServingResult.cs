namespace HookInjector.ServingBench.Measurement;

/// <summary>What one run of one plugin measured. Memory in kB as /proc reports it.</summary>
/// <param name="StartupMilliseconds">From spawning the plugin to its RegisterPlugin call.</param>
/// <param name="ConfigureMilliseconds">From sending Configure to its reply: for ours with scripts, starting the worker and loading them.</param>
/// <param name="IdleKilobytes">VmRSS once configured and settled, before the first CreateContainer.</param>
/// <param name="PeakKilobytes">Highest VmRSS sampled while serving.</param>
/// <param name="EndKilobytes">VmRSS after the last CreateContainer.</param>
/// <param name="HighWaterKilobytes">VmHWM at the end: the peak since start, start-up included.</param>
/// <param name="WorkerIdleKilobytes">The plugin's child processes' VmRSS when <paramref name="IdleKilobytes"/> was read; null without any.</param>
/// <param name="WorkerPeakKilobytes">Their highest VmRSS sampled while serving.</param>
/// <param name="WorkerEndKilobytes">Their VmRSS after the last CreateContainer.</param>
/// <param name="CpuMicrosecondsPerCall">
/// The plugin's CPU time (user and system, all threads) while serving, per CreateContainer: what it
/// costs the node beside the latency, the time its threads spin waiting for the next message included.
/// </param>
/// <param name="WorkerCpuMicrosecondsPerCall">The same for its child processes together; null without any.</param>
/// <param name="HooksInjected">Hooks in each CreateContainer reply (every reply must have the same).</param>
internal sealed record ServingResult(
    string Label,
    double StartupMilliseconds,
    double ConfigureMilliseconds,
    long IdleKilobytes,
    long PeakKilobytes,
    long EndKilobytes,
    long HighWaterKilobytes,
    long? WorkerIdleKilobytes,
    long? WorkerPeakKilobytes,
    long? WorkerEndKilobytes,
    Latencies Latencies,
    double? CpuMicrosecondsPerCall,
    double? WorkerCpuMicrosecondsPerCall,
    int HooksInjected);
