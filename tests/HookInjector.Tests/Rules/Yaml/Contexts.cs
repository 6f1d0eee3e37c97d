using HookInjector.Abstractions;

namespace HookInjector.Tests.Rules.Yaml;

/// <summary>Builds container contexts for rule tests.</summary>
internal static class Contexts
{
    public static ContainerContext Create(
        string @namespace = "default",
        string container = "app",
        string runtimeHandler = "",
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? podAnnotations = null,
        IReadOnlyDictionary<string, string>? containerAnnotations = null) => new()
    {
        Pod = new PodInfo
        {
            Name = "pod",
            Namespace = @namespace,
            RuntimeHandler = runtimeHandler,
            Labels = labels ?? new Dictionary<string, string>(),
            Annotations = podAnnotations ?? new Dictionary<string, string>(),
        },
        Container = new ContainerInfo
        {
            Name = container,
            Annotations = containerAnnotations ?? new Dictionary<string, string>(),
        },
    };

    /// <summary>Parses "k=v,k2=v2" into a map; the empty string gives an empty map.</summary>
    public static Dictionary<string, string> Map(string pairs) => pairs.Length == 0
        ? []
        : pairs.Split(',').Select(pair => pair.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts[1]);
}
