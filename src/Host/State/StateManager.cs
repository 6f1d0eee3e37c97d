using HookInjector.Host.Configuration;
using HookInjector.Host.FileWatching;
using HookInjector.Host.Metrics;
using HookInjector.Host.Worker;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.State;

/// <summary>
/// The one owner of <see cref="PluginState"/>. Loads every source (hooks.d, rules, scripts,
/// extensions) for the settings in force and publishes the state with one reference write; then
/// reloads a source after a burst of changes in its directories and publishes a new state with that
/// source replaced. A reconfiguration (the drop-in configuration a runtime passes, a changed
/// configuration file) builds a whole new state for the new settings before swapping it in, and
/// only then stops watching the old directories; a container created meanwhile sees the old state
/// or the new one, never a mix.
/// </summary>
internal sealed partial class StateManager : IAsyncDisposable
{
    private readonly WorkerSupervisor? worker;
    private readonly TimeProvider time;
    private readonly ReloadTiming timing;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;
    private readonly StateSources sources;
    private readonly SemaphoreSlim changing = new(1, 1);
    private readonly Lock publishing = new();
    private volatile PluginState current;
    private Generation? active;
    private int reloadCount;

    public StateManager(PluginSettings settings, WorkerSupervisor? worker, TimeProvider time, ILoggerFactory loggerFactory, HookInjectorMetrics? metrics = null, ReloadTiming? timing = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.worker = worker;
        this.time = time;
        this.metrics = metrics;
        this.timing = timing ?? ReloadTiming.Default;
        logger = loggerFactory.CreateLogger<StateManager>();
        sources = new StateSources(worker, loggerFactory, metrics);
        current = PluginState.Unloaded(settings);
    }

    /// <summary>The state in force: one volatile read, never blocked by a load or a reconfiguration.</summary>
    public PluginState Current => current;

    /// <summary>Called after every publication with the state published: how a test sees that one reconfiguration is one publication.</summary>
    public event Action<PluginState>? Published;

    /// <summary>How many reloads after a change (not counting start-up and reconfigurations) have been published.</summary>
    public int ReloadCount => Volatile.Read(ref reloadCount);

    /// <summary>
    /// Loads every source for the settings given at construction and starts watching them. With
    /// <c>--strict</c>, an invalid hook file stops here as it stops Go's Hook Manager.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => ReconfigureAsync(current.Settings, cancellationToken);

