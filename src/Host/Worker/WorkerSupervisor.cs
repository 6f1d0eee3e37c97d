using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Google.Protobuf;
using HookInjector.Abstractions;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.Nri.Lifecycle;
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
/// The daemon's side of the worker. It starts the worker when a script or extension is first
/// loaded, gives each container one request and one budget, and when the worker overruns, crashes
/// or exits, kills it, blames the call, script or extension folder it was in (or the last call that left
/// threads or work running behind it) and starts a new one in the background with backoff,
/// replaying the loads. Whatever is blamed twice is quarantined until its file changes.
/// Containers never wait for the worker past their budget: without it they still get hooks.d and
/// YAML rule hooks.
/// </summary>
internal sealed partial class WorkerSupervisor : IAsyncDisposable
{
    /// <summary>How often a call, or a script or extension folder being loaded, may take the worker down before it is quarantined.</summary>
    public const int StrikesBeforeQuarantine = 2;

    /// <summary>A load compiles scripts (a second or two for the first in a worker, when the compiler starts) and loads assemblies.</summary>
    public static readonly TimeSpan DefaultLoadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often a running load is looked at, to see whether the worker has moved on.</summary>
    private static readonly TimeSpan LoadCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle worker's CPU use is looked at.</summary>
    public static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The share of one CPU a worker may use outside requests: more means some script or extension
    /// left work spinning behind it, which would otherwise burn the node's CPU for good.
    /// </summary>
    public const double IdleCpuShare = 0.5;

    /// <summary>
    /// Work items a worker may leave queued on its thread pool after a request: its own code leaves
    /// none; a script that starts loops with Task.Run leaves about as many as it started.
    /// </summary>
    public const long PendingWorkLimit = 32;

    /// <summary>
    /// How many containers, after a failure nothing could be blamed for, send each call in a request of
    /// its own and count threads around every call.
    /// </summary>
    private const int WatchThreadsRequests = 64;

    /// <summary>
    /// Requests whose calls are remembered for blame: a call that leaves a thread behind may take the
    /// worker down a few containers later, and a watched container sends a request per call.
    /// </summary>
    private const int RememberedRequests = 256;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(10);

    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly HookInjectorMetrics? metrics;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock state = new();
    private readonly CancellationTokenSource disposing = new();
    private readonly ConcurrentDictionary<string, LoadRequest> loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> strikes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> quarantined = new(StringComparer.Ordinal);

    /// <summary>Scripts and extension folders quarantined for what they did while loading, with their version then.</summary>
    private readonly ConcurrentDictionary<string, string> quarantinedPaths = new(StringComparer.Ordinal);

    private readonly Queue<(ulong Sequence, IReadOnlyList<WorkerCall> Calls)> recent = new();
    private readonly WorkerProgress progress;
    private readonly int progressFd;
    private WorkerLaunch launch;
    private WorkerProcess? worker;
    private Task<WorkerProcess>? starting;
    private ulong sequence;
    private readonly ReconnectBackoff backoff = new(FirstBackoff, LastBackoff);
    private long notBefore;
    private int starts;
    private volatile string? lastStartFailure;

    /// <summary>Containers left whose calls are watched one by one; set after a failure nothing could be blamed for.</summary>
    private int watchThreadsFor;
    private ITimer? idleCheck;
    private (WorkerProcess? Worker, TimeSpan Cpu, long At, TimeSpan InRequests) idleSample;
    private TimeSpan inRequests;

    public WorkerSupervisor(WorkerLaunch launch, ILoggerFactory loggerFactory, TimeProvider time, HookInjectorMetrics? metrics = null)
    {
        this.launch = launch;
        this.loggerFactory = loggerFactory;
        this.time = time;
        this.metrics = metrics;
        logger = loggerFactory.CreateLogger<WorkerSupervisor>();
        progress = WorkerProgress.Create(out progressFd);
        metrics?.ObserveQuarantine(() => quarantined.Count + quarantinedPaths.Count);
    }

