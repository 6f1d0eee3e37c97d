using System.Globalization;

namespace HookInjector.Host.Yaml;

/// <summary>Builds the dotted field paths (<c>match.podSelector.matchExpressions[0].key</c>) error messages start with.</summary>
internal static class FieldPath
{
    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
