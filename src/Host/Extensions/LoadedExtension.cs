using System.Collections.Immutable;
using HookInjector.Host.Injection.Sources;
using McMaster.NETCore.Plugins;

namespace HookInjector.Host.Extensions;

/// <summary>
/// One extension folder as last loaded: what it contributes, what went wrong, and the load context
/// to unload when it is replaced or removed.
/// </summary>
internal sealed class LoadedExtension(
    string fingerprint,
    PluginLoader? loader,
    ImmutableArray<MatcherEntry> matchers,
    ImmutableArray<MutatorEntry> mutators,
    ImmutableArray<SourceProblem> problems)
{
    public string Fingerprint => fingerprint;

    public ImmutableArray<MatcherEntry> Matchers => matchers;

    public ImmutableArray<MutatorEntry> Mutators => mutators;

    public ImmutableArray<SourceProblem> Problems => problems;

    /// <summary>A folder that could not be loaded at all.</summary>
    public static LoadedExtension Failed(string fingerprint, SourceProblem problem) =>
        new(fingerprint, null, [], [], [problem]);

    /// <summary>
    /// Starts unloading the extension's code. Snapshots still holding its matchers keep working;
    /// the runtime frees the code once the last of them is gone.
    /// </summary>
    public void Unload() => loader?.Dispose();
}
