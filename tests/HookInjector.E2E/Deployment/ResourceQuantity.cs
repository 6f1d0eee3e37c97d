using System.Globalization;

namespace HookInjector.E2E.Deployment;

/// <summary>Kubernetes resource quantities (<c>640Mi</c>, <c>1G</c>, <c>10m</c>) as the kubelet turns them into CRI numbers.</summary>
public static class ResourceQuantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
        ("k", 1_000m), ("M", 1_000_000m), ("G", 1_000_000_000m), ("T", 1_000_000_000_000m),
        ("m", 0.001m),
    ];

    public static decimal Parse(string quantity, string field)
    {
        var (number, factor) = Suffixes.Where(s => quantity.EndsWith(s.Suffix, StringComparison.Ordinal))
            .Select(s => (quantity[..^s.Suffix.Length], s.Factor))
            .DefaultIfEmpty((quantity, 1m))
            .First();
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value * factor
            : throw new InvalidDataException($"{field} is \"{quantity}\", not a resource quantity");
    }

    /// <summary>The cgroup CPU shares the kubelet gives a CPU request: 1024 per CPU, at least 2.</summary>
    public static long CpuShares(string request, string field) => Math.Max(2, (long)(Parse(request, field) * 1024));
}
