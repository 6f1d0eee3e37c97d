using System.Collections.ObjectModel;

namespace HookInjector.Abstractions;

internal static class EmptyMap
{
    public static readonly IReadOnlyDictionary<string, string> Instance = ReadOnlyDictionary<string, string>.Empty;
}
