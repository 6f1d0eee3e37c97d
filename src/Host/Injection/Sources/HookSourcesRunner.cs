using HookInjector.Host.FileWatching;
using HookInjector.Host.Metrics;
using HookInjector.Host.Platform;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Loads the rule, script and extension sources when the host starts, then reloads a source after
/// a burst of changes in its directory and publishes a new <see cref="PipelineSnapshot"/> with one
/// reference write: a container sees one consistent set of sources, never half of a reload. The
/// sources can be switched for others (a pre-installed plugin learns its directories only from the
/// configuration the runtime passes): the new ones are loaded and published before the old ones
/// stop being watched.
/// </summary>
internal sealed partial class HookSourcesRunner : IHostedService, IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RewatchInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;
    private readonly Lock publishing = new();
    private readonly SemaphoreSlim switching = new(1, 1);
    private volatile PipelineSnapshot current = PipelineSnapshot.Empty;
    private Generation active;

    public HookSourcesRunner(IReadOnlyList<HookSourceDefinition> definitions, bool watch, TimeProvider time, ILogger<HookSourcesRunner> logger, HookInjectorMetrics? metrics = null)
    {
        this.metrics = metrics;
        active = new Generation(definitions, watch);
        this.time = time;
        this.logger = logger;
    }

    public PipelineSnapshot Current => current;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Arm(active);
            Publish(active, cancellationToken);
            StartReloading(active);
        }
        finally
        {
            switching.Release();
        }
    }

    /// <summary>
    /// Replaces the sources: loads and publishes <paramref name="definitions"/>, then stops watching
    /// the previous ones (waiting for a reload in progress) and watches the new ones if asked to.
    /// Once this returns, nothing of the previous sources is loaded again.
    /// </summary>
    public async Task SwitchAsync(IReadOnlyList<HookSourceDefinition> definitions, bool watch, CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = active;
            var next = new Generation(definitions, watch);
            try
            {
                Arm(next);
                Publish(next, cancellationToken);
            }
            catch
            {
                next.Dispose();
                throw;
            }
            await previous.StopAsync().ConfigureAwait(false);
            previous.Dispose();
            StartReloading(next);
        }
        finally
        {
            switching.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await active.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            switching.Release();
        }
    }

    public void Dispose()
    {
        active.Dispose();
        switching.Dispose();
    }

    private void Publish(Generation generation, CancellationToken cancellationToken)
    {
        var garbage = LoadGarbage.Track();
        var snapshot = new PipelineSnapshot([.. generation.Definitions.Select(definition => LoadReporting(definition, cancellationToken, out _))]);
        lock (publishing)
        {
            active = generation;
            current = snapshot;
        }
        garbage.Release();
    }

    /// <summary>
    /// Watches the directories before their first load, so a change made while loading is not
    /// missed and the load needs no second pass right after it.
    /// </summary>
    private void Arm(Generation generation)
    {
        if (!generation.Watch)
        {
            return;
        }
        foreach (var definition in generation.Definitions)
        {
            var debouncer = new ReloadDebouncer(QuietPeriod, MaxDelay, time);
            var directoryWatch = new DirectoryWatch(definition.Directory, debouncer.Signal, logger, definition.Recursive, loadsAfterFirstArm: true);
            generation.Watches.Add((directoryWatch, debouncer));
            directoryWatch.EnsureWatching();
        }
    }

    private void StartReloading(Generation generation)
    {
        if (generation.Watches.Count > 0)
        {
            generation.Watching = ReloadOnChangesAsync(generation, generation.Stopping.Token);
        }
    }

    private async Task ReloadOnChangesAsync(Generation generation, CancellationToken stoppingToken)
    {
        // Off the caller's thread: start-up and a switch return once the sources are published.
        await Task.Yield();
        try
        {
            var reloads = generation.Watches.Select((watch, index) =>
                watch.Debouncer.RunAsync(() => Reload(generation, index, stoppingToken), stoppingToken));
            using var rewatch = time.CreateTimer(_ => generation.EnsureWatching(), null, RewatchInterval, RewatchInterval);
            await Task.WhenAll(reloads).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            generation.StopWatching();
        }
    }

    private void Reload(Generation generation, int index, CancellationToken cancellationToken)
    {
        var garbage = LoadGarbage.Track();
        var snapshot = LoadReporting(generation.Definitions[index], cancellationToken, out var failed);
        metrics?.Reloaded(generation.Definitions[index].Name, failed);
        lock (publishing)
        {
            // A reload that ends after a switch belongs to sources no longer in use.
            if (generation == active)
            {
                current = current.WithSource(index, snapshot);
            }
        }
        garbage.Release();
    }

    private SourceSnapshot LoadReporting(HookSourceDefinition definition, CancellationToken cancellationToken, out bool failed)
    {
        failed = true;
        SourceSnapshot snapshot;
        using var loading = metrics?.Loading(definition.Name);
        try
        {
            snapshot = definition.Load(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A source that cannot load at all contributes nothing; the others stay in effect.
            LogLoadFailed(definition.Name, definition.Directory, e.Message);
            metrics?.SourceLoaded(definition.Name, problems: 1);
            return SourceSnapshot.Empty;
        }
        failed = !snapshot.Problems.IsEmpty;
        var workerMutators = snapshot.WorkerCalls.Count(call => call.Mutates);
        LogLoaded(definition.Name, definition.Directory,
            snapshot.Matchers.Length + snapshot.WorkerCalls.Length - workerMutators, snapshot.Mutators.Length + workerMutators, snapshot.Problems.Length);
        foreach (var problem in snapshot.Problems)
        {
            LogProblem(definition.Name, problem.ToString());
        }
        foreach (var warning in snapshot.Warnings)
        {
            LogWarning(definition.Name, warning.ToString());
        }
        metrics?.UntrustedFilesFound(definition.Name, snapshot.Problems.Count(problem => problem.IsUntrusted) + snapshot.Warnings.Count(warning => warning.IsUntrusted));
        metrics?.SourceLoaded(definition.Name, snapshot.Problems.Length);
        return snapshot;
    }

    /// <summary>One set of sources and the watching of their directories.</summary>
    private sealed class Generation(IReadOnlyList<HookSourceDefinition> definitions, bool watch) : IDisposable
    {
        public IReadOnlyList<HookSourceDefinition> Definitions => definitions;

        public bool Watch => watch;

        /// <summary>One watch per definition, in the same order.</summary>
        public List<(DirectoryWatch Watch, ReloadDebouncer Debouncer)> Watches { get; } = [];

        public CancellationTokenSource Stopping { get; } = new();

        public Task Watching { get; set; } = Task.CompletedTask;

        public void EnsureWatching() => Watches.ForEach(entry => entry.Watch.EnsureWatching());

        // Disposing a watch is idempotent, and a disposed watch ignores a late re-arm from the timer.
        public void StopWatching() => Watches.ForEach(entry => entry.Watch.Dispose());

        public async Task StopAsync()
        {
            await Stopping.CancelAsync().ConfigureAwait(false);
            await Watching.ConfigureAwait(false);
        }

        public void Dispose()
        {
            StopWatching();
            Stopping.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Source} from {Directory}: {Matchers} matchers, {Mutators} mutators, {Problems} problems")]
    private partial void LogLoaded(string source, string directory, int matchers, int mutators, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping part of {Source}: {Problem}")]
    private partial void LogProblem(string source, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded part of {Source} despite: {Warning}")]
    private partial void LogWarning(string source, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot load {Source} from {Directory}: {Reason}")]
    private partial void LogLoadFailed(string source, string directory, string reason);
}
