using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using HookInjector.Abstractions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Worker.Protocol;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Worker;

/// <summary>A script or extension call the worker has loaded, as the daemon's sources list it.</summary>
/// <param name="Id">The worker's name for it, stable while its file does not change.</param>
internal sealed record WorkerCall(string Id, HookOrigin Origin, bool Mutates, string File);

/// <summary>What the worker did with one container's calls.</summary>
/// <param name="Plan">The plan after every call that completed.</param>
/// <param name="Results">One per call asked for; empty when the worker could not run any (<paramref name="Unavailable"/>).</param>
/// <param name="Unavailable">Why no call ran, when none did.</param>
internal sealed record WorkerRun(InjectionPlan Plan, IReadOnlyList<CallResult> Results, string? Unavailable);

/// <summary>
/// The daemon's side of the worker: starts it when a script or extension is first loaded, gives each
/// container one request and one budget, and when the worker overruns it, crashes or exits, kills
/// it, blames the call it was in (or the last one that left work running behind it) and starts a
/// new one with backoff, replaying the loads. A call blamed twice is quarantined until its file
/// changes. Containers never wait for the worker past their budget: without it they still get
/// hooks.d and YAML rule hooks.
/// </summary>
internal sealed partial class WorkerSupervisor : IAsyncDisposable
{
    /// <summary>How often a call may take the worker down before it is quarantined.</summary>
    public const int StrikesBeforeQuarantine = 2;

    /// <summary>A load compiles scripts (seconds each when the cache is cold) and loads assemblies.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(10);

    private WorkerLaunch launch;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<string, LoadRequest> loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> strikes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> quarantined = new(StringComparer.Ordinal);
    private readonly Queue<(ulong Sequence, IReadOnlyList<WorkerCall> Calls)> recent = new();
    private readonly WorkerProgress progress;
    private readonly int progressFd;
    private WorkerProcess? worker;
    private ulong sequence;
    private TimeSpan backoff = TimeSpan.Zero;
    private long notBefore;
    private bool disposed;

    public WorkerSupervisor(WorkerLaunch launch, ILoggerFactory loggerFactory, TimeProvider time, HookInjectorMetrics? metrics = null)
    {
        this.launch = launch;
        this.loggerFactory = loggerFactory;
        this.time = time;
        this.metrics = metrics;
        logger = loggerFactory.CreateLogger<WorkerSupervisor>();
        progress = WorkerProgress.Create(out progressFd);
        metrics?.ObserveQuarantine(() => quarantined.Count);
    }

    /// <summary>The calls quarantined now, with why.</summary>
    public IReadOnlyDictionary<string, string> Quarantined => quarantined;

    /// <summary>How many worker processes were started.</summary>
    public int Starts { get; private set; }

