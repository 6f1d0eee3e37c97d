namespace HookInjector.Tests.Deploy;

/// <summary>A systemd unit file read as systemd does for the simple cases the samples use: sections of key=value lines, repeated keys kept in order.</summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, List<string>> entries = new(StringComparer.Ordinal);

    private SystemdUnit(IEnumerable<string> lines)
    {
        var section = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            Assert.False(line.EndsWith('\\'), $"continuation lines are not used in the samples: {line}");
            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"not a key=value line in [{section}]: {line}");
            var key = $"{section}.{line[..equals].Trim()}";
            if (!entries.TryGetValue(key, out var values))
            {
                entries[key] = values = [];
            }
            values.Add(line[(equals + 1)..].Trim());
        }
    }

    public static SystemdUnit Load(string path) => new(File.ReadAllLines(path));

    /// <summary>The last value of Section.Key, as systemd keeps for single-valued settings.</summary>
    public string Value(string sectionAndKey) =>
        entries.TryGetValue(sectionAndKey, out var values) ? values[^1] : throw new Xunit.Sdk.XunitException($"{sectionAndKey} is not set");

    /// <summary>Every space-separated word of every occurrence of a list setting such as After= or Wants=.</summary>
    public IReadOnlyList<string> Words(string sectionAndKey) =>
        entries.TryGetValue(sectionAndKey, out var values)
            ? [.. values.SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries))]
            : [];
}
