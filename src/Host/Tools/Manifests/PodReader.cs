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
    /// <param name="path">The path of the pod or template, which holds the metadata and the spec.</param>
    /// <param name="reader">Receives the mistakes; null is returned when the pod cannot be read.</param>
    /// <param name="fallback">Name and namespace of the owning workload, for a template that has none of its own.</param>
    public static ManifestPod? Read(string origin, int document, Fields? metadata, Fields spec, string path, NodeReader reader, (string Name, string? Namespace)? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reader);
        var name = metadata?.String("name") ?? metadata?.String("generateName") ?? fallback?.Name;
        if (name is null && metadata?.Optional("name") is null && metadata?.Optional("generateName") is null)
        {
            reader.Fail(metadata?.Node ?? spec.Node, FieldPath.Child(path, "metadata"), "missing required key \"name\"");
        }
        var pod = new PodInfo
        {
            Name = name ?? "",
            Namespace = metadata?.String("namespace") ?? fallback?.Namespace ?? DefaultNamespace,
            Uid = metadata?.String("uid") ?? "",
            Labels = metadata?.StringMap("labels") ?? new Dictionary<string, string>(),
            Annotations = metadata?.StringMap("annotations") ?? new Dictionary<string, string>(),
            RuntimeHandler = spec.String("runtimeClassName") ?? "",
        };
        var containers = Containers(spec, reader);
        return name is not null && containers is not null ? new ManifestPod(origin, document, pod, containers.Value) : null;
    }

    private static ImmutableArray<ManifestContainer>? Containers(Fields spec, NodeReader reader)
    {
        var volumes = VolumeSources(spec, reader);
        var mountToken = spec.Boolean("automountServiceAccountToken") != false;
        var containers = spec.Sequence("containers");
        if (spec.Optional("containers") is null || containers is { Items.IsEmpty: true })
        {
            reader.Fail((YamlTreeNode?)containers ?? spec.Node, spec.PathOf("containers"), "a pod needs at least one container");
        }
        if (containers is null)
        {
            return null;
        }
        var initContainers = spec.Sequence("initContainers");
        var result = ImmutableArray.CreateBuilder<ManifestContainer>();
        foreach (var (list, key, isInit) in new[] { (initContainers, "initContainers", true), (containers, "containers", false) })
        {
            var items = list?.Items ?? [];
            for (var index = 0; index < items.Length; index++)
            {
                if (ContainerReader.Read(items[index], FieldPath.Item(spec.PathOf(key), index), isInit, volumes, mountToken, reader) is { } container)
                {
                    result.Add(container);
                }
            }
        }
        return result.ToImmutable();
    }

    /// <summary>What each volume is, for naming the source of a mount: a hostPath volume's node path, otherwise its kind.</summary>
    private static Dictionary<string, string> VolumeSources(Fields spec, NodeReader reader)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var volumes = spec.Sequence("volumes")?.Items ?? [];
        for (var index = 0; index < volumes.Length; index++)
        {
            if (reader.OpenFields(volumes[index], FieldPath.Item(spec.PathOf("volumes"), index)) is not { } volume
                || volume.RequiredString("name") is not { } name)
            {
                continue;
            }
            var kind = volume.Node.Entries.Select(entry => entry.Key.Text).FirstOrDefault(key => key != "name") ?? "emptyDir";
            sources[name] = volume.OpenFields("hostPath")?.String("path") is { } nodePath
                ? $"volume {name} (hostPath {nodePath})"
                : $"volume {name} ({kind})";
        }
        return sources;
    }
}
