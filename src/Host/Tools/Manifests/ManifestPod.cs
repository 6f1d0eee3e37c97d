using System.Collections.Immutable;
using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// A pod read from a manifest: where it came from (<c>Pod</c>, or the workload whose pod
/// template it is, such as <c>Deployment/web</c>), which document, and its containers, init
/// containers first as the kubelet creates them.
/// </summary>
internal sealed record ManifestPod(string Origin, int Document, PodInfo Info, ImmutableArray<ManifestContainer> Containers);
