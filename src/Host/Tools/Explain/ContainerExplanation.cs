using HookInjector.Host.Injection;
using System.Collections.Immutable;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Explain;

/// <summary>
/// Everything <c>explain</c> says about one container: the inputs hooks.d matches against, the
/// hooks it would get in final order, every candidate's verdict in pipeline order, the hooks
/// dropped as duplicates, and notes (what the manifest cannot tell, hooks the plugin left out).
/// </summary>
internal sealed record ContainerExplanation(
    ManifestContainer Container,
    bool HasBindMounts,
    string BindMountsReason,
    ImmutableArray<ExplainedHook> Hooks,
    ImmutableArray<CandidateVerdict> Candidates,
    ImmutableArray<DroppedHook> Dropped,
    ImmutableArray<string> Notes);
