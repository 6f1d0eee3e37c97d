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
/// or the new one, never a mix. The scripts and extensions of a start or reconfiguration that a
/// runtime is waiting for may join that state later, in a publication of their own.
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
    public Task StartAsync(CancellationToken cancellationToken) => StartAsync(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <inheritdoc cref="StartAsync(CancellationToken)"/>
    /// <param name="workerSourcesWait">How long the scripts and extensions may hold up the start (see <see cref="ReconfigureAsync(PluginSettings, TimeSpan, CancellationToken)"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public Task StartAsync(TimeSpan workerSourcesWait, CancellationToken cancellationToken) => ReconfigureAsync(current.Settings, workerSourcesWait, cancellationToken);

    /// <summary>
    /// How long loading the scripts and extensions may hold up a runtime that waits for the plugin: three quarters of
    /// what it allows, the rest for everything else on the way. Unlimited when nobody waits (<see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    public static TimeSpan WorkerSourcesWaitWithin(TimeSpan runtimeAllows) =>
        runtimeAllows == Timeout.InfiniteTimeSpan ? runtimeAllows : runtimeAllows * 3 / 4;

    /// <summary>Puts <paramref name="settings"/> in force once every source has loaded.</summary>
    /// <exception cref="OciHooks.Loading.HookLoadException">With <c>--strict</c>, a hook file Go's Hook Manager would refuse; nothing changed.</exception>
    public Task ReconfigureAsync(PluginSettings settings, CancellationToken cancellationToken) => ReconfigureAsync(settings, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// Puts <paramref name="settings"/> in force. When they name the same sources, the loaded sources are kept and
    /// only the settings change; otherwise every source is loaded anew, and the scripts and extensions are waited for
    /// at most <paramref name="workerSourcesWait"/> from the call. A runtime drops a plugin that does not register or
    /// answer Configure in time, and the worker compiling many scripts afresh (a first start, a new version) can take
    /// longer than that. Past the wait, the state is published with hooks.d and the YAML rules, marked
    /// (<see cref="PluginState.WorkerSourcesLoading"/>) so that containers wait for the rest within their budget and
    /// are logged and counted when they get none of it; the scripts and extensions join the state once loaded.
    /// </summary>
    /// <exception cref="OciHooks.Loading.HookLoadException">With <c>--strict</c>, a hook file Go's Hook Manager would refuse; nothing changed.</exception>
    public async Task ReconfigureAsync(PluginSettings settings, TimeSpan workerSourcesWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = time.GetTimestamp();
        await changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = active;
            if (previous is not null && StateSources.SameSources(previous.Settings, settings))
            {
                worker?.UseLaunch(WorkerLaunch.Resolve(settings.WorkerPath));
                Publish(previous, state => state with { Settings = settings }, Publication.Reconfiguration);
                return;
            }
            worker?.UseLaunch(WorkerLaunch.Resolve(settings.WorkerPath));
            var next = new Generation(settings, sources.For(settings));
            try
            {
                // Watched before the first load, so a change made while loading is not missed.
                Arm(next);
                var state = PluginState.Unloaded(settings);
                TaskCompletionSource? joined = null;
                foreach (var source in next.Sources.Where(source => !source.InWorker))
                {
                    state = source.Load(true, cancellationToken)(state);
                }
                next.Loading = Task.Run(() => LoadInWorker(next), CancellationToken.None);
                if (await LoadedWithinAsync(next.Loading, Remaining(workerSourcesWait, started), cancellationToken).ConfigureAwait(false))
                {
                    state = next.Loading.Result(state);
                }
                else
                {
                    LogWorkerSourcesStillLoading(time.GetElapsedTime(started).TotalMilliseconds);
                    joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    state = state with { WorkerSourcesLoading = joined.Task };
                }
                Publish(next, _ => state, Publication.Reconfiguration);
                if (joined is not null)
                {
                    // Only now: the late publication must come after this one.
                    next.Joining = JoinWhenLoadedAsync(next, joined, started);
                }
            }
            catch
            {
                await next.StopAsync().ConfigureAwait(false);
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

    /// <summary>
    /// Loads the sources the worker loads, one after the other, on the generation's own token: the load may go on
    /// after the reconfiguration that started it returned.
    /// </summary>
    private static Func<PluginState, PluginState> LoadInWorker(Generation generation)
    {
        Func<PluginState, PluginState> loaded = state => state;
        foreach (var source in generation.Sources.Where(source => source.InWorker))
        {
            var before = loaded;
            var change = source.Load(true, generation.Stopping.Token);
            loaded = state => change(before(state));
        }
        return loaded;
    }

    private TimeSpan Remaining(TimeSpan wait, long since) =>
        wait == Timeout.InfiniteTimeSpan ? wait : TimeSpan.FromTicks(Math.Max(0, (wait - time.GetElapsedTime(since)).Ticks));

    private async Task<bool> LoadedWithinAsync(Task loading, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await loading.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Publishes the scripts and extensions a reconfiguration did not wait for once they are loaded, then completes <paramref name="joined"/>.</summary>
    private async Task JoinWhenLoadedAsync(Generation generation, TaskCompletionSource joined, long since)
    {
        try
        {
            var loaded = await generation.Loading.ConfigureAwait(false);
            Publish(generation, state => loaded(state) with { WorkerSourcesLoading = null }, Publication.Joined);
            var took = time.GetElapsedTime(since);
            LogWorkerSourcesJoined(took.TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            // The generation was stopped: another state replaced it, or the plugin is stopping.
        }
        catch (Exception e)
        {
            // As a reload that fails: the state goes on without them, and the next change in their directories tries again.
            LogReloadFailed("scripts and extensions", e);
            Publish(generation, state => state with { WorkerSourcesLoading = null }, Publication.Joined);
        }
        finally
        {
            joined.TrySetResult();
        }
    }

    private void Publish(Generation generation, Func<PluginState, PluginState> change, Publication publication)
    {
        PluginState published;
        lock (publishing)
        {
            // A reload or a late load that ends after a reconfiguration belongs to sources no longer in use.
            if (active is not null && active != generation && publication != Publication.Reconfiguration)
            {
                return;
            }
            active = generation;
            published = change(current);
            current = published;
            if (publication == Publication.Reload)
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
            var reloads = generation.Debouncers.Select(entry => ReloadOnChangesAsync(generation, entry.Source, entry.Debouncer, stoppingToken));
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

    private async Task ReloadOnChangesAsync(Generation generation, StateSource source, ReloadDebouncer debouncer, CancellationToken stoppingToken)
    {
        if (source.InWorker)
        {
            // A reload must not be overtaken by the first load of the same source; changes made meanwhile wait in the debouncer.
            await generation.Joining.ConfigureAwait(false);
        }
        await debouncer.RunAsync(() => Reload(generation, source, stoppingToken), stoppingToken).ConfigureAwait(false);
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
        Publish(generation, change, Publication.Reload);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {Source} failed; the previous state stays in effect")]
    private partial void LogReloadFailed(string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scripts and extensions are still loading after {Milliseconds:0} ms; hooks.d and the rules are in force, and each container waits for the rest within its budget until they join")]
    private partial void LogWorkerSourcesStillLoading(double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The scripts and extensions loaded in {Milliseconds:0} ms and joined the state in force; containers created before got only their hooks.d and rule hooks")]
    private partial void LogWorkerSourcesJoined(double milliseconds);

    private enum Publication
    {
        /// <summary>A start or reconfiguration: always in force, with its generation.</summary>
        Reconfiguration,

        /// <summary>A source reloaded after a change; dropped when its generation is no longer in force.</summary>
        Reload,

        /// <summary>The scripts and extensions a reconfiguration did not wait for; dropped like a reload.</summary>
        Joined,
    }

    /// <summary>One set of sources for one set of settings, and the watching of their directories.</summary>
    private sealed class Generation(PluginSettings settings, IReadOnlyList<StateSource> sources) : IDisposable
    {
        public PluginSettings Settings => settings;

        public IReadOnlyList<StateSource> Sources => sources;

        public List<DirectoryWatch> Watches { get; } = [];

        public List<(StateSource Source, ReloadDebouncer Debouncer)> Debouncers { get; } = [];

        public CancellationTokenSource Stopping { get; } = new();

        public Task Watching { get; set; } = Task.CompletedTask;

        /// <summary>The first load of the sources the worker loads, as a change to a state.</summary>
        public Task<Func<PluginState, PluginState>> Loading { get; set; } = Task.FromResult<Func<PluginState, PluginState>>(state => state);

        /// <summary>Completes once what <see cref="Loading"/> loaded is in force, or never will be; never fails.</summary>
        public Task Joining { get; set; } = Task.CompletedTask;

        public void EnsureWatching() => Watches.ForEach(watch => watch.EnsureWatching());

        // Disposing a watch is idempotent, and a disposed watch ignores a late re-arm from the timer.
        public void StopWatching() => Watches.ForEach(watch => watch.Dispose());

        public async Task StopAsync()
        {
            await Stopping.CancelAsync().ConfigureAwait(false);
            await Watching.ConfigureAwait(false);
            await Joining.ConfigureAwait(false);
            await ((Task)Loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
