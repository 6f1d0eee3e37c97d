using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Configuration;
using HookInjector.Host.Injection.Sources;
using HookInjector.Host.Metrics;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Host.State;

/// <summary>
/// Everything a container's hooks are decided from, at one moment: the settings in force, the
/// hooks.d catalog, and the rules, scripts and extensions in pipeline order. Immutable, built whole
/// by <see cref="StateManager"/> and published with one reference write, so a container sees one
/// consistent state from start to end: never new hooks.d with old rules, or old settings with new hooks.
/// </summary>
/// <param name="Settings">The settings in force.</param>
/// <param name="Hooks">The hooks.d hook files that loaded, in evaluation order.</param>
/// <param name="Sources">Rules, scripts and extensions, in that order.</param>
/// <param name="HookFileProblems">How many hooks.d files were left out at the last load.</param>
internal sealed record PluginState(PluginSettings Settings, HookCatalog Hooks, PipelineSnapshot Sources, int HookFileProblems = 0)
{
    /// <summary>
    /// Set while the scripts and extensions of these settings are still loading, which a start or a reconfiguration
    /// did not wait for to its end (<see cref="StateManager.ReconfigureAsync"/>): completes once the state with them
    /// is published. Null when this state holds every source.
    /// </summary>
    public Task? WorkerSourcesLoading { get; init; }

    /// <summary>Index of each source after hooks.d in <see cref="PipelineSnapshot.Sources"/>.</summary>
    public const int Rules = 0, Scripts = 1, Extensions = 2;

    /// <summary>A state before anything is loaded: no hooks, three empty sources.</summary>
    public static PluginState Unloaded(PluginSettings settings) =>
        new(settings, HookCatalog.Empty, new PipelineSnapshot([SourceSnapshot.Empty, SourceSnapshot.Empty, SourceSnapshot.Empty]));

    /// <summary>The problems of the state in force per source, as the metrics label them.</summary>
    public ImmutableArray<(string Source, int Problems)> ProblemCounts() =>
    [
        (SourceLabel.HooksDirectory, HookFileProblems),
        (SourceLabel.Of(HookSourceKind.Rule), Sources.Sources[Rules].Problems.Length),
        (SourceLabel.Of(HookSourceKind.Script), Sources.Sources[Scripts].Problems.Length),
        (SourceLabel.Of(HookSourceKind.Extension), Sources.Sources[Extensions].Problems.Length),
    ];
}
