using System.Collections.Immutable;
using HookInjector.Abstractions;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// Reads a pod (or a workload's pod template) from its <c>metadata</c> and <c>spec</c>. The
/// runtime handler is taken to be the RuntimeClass's name: the handler a RuntimeClass names is
/// cluster configuration the manifest cannot show, and the two are usually the same.
/// </summary>
internal static class PodReader
{
    public const string DefaultNamespace = "default";

    /// <param name="metadata">The pod's metadata, or the template's.</param>
    /// <param name="spec">The pod spec.</param>
    /// <param name="fallback">Name and namespace of the owning workload, for a template that has none of its own.</param>
    public static ManifestPod Read(string origin, int document, MappingNode? metadata, MappingNode spec, string path, string specPath, (string Name, string? Namespace)? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var metadataPath = ManifestFields.Join(path, "metadata");
        var name = Field(metadata, "name", metadataPath) ?? Field(metadata, "generateName", metadataPath) ?? fallback?.Name
            ?? throw new ManifestException(metadata?.Position ?? spec.Position, $"{metadataPath}.name: missing");
        var pod = new PodInfo
        {
            Name = name,
            Namespace = Field(metadata, "namespace", metadataPath) ?? fallback?.Namespace ?? DefaultNamespace,
            Uid = Field(metadata, "uid", metadataPath) ?? "",
            Labels = metadata is null ? new Dictionary<string, string>() : ManifestFields.StringMap(metadata, "labels", metadataPath),
            Annotations = metadata is null ? new Dictionary<string, string>() : ManifestFields.StringMap(metadata, "annotations", metadataPath),
            RuntimeHandler = ManifestFields.String(spec, "runtimeClassName", specPath) ?? "",
        };
        return new ManifestPod(origin, document, pod, Containers(spec, specPath));
    }

    private static string? Field(MappingNode? metadata, string key, string path) =>
        metadata is null ? null : ManifestFields.String(metadata, key, path);

    private static ImmutableArray<ManifestContainer> Containers(MappingNode spec, string specPath)
    {
        var volumes = VolumeSources(spec, specPath);
        var mountToken = ManifestFields.Boolean(spec, "automountServiceAccountToken", specPath) != false;
        var containers = ManifestFields.Sequence(spec, "containers", specPath);
        if (containers is null || containers.Items.IsEmpty)
        {
            throw new ManifestException(containers?.Position ?? spec.Position, $"{ManifestFields.Join(specPath, "containers")}: a pod needs at least one container");
        }
        var initContainers = ManifestFields.Sequence(spec, "initContainers", specPath);
        var result = ImmutableArray.CreateBuilder<ManifestContainer>();
        foreach (var (list, key, isInit) in new[] { (initContainers, "initContainers", true), (containers, "containers", false) })
        {
            var items = list?.Items ?? [];
            for (var index = 0; index < items.Length; index++)
            {
                result.Add(ContainerReader.Read(items[index], $"{ManifestFields.Join(specPath, key)}[{index}]", isInit, volumes, mountToken));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>What each volume is, for naming the source of a mount: a hostPath volume's node path, otherwise its kind.</summary>
    private static Dictionary<string, string> VolumeSources(MappingNode spec, string specPath)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var volumes = ManifestFields.Sequence(spec, "volumes", specPath);
        for (var index = 0; index < (volumes?.Items.Length ?? 0); index++)
        {
            var volumePath = $"{ManifestFields.Join(specPath, "volumes")}[{index}]";
            var volume = ManifestFields.Item(volumes!.Items[index], volumePath);
            var name = ManifestFields.String(volume, "name", volumePath) ?? throw new ManifestException(volume.Position, $"{volumePath}: missing name");
            var hostPath = ManifestFields.Mapping(volume, "hostPath", volumePath);
            var kind = volume.Entries.Select(entry => entry.Key.Text).FirstOrDefault(key => key != "name") ?? "emptyDir";
            sources[name] = hostPath is not null && ManifestFields.String(hostPath, "path", ManifestFields.Join(volumePath, "hostPath")) is { } nodePath
                ? $"volume {name} (hostPath {nodePath})"
                : $"volume {name} ({kind})";
        }
        return sources;
    }
}
