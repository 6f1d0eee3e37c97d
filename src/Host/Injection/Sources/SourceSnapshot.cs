using System.Collections.Immutable;

namespace HookInjector.Host.Injection.Sources;

/// <summary>What one source (rules, scripts or extensions) contributes after a load: immutable, swapped whole on reload.</summary>
internal sealed record SourceSnapshot(ImmutableArray<MatcherEntry> Matchers, ImmutableArray<MutatorEntry> Mutators, ImmutableArray<SourceProblem> Problems)
{
    public static readonly SourceSnapshot Empty = new([], [], []);

    /// <summary>Files loaded all the same, with something to tell (a rule file others could change, outside --strict).</summary>
    public ImmutableArray<SourceProblem> Warnings { get; init; } = [];
}
