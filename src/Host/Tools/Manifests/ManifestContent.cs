using System.Collections.Immutable;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>The pods of a manifest, and the documents skipped because they hold no pod (a Service, a ConfigMap, ...).</summary>
internal sealed record ManifestContent(ImmutableArray<ManifestPod> Pods, ImmutableArray<string> Skipped);
