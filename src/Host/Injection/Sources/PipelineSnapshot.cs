using System.Collections.Immutable;
using HookInjector.Host.Worker;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Every source's contribution at one moment, in pipeline order (rules, scripts, extensions):
/// the daemon's own matchers and mutators, and the calls the worker makes, matchers first.
/// </summary>
internal sealed class PipelineSnapshot
{
    public static readonly PipelineSnapshot Empty = new([]);

    public PipelineSnapshot(ImmutableArray<SourceSnapshot> sources)
    {
        Sources = sources;
        Matchers = [.. sources.SelectMany(source => source.Matchers)];
        Mutators = [.. sources.SelectMany(source => source.Mutators)];
        var workerCalls = sources.SelectMany(source => source.WorkerCalls).ToList();
        WorkerCalls = [.. workerCalls.Where(call => !call.Mutates), .. workerCalls.Where(call => call.Mutates)];
    }

    public ImmutableArray<SourceSnapshot> Sources { get; }

    public ImmutableArray<MatcherEntry> Matchers { get; }

    public ImmutableArray<MutatorEntry> Mutators { get; }

    public ImmutableArray<WorkerCall> WorkerCalls { get; }

    /// <summary>The snapshot with one source replaced.</summary>
    public PipelineSnapshot WithSource(int index, SourceSnapshot source) => new(Sources.SetItem(index, source));
}
