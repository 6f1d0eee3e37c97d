using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HookInjector.E2E.Runtime;

/// <summary>
/// Reads the log of a process under test (containerd, hook-injector) from a remembered position,
/// to wait for what it reports.
/// </summary>
public sealed class ProcessLog(string path, string writer)
{
    public string Path { get; } = path;

    /// <summary>The current end of the log; later waits only look at what is written after it.</summary>
    public long Mark() => File.Exists(Path) ? new FileInfo(Path).Length : 0;

    public string ReadSince(long mark)
    {
        if (!File.Exists(Path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(mark, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<string> WaitForLineAsync(Regex pattern, long since, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in ReadSince(since).Split('\n'))
            {
                if (pattern.IsMatch(line))
                {
                    return line;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{writer} did not log {what} within {timeout.TotalSeconds:0}s (pattern {pattern}, log {Path})");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