    /// <summary>
    /// How long the worker may stay on one script or extension folder while loading (or between them) before it is
    /// killed and that one blamed. Not a limit for the whole load: a directory of many scripts compiled afresh may
    /// take minutes, and the one to blame is the one the worker is stuck on, not whichever it reached at a deadline.
    /// </summary>
    public TimeSpan LoadTimeout { get; init; } = DefaultLoadTimeout;

    /// <summary>What is quarantined now: call ids, and scripts and extension folders quarantined while loading.</summary>
    public IReadOnlyCollection<string> Quarantined => [.. quarantined.Keys, .. quarantinedPaths.Keys];

    /// <summary>How many worker processes were started.</summary>
    public int Starts => Volatile.Read(ref starts);

    /// <summary>
    /// Loads a source for a reload of the daemon's sources, which run off the container path and may
    /// wait. With nothing to load and no worker running, no worker is started for it.
    /// </summary>
    public SourceSnapshot Load(string source, string directory, string cacheDirectory, bool anythingToLoad, CancellationToken cancellationToken)
    {
        if (!anythingToLoad && worker is null && starting is null)
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
    /// <exception cref="IOException">The worker could not be started or failed while loading.</exception>
    public async Task<SourceSnapshot> LoadAsync(string source, string directory, string cacheDirectory, CancellationToken cancellationToken)
    {
        var request = new LoadRequest { Source = source, Directory = directory, CacheDirectory = cacheDirectory };
        ReleaseChangedQuarantines(cancellationToken);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A load that takes the worker down is tried again in the next worker, which replays it;
            // a script or extension folder that keeps doing so is quarantined on the way and left out.
            for (var attempt = 1; ; attempt++)
            {
                var current = await ReadyAsync(LoadTimeout, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    if (attempt <= StrikesBeforeQuarantine + 1)
                    {
                        continue;
                    }
                    throw new IOException($"the worker could not be started to load {source} from {directory}{(lastStartFailure is { } why ? $": {why}" : "")}");
                }
                LoadReply reply;
                try
                {
                    reply = await LoadInAsync(current, request, cancellationToken).ConfigureAwait(false);
                }
                catch (TtrpcException e) when (e.Code is TtrpcStatusCode.DeadlineExceeded or TtrpcStatusCode.Unavailable)
                {
                    var blamed = await FailedAsync(current, $"failed while loading {source} ({Describe(e)})").ConfigureAwait(false);
                    if (attempt <= StrikesBeforeQuarantine + 1)
                    {
                        continue;
                    }
                    throw new IOException($"the worker failed while loading {source} from {directory}: {Describe(e)}{(blamed is null ? "" : $", in {blamed}")}", e);
                }
                // Replayed into every later worker; a load that never succeeded is not.
                loads[source] = request;
                return Snapshot(source, reply);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private SourceSnapshot Snapshot(string source, LoadReply reply)
    {
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

    /// <summary>
    /// Sends one load to <paramref name="worker"/> and waits for its reply for as long as the worker moves on from
    /// one script or extension folder to the next within <see cref="LoadTimeout"/>.
    /// </summary>
    /// <exception cref="TtrpcException">The worker went away, or was stuck (<see cref="TtrpcStatusCode.DeadlineExceeded"/>).</exception>
    private async Task<LoadReply> LoadInAsync(WorkerProcess worker, LoadRequest request, CancellationToken cancellationToken)
    {
        using var stuck = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = worker.CallAsync(WorkerMessages.LoadMethod, Current(request), LoadReply.Parser, Timeout.InfiniteTimeSpan, stuck.Token);
        var step = progress.LoadingStep();
        var since = time.GetTimestamp();
        while (true)
        {
            try
            {
                return await call.WaitAsync(LoadCheckInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still loading: see below whether it moved on.
            }
            var now = progress.LoadingStep();
            if (now != step)
            {
                (step, since) = (now, time.GetTimestamp());
            }
            else if (time.GetElapsedTime(since) >= LoadTimeout)
            {
                await stuck.CancelAsync().ConfigureAwait(false);
                await ((Task)call).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw new TtrpcException(TtrpcStatusCode.DeadlineExceeded, $"it stayed on one step of loading {request.Source} for {LoadTimeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>A load as it is to be sent now: with every script and extension folder quarantined so far.</summary>
    private LoadRequest Current(LoadRequest request)
    {
        var current = request.Clone();
        current.QuarantinedPaths.Clear();
        current.QuarantinedPaths.Add(quarantinedPaths.Keys);
        return current;
    }

    /// <summary>
    /// Runs <paramref name="calls"/> on one container's plan within <paramref name="budget"/>, which
    /// also bounds waiting for a worker being (re)started; the caller leaves quarantined calls out.
    /// </summary>
    /// <param name="container">The container as <see cref="WorkerMessages.ContainerBytes"/> encodes it.</param>
    public async Task<WorkerRun> RunAsync(ByteString container, InjectionPlan plan, IReadOnlyList<WorkerCall> calls, bool trace, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!await gate.WaitAsync(budget, cancellationToken).ConfigureAwait(false))
        {
            return new WorkerRun(plan, [], "the worker was busy with another request for the whole budget");
        }
        try
        {
            var current = await ReadyAsync(budget - Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new WorkerRun(plan, [], lastStartFailure is { } why ? $"the worker cannot start: {why}" : "the worker is starting");
            }
            // After a failure nothing could be blamed for, each call goes in a request of its own: what
            // breaks the worker's answer (code that writes to the worker's socket) then names its call.
            var watching = watchThreadsFor > 0;
            IEnumerable<IReadOnlyList<WorkerCall>> requests = watching ? calls.Select(call => (IReadOnlyList<WorkerCall>)[call]) : [calls];
            var results = new List<CallResult>(calls.Count);
            var planned = plan;
            RunReply? last = null;
            foreach (var requestCalls in requests)
            {
                var left = budget - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return new WorkerRun(plan, [], "no time was left once the worker was ready");
                }
                var sendsPlan = SendsPlan(requestCalls, trace);
                var (reply, byCall, unavailable) = await RequestAsync(current, container, sendsPlan ? planned : null, requestCalls, trace, watching, left, budget, cancellationToken).ConfigureAwait(false);
                if (reply is null)
                {
                    return new WorkerRun(plan, [], unavailable);
                }
                var answered = WorkerMessages.ToPlan(reply.Plan ?? new Plan());
                planned = sendsPlan ? answered : Appended(planned, answered);
                results.AddRange(byCall);
                last = reply;
            }
            if (watchThreadsFor > 0)
            {
                watchThreadsFor--;
            }
            var result = new WorkerRun(planned, results, null);
            if (last?.PendingWork > PendingWorkLimit)
            {
                // The answer stands, but the worker would burn CPU on that work for good.
                await FailedAsync(current, $"was left with {last.PendingWork} work items queued on its thread pool").ConfigureAwait(false);
                return result;
            }
            lock (state)
            {
                backoff.Reset();
            }
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// One Run request: its reply and what each call gave, or null and why when the worker failed it
    /// (the worker is then killed and what it was running blamed). Called under the gate.
    /// </summary>
    /// <param name="plan">The plan so far, or null when the request goes without it (<see cref="SendsPlan"/>).</param>
    private async Task<(RunReply? Reply, IReadOnlyList<CallResult> Results, string? Unavailable)> RequestAsync(WorkerProcess current, ByteString container, InjectionPlan? plan, IReadOnlyList<WorkerCall> calls, bool trace, bool watchThreads, TimeSpan left, TimeSpan budget, CancellationToken cancellationToken)
    {
        var request = new RunRequest
        {
            Sequence = ++sequence,
            Container = container,
            Plan = plan is null ? null : WorkerMessages.ToMessage(plan),
            Trace = trace,
            WatchThreads = watchThreads,
        };
        request.Calls.Add(calls.Select(call => call.Id));
        Remember(request.Sequence, calls);
        var requestStarted = Stopwatch.GetTimestamp();
        try
        {
            var reply = await current.CallAsync(WorkerMessages.RunMethod, request, RunReply.Parser, left, cancellationToken).ConfigureAwait(false);
            inRequests += Stopwatch.GetElapsedTime(requestStarted);
            return (reply, WorkerMessages.ResultsByCall(reply.Results, calls.Count), null);
        }
        catch (TtrpcException e) when (e.Code is TtrpcStatusCode.DeadlineExceeded)
        {
            var reason = $"overran the container's {budget.TotalMilliseconds:0} ms budget";
            var blamed = await FailedAsync(current, reason, calls).ConfigureAwait(false);
            return (null, [], blamed is null ? $"the worker {reason}" : $"the worker {reason} in {blamed}");
        }
        catch (TtrpcException e) when (e.Code is TtrpcStatusCode.Unavailable)
        {
            var reason = Describe(e);
            var blamed = await FailedAsync(current, reason, calls, answerBroke: true).ConfigureAwait(false);
            return (null, [], blamed is null ? $"the worker {reason}" : $"the worker {reason} in {blamed}");
        }
        catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException or TtrpcException)
        {
            // Code in the worker can write to its socket too: whatever comes back that is not an
            // answer costs this container its script and extension hooks, never the container.
            var reason = $"answered nonsense: {e.Message}";
            var blamed = await FailedAsync(current, reason, calls, answerBroke: true).ConfigureAwait(false);
            return (null, [], blamed is null ? $"the worker {reason}" : $"the worker {reason} in {blamed}");
        }
    }

    /// <summary>
    /// Whether a request carries the plan so far: only mutators read it, and a traced request returns
    /// it after every call. Matchers only add hooks, so without mutators the plan neither goes to the
    /// worker nor comes back, which halves what a container's request encodes and decodes.
    /// </summary>
    public static bool SendsPlan(IReadOnlyList<WorkerCall> calls, bool trace) => trace || calls.Any(call => call.Mutates);

    /// <summary>The plan with the hooks a request without it added, after its own in each stage, as the worker adds them.</summary>
    public static InjectionPlan Appended(InjectionPlan plan, InjectionPlan added)
    {
        if (added.IsEmpty)
        {
            return plan;
        }
        var all = new InjectionPlan();
        foreach (var (stage, hook) in plan.Entries().Concat(added.Entries()))
        {
            all.Add(stage, hook);
        }
        return all;
    }

    /// <summary>Starts later workers with <paramref name="next"/> (a configuration named another worker executable).</summary>
    public void UseLaunch(WorkerLaunch next) => launch = next;

    public bool IsQuarantined(string id) => quarantined.ContainsKey(id);

    /// <summary>The calls of <paramref name="all"/> that may run now, in order: all but the quarantined ones.</summary>
    public List<WorkerCall> Runnable(IEnumerable<WorkerCall> all) => [.. all.Where(call => !IsQuarantined(call.Id))];

    public async ValueTask DisposeAsync()
    {
        if (disposing.IsCancellationRequested)
        {
            return;
        }
        await disposing.CancelAsync().ConfigureAwait(false);
        if (idleCheck is not null)
        {
            await idleCheck.DisposeAsync().ConfigureAwait(false);
        }
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Task<WorkerProcess>? pending;
            lock (state)
            {
                pending = starting;
                starting = null;
            }
            if (pending is not null)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
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

    /// <summary>
    /// The running worker, or the one being started (starting one if none is), once it has loaded
    /// every source; null when that takes longer than <paramref name="wait"/>. The start goes on in
    /// the background either way. Called under the gate.
    /// </summary>
    private async Task<WorkerProcess?> ReadyAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposing.IsCancellationRequested, this);
        if (worker is { } running)
        {
            if (!running.Exited.IsCompleted)
            {
                return running;
            }
            await FailedAsync(running, running.ExitDescription).ConfigureAwait(false);
        }
        var pending = StartInBackground();
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }
        try
        {
            return await pending.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (IOException)
        {
            // The start failed; the next call starts another after the backoff.
            return null;
        }
    }

    /// <summary>The start under way, or a new one after the backoff.</summary>
    private Task<WorkerProcess> StartInBackground()
    {
        lock (state)
        {
            // A start that finished since the caller looked has a worker up already.
            if (worker is { Exited.IsCompleted: false } running)
            {
                return Task.FromResult(running);
            }
            if (starting is { IsCompleted: false } under)
            {
                return under;
            }
            var delay = TimeSpan.FromSeconds(Math.Max(0, notBefore - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            starting = Task.Run(() => StartAsync(delay, disposing.Token));
            return starting;
        }
    }

    private async Task<WorkerProcess> StartAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        WorkerProcess started;
        try
        {
            started = WorkerProcess.Start(launch, progress, progressFd, loggerFactory);
        }
        catch (IOException e)
        {
            // A missing or broken worker executable: said once per attempt, tried again after the backoff.
            var wait = BackOff();
            lastStartFailure = e.Message;
            LogStartFailed(logger, e.Message, wait.TotalMilliseconds);
            throw;
        }
        Interlocked.Increment(ref starts);
        // A daemon without scripts or extensions never starts a worker, and never wakes to check one.
        lock (state)
        {
            idleCheck ??= time.CreateTimer(_ => _ = CheckIdleAsync(), null, IdleCheckInterval, IdleCheckInterval);
        }
        lastStartFailure = null;
        foreach (var load in loads.Values)
        {
            try
            {
                await LoadInAsync(started, load, cancellationToken).ConfigureAwait(false);
            }
            catch (TtrpcException e)
            {
                await FailedAsync(started, $"failed while loading {load.Source} ({Describe(e)})").ConfigureAwait(false);
                throw new IOException($"the worker failed while loading {load.Source}: {Describe(e)}", e);
            }
        }
        lock (state)
        {
            worker = started;
        }
        _ = WatchExitAsync(started);
        return started;
    }

    /// <summary>
    /// Kills a worker that keeps the CPU busy between requests: a script or extension left threads
    /// or work spinning behind it. Blamed like a crash, on the last call that left work behind.
    /// </summary>
    private async Task CheckIdleAsync()
    {
        if (disposing.IsCancellationRequested || !await gate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            if (worker is not { } current || current.Exited.IsCompleted)
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            var cpu = current.CpuTime();
            var previous = idleSample;
            idleSample = (current, cpu, now, inRequests);
            if (previous.Worker != current)
            {
                return;
            }
            var idle = Stopwatch.GetElapsedTime(previous.At, now) - (inRequests - previous.InRequests);
            var busy = cpu - previous.Cpu - (inRequests - previous.InRequests);
            if (idle > TimeSpan.Zero && busy > idle * IdleCpuShare)
            {
                await FailedAsync(current, $"kept {busy.TotalSeconds / Stopwatch.GetElapsedTime(previous.At, now).TotalSeconds:P0} of a CPU busy between requests").ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while checking.
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Handles a worker that ends between requests as soon as it does, so a crash never goes unseen.</summary>
    private async Task WatchExitAsync(WorkerProcess watched)
    {
        await watched.Exited.ConfigureAwait(false);
        try
        {
            await gate.WaitAsync(disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (worker == watched)
            {
                await FailedAsync(watched, watched.ExitDescription).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Kills and forgets a failed worker, blames what it was running for it, and starts the next one
    /// after the backoff. Returns what was blamed, if anything could be.
    /// </summary>
    /// <param name="inFlight">The calls of the request it failed, if any: the only one is to blame when nothing else is.</param>
    /// <param name="answerBroke">
    /// The answer broke off or made no sense. A worker that crashed closed its socket as it died, in
    /// the call it notes; one that had to be killed was still running: code it runs wrote to (or
    /// closed) its socket, and the call it was in when killed says nothing, since it went on after that.
    /// </param>
    private async Task<string?> FailedAsync(WorkerProcess failed, string reason, IReadOnlyList<WorkerCall>? inFlight = null, bool answerBroke = false)
    {
        failed.Kill();
        await failed.Exited.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var runningSaysNothing = answerBroke && !failed.EndedByItself;
        var blamedCall = (runningSaysNothing ? null : Blame(progress.Running()))
            ?? Blame(progress.Leftover())
            ?? (inFlight is [var only] ? only : null);
        var blamedLoad = blamedCall is null ? progress.LoadingPath() : null;
        lock (state)
        {
            if (worker == failed)
            {
                worker = null;
            }
        }
        var delay = BackOff();
        await failed.DisposeAsync().ConfigureAwait(false);
        metrics?.WorkerRestarted(blamedCall is not null ? SourceLabel.Of(blamedCall.Origin.Kind) : blamedLoad is { } load ? SourceLabel.Of(load.Kind) : "unknown");
        string? blamed = null;
        if (blamedCall is not null)
        {
            blamed = blamedCall.Origin.ToString();
            var count = strikes.AddOrUpdate(blamedCall.Id, 1, (_, previous) => previous + 1);
            LogWorkerFailedIn(logger, failed.Pid, reason, blamed, blamedCall.File, count, delay.TotalMilliseconds);
            if (count >= StrikesBeforeQuarantine && quarantined.TryAdd(blamedCall.Id, reason))
            {
                LogQuarantined(logger, blamed, blamedCall.File, count);
            }
        }
        else if (blamedLoad is var (blamedKind, blamedPath))
        {
            var (what, which) = blamedKind == HookSourceKind.Script ? ("a rule script", "the rule script") : ("an extension", "the extension folder");
            blamed = $"{which} {blamedPath}";
            var key = "load:" + blamedPath;
            var count = strikes.AddOrUpdate(key, 1, (_, previous) => previous + 1);
            LogWorkerFailedIn(logger, failed.Pid, reason, $"loading {what}", blamedPath, count, delay.TotalMilliseconds);
            if (count >= StrikesBeforeQuarantine && quarantinedPaths.TryAdd(blamedPath, VersionOf(blamedPath)))
            {
                LogQuarantined(logger, what, blamedPath, count);
            }
        }
        else
        {
            // Maybe a thread a call left behind: the next requests find out which call leaves one.
            watchThreadsFor = WatchThreadsRequests;
            LogWorkerFailed(logger, failed.Pid, reason, delay.TotalMilliseconds);
        }
        // Back with every source loaded before the next container asks, unless nothing needs it.
        if (!loads.IsEmpty && !disposing.IsCancellationRequested)
        {
            _ = StartInBackground();
        }
        return blamed;
    }

    /// <summary>The next start waits for the next, doubled, backoff; returns how long.</summary>
    private TimeSpan BackOff()
    {
        lock (state)
        {
            var delay = backoff.Next();
            notBefore = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            return delay;
        }
    }

    /// <summary>Ends the quarantine of every script and extension folder quarantined while loading that has changed since.</summary>
    private void ReleaseChangedQuarantines(CancellationToken cancellationToken)
    {
        foreach (var (path, version) in quarantinedPaths)
        {
            if (VersionOf(path, cancellationToken) != version)
            {
                quarantinedPaths.TryRemove(path, out _);
                strikes.TryRemove("load:" + path, out _);
            }
        }
    }

    /// <summary>
    /// Which version of a script or extension folder this is, from what stat tells (no file is opened): the version
    /// is part of a call's id, and a quarantine ends when it changes.
    /// </summary>
    public static string VersionOf(string path, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path))
        {
            var info = new FileInfo(path);
            return $"{info.Length:x}.{info.LastWriteTimeUtc.Ticks:x}";
        }
        var fingerprint = Directory.Exists(path) ? FolderFingerprint.Of(path, cancellationToken, out _) : "";
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 8));
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
        if (recent.Count == RememberedRequests)
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
        TtrpcStatusCode.Unavailable => $"went away: {e.Message}",
        _ => e.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "No worker for scripts and extensions: {Reason}; trying again in {BackoffMs} ms")]
    private static partial void LogStartFailed(ILogger logger, string reason, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Pid} {Reason}; it was killed and starts again in {BackoffMs} ms")]
    private static partial void LogWorkerFailed(ILogger logger, int pid, string reason, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Pid} {Reason}, in {Blamed} ({File}, {Strikes} time(s)); it was killed and starts again in {BackoffMs} ms")]
    private static partial void LogWorkerFailedIn(ILogger logger, int pid, string reason, string blamed, string file, int strikes, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quarantined {Blamed} ({File}): it took the worker down {Strikes} times; it is skipped until its file changes")]
    private static partial void LogQuarantined(ILogger logger, string blamed, string file, int strikes);
}
