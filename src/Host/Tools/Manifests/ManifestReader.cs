using System.Collections.Immutable;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// Reads the pods of a Kubernetes manifest as <c>kubectl</c> accepts it: YAML or JSON, several
/// documents separated by <c>---</c>, <c>List</c> kinds with items. A Pod is read as it is; a
/// workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob)
/// through its pod template. Documents of other kinds hold no pod and are skipped by name.
/// </summary>
internal static class ManifestReader
{
    private static readonly ImmutableHashSet<string> TemplateKinds =
        ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"];

    public static ManifestContent Read(string text)
    {
        ImmutableArray<YamlTreeNode?> documents;
        try
        {
            documents = YamlTreeReader.Read(text);
        }
        catch (YamlSyntaxException e)
        {
            throw new ManifestException(e.Position, $"not valid YAML: {e.Message}");
        }

        var pods = ImmutableArray.CreateBuilder<ManifestPod>();
        var skipped = ImmutableArray.CreateBuilder<string>();
        for (var index = 0; index < documents.Length; index++)
        {
            if (documents[index] is { } root)
            {
                ReadObject(root, index + 1, "", pods, skipped);
            }
        }
        if (pods.Count == 0)
        {
            throw new ManifestException(skipped.Count == 0
                ? "the manifest holds no document"
                : $"the manifest holds no pod ({string.Join("; ", skipped)}); explain reads Pod, List and workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob)");
        }
        return new ManifestContent(pods.ToImmutable(), skipped.ToImmutable());
    }

    private static void ReadObject(YamlTreeNode node, int document, string path, ImmutableArray<ManifestPod>.Builder pods, ImmutableArray<string>.Builder skipped)
    {
        var root = node as MappingNode ?? throw new ManifestException(node.Position, $"document {document}{At(path)}: want a Kubernetes object (a mapping), got {node.Description}");
        var kind = ManifestFields.String(root, "kind", path) ?? throw new ManifestException(root.Position, $"document {document}{At(path)}: no kind");
        var metadata = ManifestFields.Mapping(root, "metadata", path);
        var name = metadata is null ? null : ManifestFields.String(metadata, "name", ManifestFields.Join(path, "metadata"));
        var label = name is null ? kind : $"{kind}/{name}";

        if (kind == "Pod")
        {
            pods.Add(PodReader.Read("Pod", document, metadata, Required(root, "spec", path), path, ManifestFields.Join(path, "spec")));
        }
        else if (kind.EndsWith("List", StringComparison.Ordinal))
        {
            var items = ManifestFields.Sequence(root, "items", path)?.Items ?? [];
            for (var index = 0; index < items.Length; index++)
            {
                ReadObject(items[index], document, $"{ManifestFields.Join(path, "items")}[{index}]", pods, skipped);
            }
        }
        else if (TemplateKinds.Contains(kind) || kind == "CronJob")
        {
            var specPath = ManifestFields.Join(path, "spec");
            var spec = Required(root, "spec", path);
            if (kind == "CronJob")
            {
                var jobTemplate = Required(spec, "jobTemplate", specPath);
                specPath = ManifestFields.Join(specPath, "jobTemplate.spec");
                spec = Required(jobTemplate, "spec", ManifestFields.Join(ManifestFields.Join(path, "spec"), "jobTemplate"));
            }
            var templatePath = ManifestFields.Join(specPath, "template");
            var template = Required(spec, "template", specPath);
            var workloadNamespace = metadata is null ? null : ManifestFields.String(metadata, "namespace", ManifestFields.Join(path, "metadata"));
            pods.Add(PodReader.Read(label, document, ManifestFields.Mapping(template, "metadata", templatePath), Required(template, "spec", templatePath),
                templatePath, ManifestFields.Join(templatePath, "spec"), (name ?? kind, workloadNamespace)));
        }
        else
        {
            skipped.Add($"document {document}{At(path)}: {label} holds no pod");
        }
    }

    private static MappingNode Required(MappingNode parent, string key, string path) =>
        ManifestFields.Mapping(parent, key, path) ?? throw new ManifestException(parent.Position, $"{ManifestFields.Join(path, key)}: missing");

    private static string At(string path) => path.Length == 0 ? "" : $" ({path})";
}
