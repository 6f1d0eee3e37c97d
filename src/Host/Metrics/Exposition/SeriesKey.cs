using System.Globalization;

namespace HookInjector.Host.Metrics.Exposition;

/// <summary>
/// The label set of one series, held inline so that looking up the series of a measurement does
/// not allocate. The plugin's instruments carry at most <see cref="MaxLabels"/> labels.
/// </summary>
internal readonly record struct SeriesKey(int Count, Label First, Label Second, Label Third)
{
    public const int MaxLabels = 3;

    public static bool TryCreate(ReadOnlySpan<KeyValuePair<string, object?>> tags, out SeriesKey key)
    {
        key = default;
        if (tags.Length > MaxLabels)
        {
            return false;
        }
        key = new SeriesKey(
            tags.Length,
            tags.Length > 0 ? Label.From(tags[0]) : default,
            tags.Length > 1 ? Label.From(tags[1]) : default,
            tags.Length > 2 ? Label.From(tags[2]) : default);
        return true;
    }

    public IEnumerable<Label> Labels()
    {
        if (Count > 0)
        {
            yield return First;
        }
        if (Count > 1)
        {
            yield return Second;
        }
        if (Count > 2)
        {
            yield return Third;
        }
    }
}

internal readonly record struct Label(string Name, string Value)
{
    public static Label From(KeyValuePair<string, object?> tag) => new(tag.Key, tag.Value switch
    {
        string text => text,
        null => "",
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    });
}
