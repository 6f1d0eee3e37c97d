using System.Collections.Frozen;
using System.Globalization;

namespace HookInjector.Host.GoRegex;

/// <summary>
/// The names Go accepts in <c>\p{...}</c>: <c>Any</c>, the general categories and the scripts of Go's
/// <c>unicode</c> package, with their code points taken from Go itself (see the generated part).
/// Scripts have no .NET equivalent (<c>\p{IsGreek}</c> is a block, a different set), and Go's
/// categories differ from .NET's (Go's <c>C</c> omits unassigned code points), so both are expanded
/// to explicit ranges. Matching is exact for the Unicode version named in <see cref="UnicodeVersion"/>.
/// The newest Go releases also accept long aliases and loosely spelled names (<c>\p{Letter}</c>,
/// <c>\p{greek}</c>); Go 1.22, hook-injector's baseline, rejects them, and so does this parser.
/// </summary>
internal static partial class GoUnicodeTables
{
    private static readonly Lazy<FrozenDictionary<string, CodePointSet>> Tables = new(DecodeTables);

    public static CodePointSet? Find(string name) =>
        name == "Any" ? CodePointSet.All : Tables.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, CodePointSet> DecodeTables()
    {
        var tables = new Dictionary<string, CodePointSet>(StringComparer.Ordinal);
        foreach (var (name, ranges) in EncodedScripts)
        {
            tables[name] = Decode(ranges);
        }

        // Go looks categories up before scripts.
        foreach (var (name, ranges) in EncodedCategories)
        {
            tables[name] = Decode(ranges);
        }

        return tables.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static CodePointSet Decode(string encoded) =>
        CodePointSet.FromRanges(encoded.Split(',').Select(static item =>
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? new CodePointRange(ParseHex(item), ParseHex(item))
                : new CodePointRange(ParseHex(item.AsSpan(0, dash)), ParseHex(item.AsSpan(dash + 1)));
        }));

    internal static int ParseHex(ReadOnlySpan<char> text) =>
        int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
