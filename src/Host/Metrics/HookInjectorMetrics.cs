using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Metrics.Health;

namespace HookInjector.Host.Metrics;

/// <summary>
/// The plugin's instruments, on the <c>HookInjector</c> meter. Recording costs next to nothing
/// while nobody listens (no --metrics-address), and never locks or allocates on the
/// CreateContainer path: the tag sets of the hot instruments are built once here.
/// </summary>
internal sealed class HookInjectorMetrics : IDisposable
{
    public const string MeterName = "HookInjector";

    /// <summary>From 10 µs to 1 s: matching hooks.d takes microseconds, scripts and extensions milliseconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly HookStage[] Stages = Enum.GetValues<HookStage>();

    private static readonly KeyValuePair<string, object?>[][] SourceTags =
        [.. Enum.GetValues<HookSourceKind>().Select(kind => new[] { new KeyValuePair<string, object?>("source", SourceLabel.Of(kind)) })];

    /// <summary>What a worker restart can blame, known up front so every series shows from the start.</summary>
    private static readonly string[] BlamedValues = [SourceLabel.Of(HookSourceKind.Script), SourceLabel.Of(HookSourceKind.Extension), "unknown"];

    private readonly Meter meter;
    private readonly Counter<long> containers;
    private readonly Counter<long> hooksInjected;
    private readonly Counter<long> sourceFailures;
    private readonly Counter<long> reloads;
    private readonly Counter<long> reloadErrors;
    private readonly Counter<long> untrustedFiles;
    private readonly Histogram<double> createContainerDuration;
    private readonly Counter<long> workerRestarts;
    private readonly Counter<long> containersWithoutWorker;
    private readonly Counter<long> scrapesRejected;
    private readonly ConcurrentDictionary<string, long> sourceProblems = new(StringComparer.Ordinal);
    private readonly Counter<long> patternSearchesAbandoned;
    private Func<int> quarantined = () => 0;

