using System.Text.RegularExpressions;

namespace HookInjector.Host.Yaml;

/// <summary>
/// Resolves a plain (unquoted) scalar the way YAML 1.2's core schema does, and also flags the
/// YAML 1.1 booleans yes/no/on/off, because Kubernetes tooling still reads them as booleans: a
/// rule that means the string must quote it, and saying so beats silently guessing.
/// </summary>
internal static partial class ScalarResolver
{
    public static ScalarKind ResolvePlain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO"
            or "on" or "On" or "ON" or "off" or "Off" or "OFF" => ScalarKind.Boolean,
        _ when IntegerPattern().IsMatch(text) => ScalarKind.Integer,
        _ when FloatPattern().IsMatch(text) => ScalarKind.Float,
        _ => ScalarKind.String,
    };

    [GeneratedRegex(@"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
