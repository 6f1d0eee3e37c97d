using HookInjector.Abstractions;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>A container of a manifest's pod, as the runtime would describe it to the plugin, as far as the manifest tells.</summary>
internal sealed record ManifestContainer(ContainerInfo Info, bool IsInit, CommandSource CommandSource);