    /// <param name="health">Where registration and loads are reported for /healthz and /readyz; a private one when not given.</param>
    public HookInjectorMetrics(PluginHealth? health = null)
    {
        Health = health ?? new PluginHealth(TimeProvider.System);
        foreach (var source in PluginHealth.Sources)
        {
            sourceProblems[source] = 0;
        }
        meter = new Meter(MeterName, Version);
        containers = meter.CreateCounter<long>("hook_injector.containers", description: "CreateContainer requests seen");
        hooksInjected = meter.CreateCounter<long>("hook_injector.hooks_injected", description: "Hooks injected into containers, by the source that planned them");
        sourceFailures = meter.CreateCounter<long>("hook_injector.source_failures", description: "Rule, script and extension calls skipped for a container because they threw or were being reloaded");
        workerRestarts = meter.CreateCounter<long>("hook_injector.worker_restarts", description: "Worker processes killed after they overran, crashed or exited, by the kind of source blamed (unknown when none could be)");
        containersWithoutWorker = meter.CreateCounter<long>("hook_injector.containers_without_worker", description: "Containers that got no script or extension hooks because the worker could not answer within their budget or they were still loading");
        patternSearchesAbandoned = meter.CreateCounter<long>("hook_injector.pattern_searches_abandoned", description: "hooks.d pattern searches cut short by a container's matching budget; each counts as not matching");
        meter.CreateObservableGauge("hook_injector.quarantined", () => (long)quarantined(), description: "Scripts and extensions skipped until their file changes, because they took the worker down");
        reloads = meter.CreateCounter<long>("hook_injector.reloads", description: "Reloads of a hook source after its directory changed");
        reloadErrors = meter.CreateCounter<long>("hook_injector.reload_errors", description: "Reloads that failed or left out at least one invalid file");
        untrustedFiles = meter.CreateCounter<long>("hook_injector.untrusted_files", description: "Files and directories found writable by others than root or the plugin's user, at each load that met them");
        createContainerDuration = meter.CreateHistogram(
            "hook_injector.create_container.duration",
            unit: "s",
            description: "Time to decide a container's hooks",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge("hook_injector.registered", () => Health.IsRegistered ? 1L : 0L, description: "1 while the plugin is registered with the runtime, 0 while it connects or reconnects");
        meter.CreateObservableGauge(
            "hook_injector.source_problems",
            () => sourceProblems.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("source", pair.Key))),
            description: "Problems (invalid or refused files, a source that failed to load) in the state of each hook source in force, start-up included");
        scrapesRejected = meter.CreateCounter<long>("hook_injector.metrics_rejected", description: "Connections to the metrics endpoint closed without an answer, by reason");
        meter.CreateObservableGauge(
            "hook_injector.build_info",
            () => new Measurement<long>(1, new KeyValuePair<string, object?>("version", Version), new KeyValuePair<string, object?>("build", BuildFlavor.Name)),
            description: "Always 1; the labels name the running version and build (native: the Native AOT daemon; jit: a build that can load code)");
    }

    public static string Version { get; } =
        typeof(HookInjectorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public Meter Meter => meter;

    public PluginHealth Health { get; }

    public void ContainerSeen() => containers.Add(1);

    /// <summary>
    /// Records zero for the counters whose series are known in advance, once a collector listens, so
    /// a scrape shows them from the start and a rate over the first container is not lost.
    /// </summary>
    public void PublishZeroes()
    {
        patternSearchesAbandoned.Add(0);
        containers.Add(0);
        containersWithoutWorker.Add(0);
        foreach (var tags in SourceTags)
        {
            hooksInjected.Add(0, tags);
            reloads.Add(0, tags);
            reloadErrors.Add(0, tags);
            untrustedFiles.Add(0, tags);
        }
        foreach (var blamed in BlamedValues)
        {
            workerRestarts.Add(0, new KeyValuePair<string, object?>("blamed", blamed));
        }
        foreach (var reason in ScrapeRejections.All)
        {
            scrapesRejected.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <summary>Marks a load of a source as running, for the liveness check; dispose the result when it ends.</summary>
    public IDisposable Loading(string source) => Health.Begin($"loading {source}", PluginHealth.LoadLimit);

    /// <summary>
    /// Records the problems of the state a load of <paramref name="source"/> put in force (at start-up
    /// or a reload; 1 for a source that could not load at all), and that the source has loaded once.
    /// </summary>
    public void SourceLoaded(string source, int problems)
    {
        sourceProblems[source] = problems;
        Health.SourceLoaded(source);
    }

    /// <summary>Counts a metrics connection closed unanswered; <paramref name="reason"/> is one of <see cref="ScrapeRejections"/>.</summary>
    public void ScrapeRejected(string reason) => scrapesRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CreateContainerHandled(TimeSpan elapsed) => createContainerDuration.Record(elapsed.TotalSeconds);

    /// <summary>Counts the hooks of a final plan by source, one measurement per source that contributed.</summary>
    public void HooksInjected(InjectionPlan plan)
    {
        Span<long> perSource = stackalloc long[SourceTags.Length];
        foreach (var stage in Stages)
        {
            var hooks = plan[stage];
            for (var i = 0; i < hooks.Count; i++)
            {
                perSource[(int)hooks[i].Origin.Kind]++;
            }
        }
        for (var kind = 0; kind < perSource.Length; kind++)
        {
            if (perSource[kind] > 0)
            {
                hooksInjected.Add(perSource[kind], SourceTags[kind]);
            }
        }
    }

    /// <summary>Counts a call skipped for one container; <paramref name="result"/> says why ("exception", "not_loaded").</summary>
    public void SourceFailed(HookOrigin origin, string result) =>
        sourceFailures.Add(1,
            new KeyValuePair<string, object?>("source", SourceLabel.Of(origin.Kind)),
            new KeyValuePair<string, object?>("name", origin.Name),
            new KeyValuePair<string, object?>("result", result));

    public void WorkerRestarted(string blamed) => workerRestarts.Add(1, new KeyValuePair<string, object?>("blamed", blamed));

    public void ContainerWithoutWorker() => containersWithoutWorker.Add(1);

    public void PatternSearchAbandoned() => patternSearchesAbandoned.Add(1);

    /// <summary>Where the quarantine gauge reads its value: the worker's supervisor.</summary>
    public void ObserveQuarantine(Func<int> count) => quarantined = count;

    /// <summary>Counts a reload of a source (hooks.d, rules, scripts, extensions) and whether it went wrong.</summary>
    public void Reloaded(string source, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        reloads.Add(1, tag);
        if (failed)
        {
            reloadErrors.Add(1, tag);
        }
    }

    /// <summary>
    /// Counts what one load (at start or a reload) of a source found untrusted: refused, or only
    /// warned about where the source is read regardless (hooks.d, rules outside --strict).
    /// </summary>
    public void UntrustedFilesFound(string source, int count)
    {
        if (count > 0)
        {
            untrustedFiles.Add(count, new KeyValuePair<string, object?>("source", source));
        }
    }

    public void Dispose() => meter.Dispose();
}
