using System.Collections.Frozen;

namespace HookInjector.Host.Transport.Ttrpc;

/// <summary>Handlers by (service, method); filled once, then frozen by the first server that uses it.</summary>
internal sealed class TtrpcServiceTable
{
    private readonly Dictionary<string, Dictionary<string, TtrpcMethod>> building = new(StringComparer.Ordinal);
    private FrozenDictionary<string, FrozenDictionary<string, TtrpcMethod>>? frozen;

    public TtrpcServiceTable Add(string service, string method, TtrpcMethod handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(handler);
        lock (building)
        {
            if (this.frozen is not null)
            {
                throw new InvalidOperationException("The service table is in use by a server and can no longer change.");
            }

            if (!building.TryGetValue(service, out var methods))
            {
                methods = new Dictionary<string, TtrpcMethod>(StringComparer.Ordinal);
                building.Add(service, methods);
            }

            if (!methods.TryAdd(method, handler))
            {
                throw new ArgumentException($"{service}/{method} is already registered.", nameof(method));
            }
        }

        return this;
    }

    /// <exception cref="TtrpcException">Unimplemented, worded like the Go ttrpc server.</exception>
    public TtrpcMethod Resolve(string service, string method)
    {
        var services = Volatile.Read(ref this.frozen) ?? Freeze();
        if (!services.TryGetValue(service, out var methods))
        {
            throw new TtrpcException(TtrpcStatusCode.Unimplemented, $"service {service}");
        }

        return methods.TryGetValue(method, out var handler)
            ? handler
            : throw new TtrpcException(TtrpcStatusCode.Unimplemented, $"method {method}");
    }

    internal FrozenDictionary<string, FrozenDictionary<string, TtrpcMethod>> Freeze()
    {
        lock (building)
        {
            return this.frozen ??= building.ToFrozenDictionary(
                service => service.Key,
                service => service.Value.ToFrozenDictionary(StringComparer.Ordinal),
                StringComparer.Ordinal);
        }
    }
}
