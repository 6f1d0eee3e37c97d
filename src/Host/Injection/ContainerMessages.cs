using System.Collections;
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
    /// <summary>The daemon's reading: the runtime's request, decoded whole.</summary>
    public static ContainerContext ToContext(IPodMessage pod, IContainerMessage container) =>
        ToContext(pod, container, new ReadOnlyCollection<string>(container.Args), new ReadOnlyCollection<string>(container.Env), Mounts(container));

    /// <summary>
    /// The worker's reading: the container's name, labels and annotations at once, its args, env and
    /// mounts from <paramref name="tail"/> when a script or extension first reads one of them. Those
    /// lists are most of a container's bytes (a Kubernetes container has a dozen mounts and an env
    /// that grows with every Service of its namespace), and most rules never look at them.
    /// </summary>
    public static ContainerContext ToContext(IPodMessage pod, IContainerHead head, Func<IContainerTail> tail)
    {
        var decoded = new Lazy<IContainerTail>(tail);
        return ToContext(
            pod,
            head,
            new DeferredList<string>(() => new ReadOnlyCollection<string>(decoded.Value.Args)),
            new DeferredList<string>(() => new ReadOnlyCollection<string>(decoded.Value.Env)),
            new DeferredList<MountInfo>(() => Mounts(decoded.Value)));
    }

    private static ContainerContext ToContext(IPodMessage pod, IContainerHead container, IReadOnlyList<string> args, IReadOnlyList<string> env, IReadOnlyList<MountInfo> mounts) => new()
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
            Args = args,
            Env = env,
            Annotations = new ReadOnlyDictionary<string, string>(container.Annotations),
            Labels = new ReadOnlyDictionary<string, string>(container.Labels),
            Mounts = mounts,
        },
    };

    private static MountInfo[] Mounts(IContainerTail container) =>
    [
        .. container.Mounts.Select(mount => new MountInfo
        {
            Destination = mount.Destination,
            Type = mount.Type,
            Source = mount.Source,
            Options = new ReadOnlyCollection<string>(mount.Options),
        }),
    ];

    /// <summary>A list built when it is first read, from any thread, once.</summary>
    private sealed class DeferredList<T>(Func<IReadOnlyList<T>> build) : IReadOnlyList<T>
    {
        private readonly Lazy<IReadOnlyList<T>> items = new(build);

        public int Count => items.Value.Count;

        public T this[int index] => items.Value[index];

        public IEnumerator<T> GetEnumerator() => items.Value.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
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

/// <summary>The container's fields that are read at once, in the daemon and in the worker.</summary>
internal interface IContainerHead
{
    string Name { get; }

    MapField<string, string> Annotations { get; }

    MapField<string, string> Labels { get; }
}

/// <summary>The container's fields that the worker decodes only when they are first read.</summary>
internal interface IContainerTail
{
    RepeatedField<string> Args { get; }

    RepeatedField<string> Env { get; }

    IReadOnlyList<IMountMessage> Mounts { get; }
}

/// <summary>The container's fields that NRI's Container and the worker protocol's Container both carry.</summary>
internal interface IContainerMessage : IContainerHead, IContainerTail
{
}

/// <summary>A mount as NRI's Mount and the worker protocol's Mount both carry it.</summary>
internal interface IMountMessage
{
    string Destination { get; }

    string Type { get; }

    string Source { get; }

    RepeatedField<string> Options { get; }
}
