using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Extensions;
using HookInjector.Host.Injection;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Platform;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Transport.Ttrpc;
using HookInjector.Host.Worker.Protocol;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Worker;

/// <summary>
/// The worker's side of the protocol: loads the rule scripts and extensions the daemon names and
/// runs a container's calls into them, one after the other on the request's own thread. Nothing here
/// guards against the code it runs: a call that hangs, crashes or exits takes this process with it,
/// and the daemon, which holds the budget, kills and restarts it and blames the call from
/// <see cref="WorkerProgress"/>.
/// </summary>
internal sealed class WorkerService(ILoggerFactory loggerFactory, WorkerProgress? progress) : IDisposable
{
    public const string ScriptsSource = "scripts";
    public const string ExtensionsSource = "extensions";

    private readonly Lock loading = new();
    private ScriptSource? scripts;
    private (string Directory, string Cache)? scriptsAt;
    private ExtensionSource? extensions;
    private string? extensionsAt;
    private FrozenDictionary<string, LoadedCall> scriptCalls = FrozenDictionary<string, LoadedCall>.Empty;
    private FrozenDictionary<string, LoadedCall> extensionCalls = FrozenDictionary<string, LoadedCall>.Empty;
    private HashSet<string> quarantinedPaths = new(StringComparer.Ordinal);

