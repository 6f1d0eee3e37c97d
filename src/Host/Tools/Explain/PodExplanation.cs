using System.Collections.Immutable;
using HookInjector.Host.Tools.Manifests;

namespace HookInjector.Host.Tools.Explain;

/// <summary>A manifest pod with the explanation of each of its containers, in creation order.</summary>
internal sealed record PodExplanation(ManifestPod Pod, ImmutableArray<ContainerExplanation> Containers);
