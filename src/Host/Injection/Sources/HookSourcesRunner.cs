using HookInjector.Host.FileWatching;
using HookInjector.Host.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Loads the rule, script and extension sources when the host starts, then reloads a source after
/// a burst of changes in its directory and publishes a new <see cref="PipelineSnapshot"/> with one
/// reference write: a container sees one consistent set of sources, never half of a reload.
/// </summary>
internal sealed partial class HookSourcesRunner : BackgroundService
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RewatchInterval = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<HookSourceDefinition> definitions;
    private readonly bool watch;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;
    private readonly Lock publishing = new();
    private volatile PipelineSnapshot current = PipelineSnapshot.Empty;

    public HookSourcesRunner(IReadOnlyList<HookSourceDefinition> definitions, bool watch, TimeProvider time, ILogger<HookSourcesRunner> logger, HookInjectorMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.definitions = definitions;
        this.watch = watch;
        this.time = time;
        this.logger = logger;
    }

    public PipelineSnapshot Current => current;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        current = new PipelineSnapshot([.. definitions.Select(definition => LoadReporting(definition, cancellationToken, out _))]);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!watch || definitions.Count == 0)
        {
            return;
        }
        var watches = new List<DirectoryWatch>();
        try
        {
            var reloads = new List<Task>();
            for (var index = 0; index < definitions.Count; index++)
            {
                var sourceIndex = index;
                var debouncer = new ReloadDebouncer(QuietPeriod, MaxDelay, time);
                var directoryWatch = new DirectoryWatch(definitions[index].Directory, debouncer.Signal, logger, definitions[index].Recursive);
                watches.Add(directoryWatch);
                directoryWatch.EnsureWatching();
                reloads.Add(debouncer.RunAsync(() => Reload(sourceIndex, stoppingToken), stoppingToken));
            }
            using var rewatch = time.CreateTimer(_ => watches.ForEach(w => w.EnsureWatching()), null, RewatchInterval, RewatchInterval);
            await Task.WhenAll(reloads).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            watches.ForEach(w => w.Dispose());
        }
    }

    private void Reload(int index, CancellationToken cancellationToken)
    {
        var snapshot = LoadReporting(definitions[index], cancellationToken, out var failed);
        metrics?.Reloaded(definitions[index].Name, failed);
        lock (publishing)
        {
            current = current.WithSource(index, snapshot);
        }
    }

    private SourceSnapshot LoadReporting(HookSourceDefinition definition, CancellationToken cancellationToken, out bool failed)
    {
        failed = true;
        SourceSnapshot snapshot;
        try
        {
            snapshot = definition.Load(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A source that cannot load at all contributes nothing; the others stay in effect.
            LogLoadFailed(definition.Name, definition.Directory, e.Message);
            return SourceSnapshot.Empty;
        }
        failed = !snapshot.Problems.IsEmpty;
        LogLoaded(definition.Name, definition.Directory, snapshot.Matchers.Length, snapshot.Mutators.Length, snapshot.Problems.Length);
        foreach (var problem in snapshot.Problems)
        {
            LogProblem(definition.Name, problem.ToString());
        }
        return snapshot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Source} from {Directory}: {Matchers} matchers, {Mutators} mutators, {Problems} problems")]
    private partial void LogLoaded(string source, string directory, int matchers, int mutators, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping part of {Source}: {Problem}")]
    private partial void LogProblem(string source, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot load {Source} from {Directory}: {Reason}")]
    private partial void LogLoadFailed(string source, string directory, string reason);
}
