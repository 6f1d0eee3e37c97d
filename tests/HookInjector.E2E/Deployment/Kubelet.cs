using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HookInjector.E2E.Cri.V1;
using HookInjector.E2E.Runtime;
using static HookInjector.E2E.Deployment.KubernetesYaml;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// What the kubelet does on one node with a DaemonSet's pod template, through CRI: RunPodSandbox with
/// the pod's namespaces, the image by its pull policy, CreateContainer and StartContainer with the
/// template's args (with <c>$(VAR)</c> expanded), env (downward API included), hostPath, emptyDir and
/// configMap volumes, resources and security context; then its probes. It knows the fields hook-injector's
/// template uses and refuses any other, so the test never runs less than the manifest says.
/// </summary>
/// <param name="nodeIp">The node's address, which a host-network pod shares (status.hostIP and status.podIP).</param>
/// <param name="configMaps">The ConfigMaps rendered with the DaemonSet, which its configMap volumes name.</param>
public sealed partial class Kubelet(ContainerdRuntime runtime, string nodeIp, IReadOnlyList<JsonObject>? configMaps = null)
{
    // Pod fields that never reach the runtime (the API server, the scheduler and the kubelet's own
    // admission act on them) and those this kubelet turns into CRI calls.
    private static readonly HashSet<string> KnownPodFields =
    [
        "serviceAccountName", "automountServiceAccountToken", "priorityClassName", "tolerations", "nodeSelector",
        "hostNetwork", "terminationGracePeriodSeconds", "containers", "volumes",
    ];

    private static readonly HashSet<string> KnownContainerFields =
    [
        "name", "image", "imagePullPolicy", "command", "args", "env", "ports", "readinessProbe", "livenessProbe",
        "resources", "securityContext", "volumeMounts",
    ];

    private static readonly HashSet<string> KnownSecurityFields =
    [
        "runAsUser", "runAsGroup", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "seccompProfile", "privileged",
    ];

    public string NodeIp => nodeIp;