    /// <summary>
    /// Puts <paramref name="settings"/> in force. When they name the same sources, the loaded
    /// sources are kept and only the settings change; otherwise every source is loaded anew.
    /// </summary>
    /// <exception cref="OciHooks.Loading.HookLoadException">With <c>--strict</c>, a hook file Go's Hook Manager would refuse; nothing changed.</exception>
    public async Task ReconfigureAsync(PluginSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = active;
            if (previous is not null && StateSources.SameSources(previous.Settings, settings))
            {
                worker?.UseLaunch(WorkerLaunch.Resolve(settings.WorkerPath));
                Publish(previous, state => state with { Settings = settings }, counted: false);
                return;
            }
            worker?.UseLaunch(WorkerLaunch.Resolve(settings.WorkerPath));
            var next = new Generation(settings, sources.For(settings));
            try
            {
                // Watched before the first load, so a change made while loading is not missed.
                Arm(next);
                var state = PluginState.Unloaded(settings);
                foreach (var source in next.Sources)
                {
                    state = source.Load(true, cancellationToken)(state);
                }
                Publish(next, _ => state, counted: false);
            }
            catch
            {
                next.Dispose();
                throw;
            }
            if (previous is not null)
            {
                await previous.StopAsync().ConfigureAwait(false);
                previous.Dispose();
            }
            StartReloading(next);
        }
        finally
        {
            changing.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (active is { } last)
            {
                await last.StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            changing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (active is { } last)
        {
            await last.StopAsync().ConfigureAwait(false);
            last.Dispose();
        }
        changing.Dispose();
    }


    private void Publish(Generation generation, Func<PluginState, PluginState> change, bool counted)
    {
        PluginState published;
        lock (publishing)
        {
            // A reload that ends after a reconfiguration belongs to sources no longer in use.
            if (active is not null && active != generation && counted)
            {
                return;
            }
            active = generation;
            published = change(current);
            current = published;
            if (counted)
            {
                reloadCount++;
            }
        }
        foreach (var (source, problems) in published.ProblemCounts())
        {
            metrics?.SourceLoaded(source, problems);
        }
        Published?.Invoke(published);
    }

    private void Arm(Generation generation)
    {
        if (generation.Settings.DisableWatch)
        {
            return;
        }
        // One watch per directory, even when two sources read it (rules and scripts share rules.d):
        // every watch is an inotify instance and a thread.
        var signals = new Dictionary<(string Directory, bool Recursive), List<Action>>();
        foreach (var source in generation.Sources)
        {
            var debouncer = new ReloadDebouncer(timing.QuietPeriod, timing.MaxDelay, time);
            foreach (var directory in source.Directories)
            {
                var key = (directory, source.Recursive);
                if (!signals.TryGetValue(key, out var list))
                {
                    signals[key] = list = [];
                }
                list.Add(debouncer.Signal);
            }
            generation.Debouncers.Add((source, debouncer));
        }
        foreach (var ((directory, recursive), list) in signals)
        {
            var watch = new DirectoryWatch(directory, () => list.ForEach(signal => signal()), logger, recursive, loadsAfterFirstArm: true);
            generation.Watches.Add(watch);
            watch.EnsureWatching();
        }
    }

    private void StartReloading(Generation generation)
    {
        if (generation.Debouncers.Count > 0)
        {
            generation.Watching = ReloadOnChangesAsync(generation, generation.Stopping.Token);
        }
    }

    private async Task ReloadOnChangesAsync(Generation generation, CancellationToken stoppingToken)
    {
        // Off the caller's thread: start-up and a reconfiguration return once the state is published.
        await Task.Yield();
        try
        {
            var reloads = generation.Debouncers.Select(entry => entry.Debouncer.RunAsync(() => Reload(generation, entry.Source, stoppingToken), stoppingToken));
            using var rewatch = time.CreateTimer(_ => generation.EnsureWatching(), null, timing.RewatchInterval, timing.RewatchInterval);
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

    private void Reload(Generation generation, StateSource source, CancellationToken cancellationToken)
    {
        Func<PluginState, PluginState> change;
        try
        {
            change = source.Load(false, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong, containers keep the last published state and the next change tries again.
            metrics?.Reloaded(source.Name, failed: true);
            LogReloadFailed(source.Name, e);
            return;
        }
        Publish(generation, change, counted: true);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {Source} failed; the previous state stays in effect")]
    private partial void LogReloadFailed(string source, Exception exception);

    /// <summary>One set of sources for one set of settings, and the watching of their directories.</summary>
    private sealed class Generation(PluginSettings settings, IReadOnlyList<StateSource> sources) : IDisposable
    {
        public PluginSettings Settings => settings;

        public IReadOnlyList<StateSource> Sources => sources;

        public List<DirectoryWatch> Watches { get; } = [];

        public List<(StateSource Source, ReloadDebouncer Debouncer)> Debouncers { get; } = [];

        public CancellationTokenSource Stopping { get; } = new();

        public Task Watching { get; set; } = Task.CompletedTask;

        public void EnsureWatching() => Watches.ForEach(watch => watch.EnsureWatching());

        // Disposing a watch is idempotent, and a disposed watch ignores a late re-arm from the timer.
        public void StopWatching() => Watches.ForEach(watch => watch.Dispose());

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
}

/// <summary>
/// How long a reload waits. A change reaches containers as soon as its directory has been quiet for
/// <see cref="QuietPeriod"/> (long enough for one file's own writes, short enough to be quick), and
/// never later than <see cref="MaxDelay"/> after a burst began.
/// </summary>
internal sealed record ReloadTiming(TimeSpan QuietPeriod, TimeSpan MaxDelay, TimeSpan RewatchInterval)
{
    public static readonly ReloadTiming Default = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(5));
}
