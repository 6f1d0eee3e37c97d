using System.Collections.Immutable;
using HookInjector.Host.Yaml;

namespace HookInjector.Host.Tools.Manifests;

/// <summary>
/// Reads the pods of a Kubernetes manifest as <c>kubectl</c> accepts it: YAML or JSON, several
/// documents separated by <c>---</c>, <c>List</c> kinds with items. A Pod is read as it is; a
/// workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob)
/// through its pod template. Documents of other kinds hold no pod and are skipped by name. A field
/// of the wrong type is an error naming its path and position, as <c>kubectl</c> refuses it too
/// (an unquoted <c>true</c> is not a label value); every such mistake is reported at once.
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
            throw new ManifestException([new FieldError(e.Position, $"not valid YAML: {e.Message}")]);
        }

        var reader = new NodeReader();
        var pods = ImmutableArray.CreateBuilder<ManifestPod>();
        var skipped = ImmutableArray.CreateBuilder<string>();
        for (var index = 0; index < documents.Length; index++)
        {
            if (documents[index] is { } root)
            {
                ReadObject(root, index + 1, "", reader, pods, skipped);
            }
        }
        if (reader.Errors.Count > 0)
        {
            throw new ManifestException([.. reader.Errors.OrderBy(error => error.Position.Line).ThenBy(error => error.Position.Column)]);
        }
        if (pods.Count == 0)
        {
            throw new ManifestException(skipped.Count == 0
                ? "the manifest holds no document"
                : $"the manifest holds no pod ({string.Join("; ", skipped)}); explain reads Pod, List and workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob)");
        }
        return new ManifestContent(pods.ToImmutable(), skipped.ToImmutable());
    }

    private static void ReadObject(YamlTreeNode node, int document, string path, NodeReader reader, ImmutableArray<ManifestPod>.Builder pods, ImmutableArray<string>.Builder skipped)
    {
        if (node is not MappingNode)
        {
            reader.Fail(node, "", $"document {document}{At(path)}: want a Kubernetes object (a mapping), got {node.Description}");
            return;
        }
        var root = reader.OpenFields(node, path)!;
        if (root.Optional("kind") is null)
        {
            reader.Fail(node, "", $"document {document}{At(path)}: no kind");
            return;
        }
        if (root.String("kind") is not { } kind)
        {
            return;
        }
        var metadata = root.OpenFields("metadata");
        if (kind == "Pod")
        {
            if (root.RequiredOpenFields("spec") is { } spec && PodReader.Read("Pod", document, metadata, spec, path, reader) is { } pod)
            {
                pods.Add(pod);
            }
        }
        else if (kind.EndsWith("List", StringComparison.Ordinal))
        {
            var items = root.Sequence("items")?.Items ?? [];
            for (var index = 0; index < items.Length; index++)
            {
                ReadObject(items[index], document, FieldPath.Item(root.PathOf("items"), index), reader, pods, skipped);
            }
        }
        else if (TemplateKinds.Contains(kind) || kind == "CronJob")
        {
            var name = metadata?.String("name");
            var spec = root.RequiredOpenFields("spec");
            if (kind == "CronJob")
            {
                spec = spec?.RequiredOpenFields("jobTemplate")?.RequiredOpenFields("spec");
            }
            if (spec?.RequiredOpenFields("template") is { } template
                && template.RequiredOpenFields("spec") is { } podSpec
                && PodReader.Read(Label(kind, name), document, template.OpenFields("metadata"), podSpec, template.Path, reader, (name ?? kind, metadata?.String("namespace"))) is { } pod)
            {
                pods.Add(pod);
            }
        }
        else
        {
            skipped.Add($"document {document}{At(path)}: {Label(kind, metadata?.String("name"))} holds no pod");
        }
    }

    private static string Label(string kind, string? name) => name is null ? kind : $"{kind}/{name}";

    private static string At(string path) => path.Length == 0 ? "" : $" ({path})";
}