    public TtrpcServiceTable CreateServiceTable() => new TtrpcServiceTable()
        .Add(WorkerMessages.Service, WorkerMessages.LoadMethod, (payload, ct) => ValueTask.FromResult<IMessage>(Load(LoadRequest.Parser.ParseFrom(payload), ct)))
        .Add(WorkerMessages.Service, WorkerMessages.RunMethod, (payload, ct) => ValueTask.FromResult<IMessage>(Run(RunRequest.Parser.ParseFrom(payload), ct)));

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = BuildFlavor.CodeLoadingJustification)]
    public LoadReply Load(LoadRequest request, CancellationToken cancellationToken)
    {
        if (!BuildFlavor.CanLoadCode)
        {
            throw new TtrpcException(TtrpcStatusCode.FailedPrecondition, "this build of hook-injector cannot load code; run the worker build");
        }
        lock (loading)
        {
            var reply = new LoadReply();
            quarantinedPaths = [.. request.QuarantinedPaths];
            try
            {
                switch (request.Source)
                {
                    case ScriptsSource:
                        if (scriptsAt != (request.Directory, request.CacheDirectory))
                        {
                            scripts?.Dispose();
                            scripts = new ScriptSource(new ScriptSourceOptions(request.Directory, request.CacheDirectory, path => Admit(HookSourceKind.Script, path)), loggerFactory.CreateLogger<ScriptSource>());
                            scriptsAt = (request.Directory, request.CacheDirectory);
                        }
                        scriptCalls = Publish(scripts!.Load(cancellationToken), reply, origin => Path.Combine(request.Directory, origin.Name));
                        break;
                    case ExtensionsSource:
                        if (extensionsAt != request.Directory)
                        {
                            extensions?.Dispose();
                            extensions = new ExtensionSource(new ExtensionSourceOptions(request.Directory, path => Admit(HookSourceKind.Extension, path)), loggerFactory.CreateLogger<ExtensionSource>());
                            extensionsAt = request.Directory;
                        }
                        var directory = Path.GetFullPath(request.Directory);
                        extensionCalls = Publish(extensions!.Load(cancellationToken), reply, origin => Path.Combine(directory, origin.Name[..origin.Name.IndexOf('/', StringComparison.Ordinal)]));
                        break;
                    default:
                        throw new TtrpcException(TtrpcStatusCode.InvalidArgument, $"unknown source \"{request.Source}\"");
                }
            }
            finally
            {
                // Done loading, or failed without taking the worker down: nothing of it is to blame for what comes next.
                progress?.Loaded();
            }
            return reply;
        }
    }

    public RunReply Run(RunRequest request, CancellationToken cancellationToken)
    {
        var context = WorkerMessages.ToContext(request.Container);
        var plan = WorkerMessages.ToPlan(request.Plan ?? new Plan());
        var reply = new RunReply();
        var leftover = Leftover.Take(request.WatchThreads);
        for (var position = 0; position < request.Calls.Count; position++)
        {
            var id = request.Calls[position];
            if (!scriptCalls.TryGetValue(id, out var call) && !extensionCalls.TryGetValue(id, out call))
            {
                reply.Results.Add(new CallResult { Status = CallStatus.NotLoaded, Position = (uint)position });
                continue;
            }
            progress?.Enter(request.Sequence, position);
            var result = Invoke(call, context, ref plan, cancellationToken);
            progress?.Leave();
            var after = Leftover.Take(request.WatchThreads);
            if (after.Exceeds(leftover))
            {
                progress?.LeftWorkBehind(request.Sequence, position);
            }
            leftover = after;
            if (request.Trace)
            {
                result ??= new CallResult();
                result.PlanAfter = WorkerMessages.ToMessage(plan);
            }
            if (result is not null)
            {
                result.Position = (uint)position;
                reply.Results.Add(result);
            }
        }
        reply.Plan = WorkerMessages.ToMessage(plan);
        reply.PendingWork = ThreadPool.PendingWorkItemCount;
        return reply;
    }

    /// <summary>Whether a script or extension folder may load now; notes it in the progress memory while it does.</summary>
    private string? Admit(HookSourceKind kind, string path)
    {
        if (quarantinedPaths.Contains(path))
        {
            return "quarantined: it took the worker down twice while loading; it loads again once it changes";
        }
        progress?.Loading(kind, path);
        return null;
    }

    public void Dispose()
    {
        lock (loading)
        {
            scripts?.Dispose();
            extensions?.Dispose();
        }
    }

    /// <summary>Runs one call; its result, or null when it completed and left the plan as it was (a matcher's added hooks aside).</summary>
    private static CallResult? Invoke(LoadedCall call, ContainerContext context, ref InjectionPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            if (call.Matcher is { } matcher)
            {
                var collector = new PlanCollector(call.Origin);
                matcher.AddHooks(context, collector, cancellationToken);
                collector.MoveTo(plan);
                return null;
            }
            var draft = PlanChange.Copy(plan);
            call.Mutator!.Mutate(context, draft, cancellationToken);
            var changed = !PlanChange.Same(plan, draft);
            plan = draft;
            return changed ? new CallResult { Status = CallStatus.Completed, Changed = true } : null;
        }
        catch (Exception e)
        {
            // A matcher's hooks reach the plan only when it returns; a mutator edits a draft.
            return new CallResult { Status = CallStatus.Failed, Error = $"{e.GetType().Name}: {e.Message}" };
        }
    }

    private static FrozenDictionary<string, LoadedCall> Publish(SourceSnapshot snapshot, LoadReply reply, Func<HookOrigin, string> fileOf)
    {
        var calls = new Dictionary<string, LoadedCall>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Matchers)
        {
            Add(new LoadedCall(entry.Origin, entry.Matcher, null), fileOf(entry.Origin));
        }
        foreach (var entry in snapshot.Mutators)
        {
            Add(new LoadedCall(entry.Origin, null, entry.Mutator), fileOf(entry.Origin));
        }
        reply.Problems.AddRange(snapshot.Problems.Select(WorkerMessages.ToMessage));
        reply.Warnings.AddRange(snapshot.Warnings.Select(WorkerMessages.ToMessage));
        return calls.ToFrozenDictionary(StringComparer.Ordinal);

        void Add(LoadedCall call, string file)
        {
            var id = $"{call.Origin}{(call.Mutator is null ? "" : "#mutator")}@{WorkerSupervisor.VersionOf(file)}";
            if (calls.TryAdd(id, call))
            {
                reply.Entries.Add(new Entry { Id = id, Kind = (int)call.Origin.Kind, Name = call.Origin.Name, Mutates = call.Mutator is not null, File = file });
            }
        }
    }

    private sealed record LoadedCall(HookOrigin Origin, IHookMatcher? Matcher, IPlanMutator? Mutator);

    /// <summary>
    /// What a call can leave running when it returns: work queued on the thread pool and pool
    /// threads (two counters, taken around every call), and threads of its own (a statx, taken around
    /// every call only when the daemon asks for it: after a death nothing could be blamed for).
    /// </summary>
    private readonly record struct Leftover(long Threads, long PendingWork, int PoolThreads)
    {
        /// <summary>Held open so that counting costs a statx of a descriptor, not a walk of the path through procfs.</summary>
        private static readonly Microsoft.Win32.SafeHandles.SafeFileHandle TaskDirectory = LibC.Open("/proc/self/task", LibC.OpenPathOnly, out _);

        public static Leftover Take(bool countThreads) => new(countThreads ? ThreadCount() : 0, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount);

        public bool Exceeds(Leftover before) =>
            Threads > before.Threads || PendingWork > before.PendingWork || PoolThreads > before.PoolThreads;

        /// <summary>procfs counts a process's threads in the link count of its task directory (plus two).</summary>
        private static long ThreadCount() => TaskDirectory.IsInvalid ? 0 : LibC.LinkCount(TaskDirectory);
    }
}
