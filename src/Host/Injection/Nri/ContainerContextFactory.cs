using System.Collections.ObjectModel;
using HookInjector.Abstractions;
using HookInjector.Host.Nri.Api;

namespace HookInjector.Host.Injection.Nri;

/// <summary>
/// The runtime-neutral view of an NRI CreateContainer request. The views wrap the request's own
/// collections read-only instead of copying them, so building one costs a few small objects.
/// </summary>
internal static class ContainerContextFactory
{
    public static ContainerContext Create(PodSandbox pod, Container container) => new()
    {
        Pod = new PodInfo
        {
            Name = pod.Name,
            Namespace = pod.Namespace,
            Uid = pod.Uid,
            Labels = new ReadOnlyDictionary<string, string>(pod.Labels),
            Annotations = new ReadOnlyDictionary<string, string>(pod.Annotations),
            RuntimeHandler = pod.RuntimeHandler,
        },
        Container = new ContainerInfo
        {
            Name = container.Name,
            Args = new ReadOnlyCollection<string>(container.Args),
            Env = new ReadOnlyCollection<string>(container.Env),
            Annotations = new ReadOnlyDictionary<string, string>(container.Annotations),
            Labels = new ReadOnlyDictionary<string, string>(container.Labels),
            Mounts = container.Mounts.Select(ToMountInfo).ToArray(),
        },
    };

    private static MountInfo ToMountInfo(Mount mount) => new()
    {
        Destination = mount.Destination,
        Type = mount.Type,
        Source = mount.Source,
        Options = new ReadOnlyCollection<string>(mount.Options),
    };
}
