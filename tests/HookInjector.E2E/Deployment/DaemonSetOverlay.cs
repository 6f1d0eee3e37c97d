using System.Text.Json.Nodes;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// The DaemonSet of samples/deploy/kubernetes/base as this test node runs it: a kustomize overlay,
/// written as an operator of a node with other paths would write one, that moves every hostPath
/// volume to the test containerd's private paths and adds the directory of the test's hook program
/// as one more hook-programs volume (docs/deployment.md asks operators to add their hook binaries'
/// directories the same way). Rendered with <c>kubectl kustomize</c>; nothing else is changed.
/// </summary>
public static class DaemonSetOverlay
{
    public const string DaemonSetName = "hook-injector";
    public const string ContainerName = "hook-injector";

    public static string BaseDirectory => Path.Combine(RepositoryLayout.Root, "samples", "deploy", "kubernetes", "base");

    /// <summary>The base as kustomize renders it, unchanged.</summary>
    public static async Task<JsonObject> RenderBaseAsync(CancellationToken cancellationToken) =>
        KubernetesYaml.Find(KubernetesYaml.Parse(await Kubectl.KustomizeAsync(BaseDirectory, cancellationToken)), "DaemonSet", DaemonSetName);

    /// <summary>
    /// Writes the overlay under <paramref name="workDirectory"/> and renders it. Node paths named in
    /// <paramref name="nodePaths"/> go where it says; any other hostPath goes under
    /// <c>WORKDIR/node/</c>, so the test never touches the machine's own directories.
    /// </summary>
    /// <returns>Every object rendered: the DaemonSet (<see cref="DaemonSetOf"/>) and the ConfigMaps its volumes name among them.</returns>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(
        string workDirectory, IReadOnlyDictionary<string, string> nodePaths, IEnumerable<string> hookProgramDirectories, CancellationToken cancellationToken)
    {
        var baseDaemonSet = await RenderBaseAsync(cancellationToken);
        var volumes = new JsonArray();
        foreach (var volume in KubernetesYaml.Items(baseDaemonSet["spec"]?["template"]?["spec"]?["volumes"]))
        {
            var nodePath = KubernetesYaml.Text(volume["hostPath"]?["path"]);
            if (nodePath is null)
            {
                continue;
            }

            var privatePath = nodePaths.TryGetValue(nodePath, out var mapped) ? mapped : Path.Combine(workDirectory, "node", nodePath.TrimStart('/'));
            volumes.Add(new JsonObject { ["name"] = KubernetesYaml.Text(volume["name"]), ["hostPath"] = new JsonObject { ["path"] = privatePath } });
        }

        var mounts = new JsonArray();
        var index = 0;
        foreach (var directory in hookProgramDirectories)
        {
            var name = $"hook-programs-test-{index++}";
            volumes.Add(new JsonObject { ["name"] = name, ["hostPath"] = new JsonObject { ["path"] = directory, ["type"] = "Directory" } });
            mounts.Add(new JsonObject { ["name"] = name, ["mountPath"] = "/host" + directory, ["readOnly"] = true });
        }

        var patch = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "DaemonSet",
            ["metadata"] = new JsonObject { ["name"] = DaemonSetName },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = ContainerName, ["volumeMounts"] = mounts }),
                        ["volumes"] = volumes,
                    },
                },
            },
        };

        // JSON is YAML, so both files are written as JSON. kustomize takes a base only by a relative path.
        var overlay = Path.Combine(workDirectory, "kustomize");
        Directory.CreateDirectory(overlay);
        await File.WriteAllTextAsync(Path.Combine(overlay, "node-paths.yaml"), patch.ToJsonString(), cancellationToken);
        var kustomization = new JsonObject
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = new JsonArray(Path.GetRelativePath(overlay, BaseDirectory)),
            ["patches"] = new JsonArray(new JsonObject { ["path"] = "node-paths.yaml" }),
        };
        await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), kustomization.ToJsonString(), cancellationToken);

        var rendered = await Kubectl.KustomizeAsync(overlay, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(overlay, "rendered.yaml"), rendered, cancellationToken);
        return KubernetesYaml.Parse(rendered);
    }

    public static JsonObject DaemonSetOf(IReadOnlyList<JsonObject> rendered) => KubernetesYaml.Find(rendered, "DaemonSet", DaemonSetName);

    public static IReadOnlyList<JsonObject> ConfigMapsOf(IReadOnlyList<JsonObject> rendered) =>
        [.. rendered.Where(item => KubernetesYaml.Text(item["kind"]) == "ConfigMap")];
}
