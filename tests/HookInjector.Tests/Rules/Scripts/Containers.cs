using HookInjector.Abstractions;

namespace HookInjector.Tests.Rules.Scripts;

/// <summary>Builds container contexts for tests.</summary>
internal static class Containers
{
    public static ContainerContext Create(
        string container = "app",
        string pod = "web-0",
        string podNamespace = "default",
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyList<MountInfo>? mounts = null) =>
        new()
        {
            Pod = new PodInfo { Name = pod, Namespace = podNamespace, Labels = labels ?? new Dictionary<string, string>() },
            Container = new ContainerInfo { Name = container, Mounts = mounts ?? [] },
        };
}
