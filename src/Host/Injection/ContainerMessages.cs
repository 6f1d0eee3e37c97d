using System.Collections.ObjectModel;
using Google.Protobuf.Collections;
using HookInjector.Abstractions;

namespace HookInjector.Host.Injection;

/// <summary>
/// The container a decision is about, built from the protobuf messages that carry it: NRI's
/// CreateContainer request in the daemon, the worker protocol's request in the worker. Both are read
/// by this one function, so what a script sees in the worker is what the daemon's rules saw. The
/// views wrap the messages' own collections read-only instead of copying them, so building one costs
/// a few small objects.
/// </summary>
internal static class ContainerMessages
{
    public static ContainerContext ToContext(IPodMessage pod, IContainerMessage container) => new()
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
            Mounts = [.. container.Mounts.Select(mount => new MountInfo
            {
                Destination = mount.Destination,
                Type = mount.Type,
                Source = mount.Source,
                Options = new ReadOnlyCollection<string>(mount.Options),
            })],
        },
    };
}

/// <summary>The pod's fields that NRI's PodSandbox and the worker protocol's Pod both carry.</summary>
internal interface IPodMessage
{
    string Name { get; }

    string Namespace { get; }

    string Uid { get; }

    MapField<string, string> Labels { get; }

    MapField<string, string> Annotations { get; }

    string RuntimeHandler { get; }
}

/// <summary>The container's fields that NRI's Container and the worker protocol's Container both carry.</summary>
internal interface IContainerMessage
{
    string Name { get; }

    RepeatedField<string> Args { get; }

    RepeatedField<string> Env { get; }

    MapField<string, string> Annotations { get; }

    MapField<string, string> Labels { get; }

    IReadOnlyList<IMountMessage> Mounts { get; }
}

/// <summary>A mount as NRI's Mount and the worker protocol's Mount both carry it.</summary>
internal interface IMountMessage
{
    string Destination { get; }

    string Type { get; }

    string Source { get; }

    RepeatedField<string> Options { get; }
}
