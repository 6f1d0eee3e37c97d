using System.Diagnostics;

namespace HookInjector.E2E.Hooks;

/// <summary>Parses the log that samples/demo-hook.sh appends to.</summary>
public sealed class DemoHookLog(string path)
{
    private const string RecordHeader = "=== demo-hook ";

    public string Path { get; } = path;

    public IReadOnlyList<DemoHookRecord> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var records = new List<DemoHookRecord>();
        Dictionary<string, string>? header = null;
        var arguments = string.Empty;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path))
        {
            if (line.StartsWith(RecordHeader, StringComparison.Ordinal))
            {
                AddRecord();
                header = ParseHeader(line[RecordHeader.Length..]);
                arguments = string.Empty;
                environment = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (line.StartsWith("args: ", StringComparison.Ordinal))
            {
                arguments = line["args: ".Length..];
            }
            else if (line.StartsWith("env: ", StringComparison.Ordinal))
            {
                var variable = line["env: ".Length..];
                var separator = variable.IndexOf('=', StringComparison.Ordinal);
                if (separator > 0)
                {
                    environment[variable[..separator]] = variable[(separator + 1)..];
                }
            }
        }

        AddRecord();
        return records;

        void AddRecord()
        {
            if (header is not null)
            {
                records.Add(new DemoHookRecord(
                    header.GetValueOrDefault("container", "-"),
                    header.GetValueOrDefault("id", "-"),
                    header.GetValueOrDefault("status", "-"),
                    arguments,
                    environment));
            }
        }
    }

    /// <summary>Polls until the log holds records satisfying <paramref name="condition"/>; hooks run asynchronously to CRI replies.</summary>
    public async Task<IReadOnlyList<DemoHookRecord>> WaitUntilAsync(
        Func<IReadOnlyList<DemoHookRecord>, bool> condition,
        TimeSpan timeout,
        string what,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var records = Read();
            if (condition(records))
            {
                return records;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"demo hook log {Path} did not show {what} within {timeout.TotalSeconds:0}s; it holds {records.Count} records: {Describe(records)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static string Describe(IEnumerable<DemoHookRecord> records) =>
        string.Join("; ", records.Select(r => $"{r.ContainerName}/{r.Status}/{(r.IsAlwaysInjectedHook ? "always" : r.IsBusyboxHook ? "busybox" : r.Arguments)}"));

    private static Dictionary<string, string> ParseHeader(string fields) =>
        fields.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