    /// <summary>Creates the pod of <paramref name="daemonSet"/>'s template on this node and starts its container.</summary>
    public async Task<KubeletPod> RunAsync(JsonObject daemonSet, CancellationToken cancellationToken)
    {
        var template = daemonSet["spec"]?["template"] as JsonObject ?? throw new InvalidDataException("the DaemonSet has no spec.template");
        var spec = template["spec"] as JsonObject ?? throw new InvalidDataException("the DaemonSet has no spec.template.spec");
        RejectUnknown(spec, KnownPodFields, "spec.template.spec");
        var container = Items(spec["containers"]).Single();
        RejectUnknown(container, KnownContainerFields, "the container");
        var containerName = Text(container["name"]) ?? throw new InvalidDataException("the container has no name");

        if (!Flag(spec["hostNetwork"], "hostNetwork", false))
        {
            throw new NotSupportedException("the pod is not on the host network: a pod network needs a CNI plugin, which this node has none of");
        }

        var podNamespace = Text(daemonSet["metadata"]?["namespace"]) ?? "default";
        var uid = Guid.NewGuid().ToString();
        var podName = $"{Text(daemonSet["metadata"]?["name"])}-{uid[..5]}";
        var podDirectory = Path.Combine(runtime.WorkDirectory, "kubelet", "pods", uid);
        var sandbox = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = podName, Namespace = podNamespace, Uid = uid, Attempt = 0 },
            LogDirectory = Path.Combine(runtime.PodLogDirectory, $"{podNamespace}_{podName}_{uid}"),
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Pid = NamespaceMode.Pod, Ipc = NamespaceMode.Pod },
                },
            },
        };
        AddStrings(sandbox.Labels, template["metadata"]?["labels"]);
        AddStrings(sandbox.Annotations, template["metadata"]?["annotations"]);

        var image = await EnsureImageAsync(container, cancellationToken);
        var environment = Environment(container, podName, podNamespace);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = containerName, Attempt = 0 },
            Image = new ImageSpec { Image = image },
            LogPath = Path.Combine(containerName, "0.log"),
            Linux = new LinuxContainerConfig
            {
                Resources = Resources(container),
                SecurityContext = SecurityContext(container),
            },
        };
        config.Command.AddRange(Strings(container["command"]).Select(a => Expand(a, environment)));
        config.Args.AddRange(Strings(container["args"]).Select(a => Expand(a, environment)));
        config.Envs.AddRange(environment.Select(e => new KeyValue { Key = e.Key, Value = e.Value }));
        config.Mounts.AddRange(Mounts(spec, container, podDirectory, configMaps ?? []));

        Directory.CreateDirectory(Path.Combine(sandbox.LogDirectory, containerName));
        var started = Stopwatch.StartNew();
        var podId = await runtime.Cri.RunPodSandboxAsync(sandbox, cancellationToken);
        var containerId = await runtime.Cri.CreateContainerAsync(podId, config, sandbox, cancellationToken);
        await runtime.Cri.StartContainerAsync(containerId, cancellationToken);
        var logPath = Path.Combine(sandbox.LogDirectory, config.LogPath);
        runtime.AddDiagnosticFile(logPath);
        return new KubeletPod(
            runtime.Cri,
            podId,
            containerId,
            logPath,
            HttpGetProbe.From(container, "readinessProbe", nodeIp),
            HttpGetProbe.From(container, "livenessProbe", nodeIp),
            TimeSpan.FromSeconds(Number(spec["terminationGracePeriodSeconds"], "terminationGracePeriodSeconds", 30)),
            started);
    }

    private static void RejectUnknown(JsonObject node, HashSet<string> known, string where)
    {
        var unknown = node.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{where} sets {string.Join(", ", unknown)}, which this test's kubelet does not carry out: teach Deployment/Kubelet.cs");
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => Text(n) ?? string.Empty) : [];

    private static void AddStrings(Google.Protobuf.Collections.MapField<string, string> target, JsonNode? source)
    {
        if (source is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                target[key] = Text(value) ?? string.Empty;
            }
        }
    }

    /// <summary>IfNotPresent uses the node's image; this node has no registry, so anything that would pull fails.</summary>
    private async Task<string> EnsureImageAsync(JsonObject container, CancellationToken cancellationToken)
    {
        var image = Text(container["image"]) ?? throw new InvalidDataException("the container has no image");
        var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "latest";
        var policy = Text(container["imagePullPolicy"]) ?? (tag == "latest" ? "Always" : "IfNotPresent");
        if (policy == "Always")
        {
            throw new InvalidDataException($"image {image} has pull policy Always: the kubelet would pull it from a registry, and this node has none");
        }

        if (await runtime.Cri.ImageStatusAsync(image, cancellationToken) is null)
        {
            throw new InvalidDataException($"image {image} is not on the node (pull policy {policy}): the kubelet would try to pull it");
        }

        return image;
    }

    private Dictionary<string, string> Environment(JsonObject container, string podName, string podNamespace)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Items(container["env"]))
        {
            var name = Text(variable["name"]) ?? throw new InvalidDataException("an env entry has no name");
            if (variable["valueFrom"] is JsonObject from)
            {
                var field = Text(from["fieldRef"]?["fieldPath"])
                    ?? throw new NotSupportedException($"env {name}: only valueFrom.fieldRef is carried out");
                environment[name] = field switch
                {
                    "status.hostIP" or "status.podIP" => nodeIp,
                    "metadata.name" => podName,
                    "metadata.namespace" => podNamespace,
                    "spec.nodeName" => System.Environment.MachineName,
                    _ => throw new NotSupportedException($"env {name}: fieldRef {field} is not carried out"),
                };
            }
            else
            {
                environment[name] = Expand(Text(variable["value"]) ?? string.Empty, environment);
            }
        }

        return environment;
    }

    /// <summary>The kubelet's <c>$(VAR)</c> expansion: defined variables are replaced, <c>$$</c> escapes, anything else stays.</summary>
    private static string Expand(string text, Dictionary<string, string> environment) =>
        VariableReference().Replace(text, m => m.Value == "$$" ? "$" : environment.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex VariableReference();

    private static LinuxContainerResources Resources(JsonObject container)
    {
        var resources = new LinuxContainerResources();
        if (Text(container["resources"]?["limits"]?["memory"]) is { } memory)
        {
            resources.MemoryLimitInBytes = (long)ResourceQuantity.Parse(memory, "resources.limits.memory");
        }

        if (Text(container["resources"]?["requests"]?["cpu"]) is { } cpu)
        {
            resources.CpuShares = ResourceQuantity.CpuShares(cpu, "resources.requests.cpu");
        }

        if (container["resources"]?["limits"]?["cpu"] is not null)
        {
            throw new NotSupportedException("resources.limits.cpu (a CFS quota) is not carried out");
        }

        return resources;
    }

    private static LinuxContainerSecurityContext SecurityContext(JsonObject container)
    {
        var context = new LinuxContainerSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
        };
        if (container["securityContext"] is not JsonObject security)
        {
            return context;
        }

        RejectUnknown(security, KnownSecurityFields, "the container's securityContext");
        if (Text(security["runAsUser"]) is not null)
        {
            context.RunAsUser = new Int64Value { Value = Number(security["runAsUser"], "runAsUser", 0) };
        }

        if (Text(security["runAsGroup"]) is not null)
        {
            context.RunAsGroup = new Int64Value { Value = Number(security["runAsGroup"], "runAsGroup", 0) };
        }

        context.Privileged = Flag(security["privileged"], "privileged", false);
        context.ReadonlyRootfs = Flag(security["readOnlyRootFilesystem"], "readOnlyRootFilesystem", false);
        context.NoNewPrivs = !Flag(security["allowPrivilegeEscalation"], "allowPrivilegeEscalation", true);
        context.Capabilities = new Capability();
        context.Capabilities.AddCapabilities.AddRange(Strings(security["capabilities"]?["add"]));
        context.Capabilities.DropCapabilities.AddRange(Strings(security["capabilities"]?["drop"]));
        context.Seccomp = Text(security["seccompProfile"]?["type"]) switch
        {
            null => null,
            "RuntimeDefault" => new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
            "Unconfined" => new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined },
            var other => throw new NotSupportedException($"seccompProfile type {other} is not carried out"),
        };
        return context;
    }

    private static IEnumerable<Mount> Mounts(JsonObject spec, JsonObject container, string podDirectory, IReadOnlyList<JsonObject> configMaps)
    {
        var volumes = Items(spec["volumes"]).ToDictionary(v => Text(v["name"]) ?? string.Empty, StringComparer.Ordinal);
        foreach (var mount in Items(container["volumeMounts"]))
        {
            var name = Text(mount["name"]) ?? throw new InvalidDataException("a volumeMount has no name");
            if (mount["subPath"] is not null)
            {
                throw new NotSupportedException($"volumeMount {name}: subPath is not carried out");
            }

            var volume = volumes.GetValueOrDefault(name) ?? throw new InvalidDataException($"volumeMount {name} names no volume");
            yield return new Mount
            {
                ContainerPath = Text(mount["mountPath"]) ?? throw new InvalidDataException($"volumeMount {name} has no mountPath"),
                HostPath = PrepareVolume(volume, name, podDirectory, configMaps),
                Readonly = Flag(mount["readOnly"], $"volumeMount {name} readOnly", false),
                Propagation = Text(mount["mountPropagation"]) switch
                {
                    null or "None" => MountPropagation.PropagationPrivate,
                    "HostToContainer" => MountPropagation.PropagationHostToContainer,
                    "Bidirectional" => MountPropagation.PropagationBidirectional,
                    var other => throw new InvalidDataException($"volumeMount {name}: mountPropagation {other} is not a propagation mode"),
                },
            };
        }
    }

    /// <summary>The node directory behind a volume, prepared as the kubelet prepares it.</summary>
    private static string PrepareVolume(JsonObject volume, string name, string podDirectory, IReadOnlyList<JsonObject> configMaps)
    {
        if (volume["hostPath"] is JsonObject hostPath)
        {
            var path = Text(hostPath["path"]) ?? throw new InvalidDataException($"volume {name} has no hostPath.path");
            switch (Text(hostPath["type"]) ?? string.Empty)
            {
                case "DirectoryOrCreate" when !Directory.Exists(path):
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                    break;
                case "DirectoryOrCreate" or "":
                    break;
                case "Directory" when !Directory.Exists(path):
                    throw new InvalidDataException($"volume {name}: hostPath {path} of type Directory does not exist, so the kubelet would not start the pod");
                case "Directory":
                    break;
                case var other:
                    throw new NotSupportedException($"volume {name}: hostPath type {other} is not carried out");
            }

            return path;
        }

        if (volume["emptyDir"] is not null)
        {
            // The kubelet's emptyDir: a fresh directory of the pod's, writable by anyone.
            var path = Path.Combine(podDirectory, "volumes", "kubernetes.io~empty-dir", name);
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
            return path;
        }

        if (volume["configMap"] is JsonObject configMap)
        {
            // The kubelet's configMap volume: each data key a file, read-only for the container.
            var mapName = Text(configMap["name"]) ?? throw new InvalidDataException($"volume {name} names no ConfigMap");
            var map = configMaps.SingleOrDefault(candidate => Text(candidate["metadata"]?["name"]) == mapName)
                ?? throw new InvalidDataException($"volume {name}: ConfigMap {mapName} was not rendered with the DaemonSet, so the kubelet would not start the pod");
            var path = Path.Combine(podDirectory, "volumes", "kubernetes.io~configmap", name);
            Directory.CreateDirectory(path);
            foreach (var (key, value) in map["data"] as JsonObject ?? [])
            {
                File.WriteAllText(Path.Combine(path, key), Text(value) ?? string.Empty);
            }
            return path;
        }

        throw new NotSupportedException($"volume {name} is neither hostPath, emptyDir nor configMap, the only kinds carried out");
    }
}