    /// <summary>
    /// Loads a source for a reload of the daemon's sources, which run off the container path and may
    /// wait. With nothing to load and no worker running, no worker is started for it.
    /// </summary>
    public SourceSnapshot Load(string source, string directory, string cacheDirectory, bool anythingToLoad, CancellationToken cancellationToken)
    {
        if (!anythingToLoad && worker is null)
        {
            loads.TryRemove(source, out _);
            return SourceSnapshot.Empty;
        }
        return LoadAsync(source, directory, cacheDirectory, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Loads a source in the worker (starting it if need be) and returns its calls as a snapshot; the
    /// load is remembered and replayed into every later worker process.
    /// </summary>
    public async Task<SourceSnapshot> LoadAsync(string source, string directory, string cacheDirectory, CancellationToken cancellationToken)
    {
        var request = new LoadRequest { Source = source, Directory = directory, CacheDirectory = cacheDirectory };
        loads[source] = request;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await EnsureStartedAsync(Stopwatch.GetTimestamp() + (long)(LoadTimeout.TotalSeconds * Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            LoadReply reply;
            try
            {
                reply = await current.CallAsync(WorkerMessages.LoadMethod, request, LoadReply.Parser, LoadTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TtrpcException e) when (e.Code is TtrpcStatusCode.DeadlineExceeded or TtrpcStatusCode.Unavailable)
            {
                await FailedAsync(current, $"its {source} load {Describe(e)}", null).ConfigureAwait(false);
                throw new IOException($"the worker failed while loading {source} from {directory}: {Describe(e)}", e);
            }
            var calls = reply.Entries.Select(entry => new WorkerCall(entry.Id, new HookOrigin(WorkerMessages.Defined<HookSourceKind>(entry.Kind, "source kind"), entry.Name), entry.Mutates, entry.File)).ToImmutableArray();
            // A quarantine lasts until the file changes, which changes the call's id.
            foreach (var id in quarantined.Keys.Where(id => IsOf(source, id) && !calls.Any(call => call.Id == id)))
            {
                quarantined.TryRemove(id, out _);
                strikes.TryRemove(id, out _);
            }
            return new SourceSnapshot([], [], [.. reply.Problems.Select(WorkerMessages.ToProblem)])
            {
                WorkerCalls = calls,
                Warnings = [.. reply.Warnings.Select(WorkerMessages.ToProblem)],
            };
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="calls"/> (quarantined ones left out) on one container's plan within
    /// <paramref name="budget"/>, which also bounds waiting for a worker being (re)started.
    /// </summary>
    public async Task<WorkerRun> RunAsync(ContainerContext context, InjectionPlan plan, IReadOnlyList<WorkerCall> calls, bool trace, TimeSpan budget, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        if (!await gate.WaitAsync(budget, cancellationToken).ConfigureAwait(false))
        {
            return new WorkerRun(plan, [], "the worker was busy with another request past the budget");
        }
        try
        {
            WorkerProcess current;
            try
            {
                current = await EnsureStartedAsync(deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return new WorkerRun(plan, [], e.Message);
            }
            var request = new RunRequest
            {
                Sequence = ++sequence,
                Pod = WorkerMessages.ToMessage(context.Pod),
                Container = WorkerMessages.ToMessage(context.Container),
                Plan = WorkerMessages.ToMessage(plan),
                Trace = trace,
            };
            request.Calls.Add(calls.Select(call => call.Id));
            Remember(request.Sequence, calls);
            var left = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                return new WorkerRun(plan, [], "no time was left once the worker had started");
            }
            try
            {
                var reply = await current.CallAsync(WorkerMessages.RunMethod, request, RunReply.Parser, left, cancellationToken).ConfigureAwait(false);
                if (reply.Results.Count != calls.Count)
                {
                    throw new InvalidDataException($"the worker answered {reply.Results.Count} results for {calls.Count} calls");
                }
                backoff = TimeSpan.Zero;
                return new WorkerRun(WorkerMessages.ToPlan(reply.Plan ?? new Plan()), reply.Results, null);
            }
            catch (TtrpcException e) when (e.Code is TtrpcStatusCode.DeadlineExceeded or TtrpcStatusCode.Unavailable)
            {
                var reason = e.Code == TtrpcStatusCode.DeadlineExceeded ? $"overran the container's {budget.TotalMilliseconds:0} ms budget" : Describe(e);
                var blamed = await FailedAsync(current, reason, request.Sequence).ConfigureAwait(false);
                return new WorkerRun(plan, [], blamed is null ? $"the worker {reason}" : $"the worker {reason} in {blamed.Origin}");
            }
            catch (InvalidDataException e)
            {
                await FailedAsync(current, $"answered nonsense: {e.Message}", request.Sequence).ConfigureAwait(false);
                return new WorkerRun(plan, [], $"the worker answered nonsense: {e.Message}");
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts later workers with <paramref name="next"/> (a configuration named another worker executable).</summary>
    public void UseLaunch(WorkerLaunch next) => launch = next;

    public bool IsQuarantined(string id) => quarantined.ContainsKey(id);

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            disposed = true;
            if (worker is not null)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
                worker = null;
            }
            progress.Dispose();
            Platform.Descriptors.Close(progressFd);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The running worker, or a new one once the backoff allows, with every load replayed; called under the gate.</summary>
    private async Task<WorkerProcess> EnsureStartedAsync(long deadline, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (worker is { } running && !running.Exited.IsCompleted)
        {
            return running;
        }
        if (worker is { } exited)
        {
            await FailedAsync(exited, exited.ExitDescription, null).ConfigureAwait(false);
        }
        var wait = notBefore - Stopwatch.GetTimestamp();
        if (wait > 0)
        {
            if (notBefore > deadline)
            {
                throw new IOException("the worker is restarting (backoff after a failure)");
            }
            await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), time, cancellationToken).ConfigureAwait(false);
        }
        var started = WorkerProcess.Start(launch, progress, progressFd, loggerFactory);
        Starts++;
        worker = started;
        _ = WatchExitAsync(started);
        foreach (var load in loads.Values)
        {
            var left = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                throw new IOException("the worker started but had no time left to load its sources");
            }
            try
            {
                await started.CallAsync(WorkerMessages.LoadMethod, load, LoadReply.Parser, left, cancellationToken).ConfigureAwait(false);
            }
            catch (TtrpcException e)
            {
                await FailedAsync(started, $"its {load.Source} load {Describe(e)}", null).ConfigureAwait(false);
                throw new IOException($"the worker failed while loading {load.Source}: {Describe(e)}", e);
            }
        }
        return started;
    }

    /// <summary>Logs a worker that ended between requests as soon as it does, so a crash never goes unseen.</summary>
    private async Task WatchExitAsync(WorkerProcess watched)
    {
        await watched.Exited.ConfigureAwait(false);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!disposed && worker == watched)
            {
                await FailedAsync(watched, watched.ExitDescription, null).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Kills and forgets a failed worker, blames a call for it and schedules the next start; called
    /// under the gate. Returns the blamed call, if one could be.
    /// </summary>
    private async Task<WorkerCall?> FailedAsync(WorkerProcess failed, string reason, ulong? inRequest)
    {
        failed.Kill();
        await failed.Exited.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var blamed = Blame(progress.Running()) ?? Blame(progress.Leftover());
        if (worker == failed)
        {
            worker = null;
        }
        await failed.DisposeAsync().ConfigureAwait(false);
        backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
        notBefore = Stopwatch.GetTimestamp() + (long)(backoff.TotalSeconds * Stopwatch.Frequency);
        metrics?.WorkerRestarted(blamed is null ? "unknown" : SourceLabel.Of(blamed.Origin.Kind));
        if (blamed is null)
        {
            LogWorkerFailed(logger, failed.Pid, reason, backoff.TotalMilliseconds);
            return null;
        }
        var count = strikes.AddOrUpdate(blamed.Id, 1, (_, previous) => previous + 1);
        LogWorkerFailedIn(logger, failed.Pid, reason, blamed.Origin, blamed.File, count, backoff.TotalMilliseconds);
        if (count >= StrikesBeforeQuarantine && quarantined.TryAdd(blamed.Id, $"took the worker down {count} times (last: {reason})"))
        {
            LogQuarantined(logger, blamed.Origin, blamed.File, count);
        }
        _ = inRequest;
        return blamed;
    }

    private WorkerCall? Blame((ulong Sequence, int Position)? noted)
    {
        if (noted is not { } at)
        {
            return null;
        }
        foreach (var (number, calls) in recent)
        {
            if (number == at.Sequence && at.Position < calls.Count)
            {
                return calls[at.Position];
            }
        }
        return null;
    }

    private void Remember(ulong number, IReadOnlyList<WorkerCall> calls)
    {
        // A call that leaves a thread behind may take the worker down a few requests later.
        if (recent.Count == 16)
        {
            recent.Dequeue();
        }
        recent.Enqueue((number, calls));
    }

    private static bool IsOf(string source, string id) =>
        id.StartsWith(source == WorkerService.ScriptsSource ? "script:" : "extension:", StringComparison.Ordinal);

    private static string Describe(TtrpcException e) => e.Code switch
    {
        TtrpcStatusCode.DeadlineExceeded => "took too long",
        TtrpcStatusCode.Unavailable => $"went away ({e.Message})",
        _ => e.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Pid} {Reason}; it was killed and starts again in {BackoffMs} ms")]
    private static partial void LogWorkerFailed(ILogger logger, int pid, string reason, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Pid} {Reason}, in {Origin} ({File}, {Strikes} time(s)); it was killed and starts again in {BackoffMs} ms")]
    private static partial void LogWorkerFailedIn(ILogger logger, int pid, string reason, HookOrigin origin, string file, int strikes, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quarantined {Origin} ({File}): it took the worker down {Strikes} times; it is skipped until the file changes")]
    private static partial void LogQuarantined(ILogger logger, HookOrigin origin, string file, int strikes);
}
