using System.Collections.Concurrent;
using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Injection.Sources;

/// <summary>
/// Every source's contribution at one moment, in pipeline order (rules, scripts, extensions).
/// Immutable but for the quarantine: callers that overran their budget may still be running on a
/// thread nothing can stop, so they are skipped until their source is reloaded.
/// </summary>
internal sealed class PipelineSnapshot
{
    public static readonly PipelineSnapshot Empty = new([]);

    public PipelineSnapshot(ImmutableArray<SourceSnapshot> sources)
    {
        Sources = sources;
        Matchers = [.. sources.SelectMany(source => source.Matchers)];
        Mutators = [.. sources.SelectMany(source => source.Mutators)];
    }

    public ImmutableArray<SourceSnapshot> Sources { get; }

    public ImmutableArray<MatcherEntry> Matchers { get; }

    public ImmutableArray<MutatorEntry> Mutators { get; }

    public ConcurrentDictionary<HookOrigin, string> Quarantined { get; } = new();

    /// <summary>The snapshot with one source replaced; quarantines of the other sources carry over.</summary>
    public PipelineSnapshot WithSource(int index, SourceSnapshot source)
    {
        var next = new PipelineSnapshot(Sources.SetItem(index, source));
        var replaced = Sources[index];
        foreach (var (origin, reason) in Quarantined)
        {
            if (!replaced.Matchers.Any(entry => entry.Origin == origin) && !replaced.Mutators.Any(entry => entry.Origin == origin))
            {
                next.Quarantined.TryAdd(origin, reason);
            }
        }
        return next;
    }
}
