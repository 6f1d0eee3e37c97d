using System.Collections.Immutable;
using HookInjector.Host.Worker;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// What one source (rules, scripts or extensions) contributes after a load: immutable, swapped whole
/// on reload. The daemon's own rules are entries it calls; scripts and extensions are calls into the worker.
/// </summary>
internal sealed record SourceSnapshot(ImmutableArray<MatcherEntry> Matchers, ImmutableArray<MutatorEntry> Mutators, ImmutableArray<SourceProblem> Problems)
{
    public static readonly SourceSnapshot Empty = new([], [], []);

    /// <summary>The source's calls that run in the worker process (scripts, extensions), matchers first.</summary>
    public ImmutableArray<WorkerCall> WorkerCalls { get; init; } = [];

    /// <summary>Files loaded all the same, with something to tell (a rule file others could change, outside --strict).</summary>
    public ImmutableArray<SourceProblem> Warnings { get; init; } = [];
}
