using HookInjector.Host.Injection;

namespace HookInjector.Host.Worker.Protocol;

// The worker protocol's generated messages, read by ContainerMessages.ToContext like NRI's.

public sealed partial class Pod : IPodMessage;

public sealed partial class Container : IContainerMessage
{
    IReadOnlyList<IMountMessage> IContainerTail.Mounts => Mounts;
}

public sealed partial class Mount : IMountMessage;

public sealed partial class ContainerHead : IContainerHead;

public sealed partial class ContainerTail : IContainerTail
{
    IReadOnlyList<IMountMessage> IContainerTail.Mounts => Mounts;
}
