using System.Text.RegularExpressions;

namespace HookInjector.Host.Rules.Yaml.Parsing;

/// <summary>
/// The Kubernetes syntax for label keys, label values and annotation keys: a label that can never
/// exist on a pod is a typo, and is reported as one instead of never matching.
/// </summary>
internal static partial class KubernetesNames
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;

    /// <summary>Why the text is not a qualified name (<c>[prefix/]name</c>); null when it is one.</summary>
    public static string? CheckQualifiedName(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? text : text[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = text[..slash];
            if (prefix.Length == 0 || prefix.Length > MaxPrefixLength || !DnsSubdomain().IsMatch(prefix))
            {
                return $"prefix \"{prefix}\" must be a DNS subdomain: lower-case letters, digits, '-' and '.', at most {MaxPrefixLength} characters";
            }
        }
        if (name.Length == 0 || name.Length > MaxNameLength || !NamePart().IsMatch(name))
        {
            return $"name \"{name}\" must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    /// <summary>Why the text is not a label value; null when it is one (the empty value is valid).</summary>
    public static string? CheckLabelValue(string text) =>
        text.Length == 0 || (text.Length <= MaxNameLength && NamePart().IsMatch(text))
            ? null
            : $"label value \"{text}\" must be empty or 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    internal static partial Regex NamePart();
}
