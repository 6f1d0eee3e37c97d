using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.OciHooks.Matching;

namespace HookInjector.Host.OciHooks;

/// <summary>
/// One validated hook file: where it came from, the OCI hook it injects, when, and at which
/// stages (in the file's order, duplicates kept, <c>prestart</c> already mapped to createRuntime).
/// <see cref="Planned"/> is built once so that selecting the hook allocates nothing.
/// </summary>
internal sealed class HookDefinition
{
    public HookDefinition(string fileName, string sourcePath, OciHook hook, HookCondition when, ImmutableArray<string> stageNames, ImmutableArray<HookStage> stages)
    {
        FileName = fileName;
        SourcePath = sourcePath;
        When = when;
        StageNames = stageNames;
        Stages = stages;
        Planned = new PlannedHook(hook, new HookOrigin(HookSourceKind.HooksDirectory, fileName));
    }

    /// <summary>The base name, the key for override between directories and for ordering.</summary>
    public string FileName { get; }

    public string SourcePath { get; }

    public OciHook Hook => Planned.Hook;

    public HookCondition When { get; }

    /// <summary>The stage names as written in the file.</summary>
    public ImmutableArray<string> StageNames { get; }

    public ImmutableArray<HookStage> Stages { get; }

    public PlannedHook Planned { get; }
}
