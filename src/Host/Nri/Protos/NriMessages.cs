using HookInjector.Host.Injection;

namespace HookInjector.Host.Nri.Api;

// NRI's generated messages, read by ContainerMessages.ToContext like the worker protocol's.

public sealed partial class PodSandbox : IPodMessage;

public sealed partial class Container : IContainerMessage
{
    IReadOnlyList<IMountMessage> IContainerTail.Mounts => Mounts;
}

public sealed partial class Mount : IMountMessage;
