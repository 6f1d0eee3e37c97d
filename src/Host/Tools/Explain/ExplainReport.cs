using System.Collections.Immutable;
using HookInjector.Host.Tools.Loading;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Host.Tools.Explain;

/// <summary>The whole answer of <c>explain</c>: the problems met loading the sources, every pod explained, the documents skipped.</summary>
internal sealed record ExplainReport(BindMountMode BindMounts, ImmutableArray<ToolProblem> Problems, ImmutableArray<PodExplanation> Pods, ImmutableArray<string> Skipped);
