using System.Globalization;
using System.Text.Json;
using HookInjector.Host.Logging;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Logging;

public sealed partial class JsonLogLineTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 29, 8, 15, 30, 123, TimeSpan.FromHours(2));
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Container}: {Origin} took {Milliseconds} ms (retry {Retry})")]
    private static partial void LogSlow(ILogger logger, string container, string origin, double milliseconds, bool retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reload failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    /// <summary>Captures what a source-generated log call hands to a provider.</summary>
    private sealed class Capture : ILogger
    {
        public string? Line { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Line = JsonLogLine.Format(Time, logLevel, "Demo.Category", formatter(state, exception), state, exception);
    }

    [Fact]
    public void WritesTimeInUtcLevelCategoryMessageAndTheNamedValues()
    {
        var capture = new Capture();
        LogSlow(capture, "pod/c", "script:\"slow\".csx", 2.5, true);

        Assert.Equal(
            """{"timestamp":"2026-11-29T06:15:30.123Z","level":"Warning","category":"Demo.Category","message":"pod/c: script:\"slow\".csx took 2.5 ms (retry True)","state":{"Container":"pod/c","Origin":"script:\"slow\".csx","Milliseconds":2.5,"Retry":true}}""",
            capture.Line);
    }

    [Fact]
    public void LeavesOutAnEmptyStateAndAddsTheException()
    {
        var capture = new Capture();
        LogReloadFailed(capture, new InvalidOperationException("disk gone"));

        using var json = JsonDocument.Parse(capture.Line!);
        Assert.False(json.RootElement.TryGetProperty("state", out _));
        Assert.StartsWith("System.InvalidOperationException: disk gone", json.RootElement.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLogFileWritesOneObjectPerLineInJsonAndSwitchesFormatOnRequest()
    {
        var path = temp.Combine("plugin.log");
        using (var provider = new FileLoggerProvider(path, LogFormat.Json))
        {
            var logger = provider.CreateLogger("HookInjector.Host.Demo");
            LogSlow(logger, "pod/c", "rule:r", 1, false);
            provider.Format = LogFormat.Text;
            LogSlow(logger, "pod/c", "rule:r", 1, false);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal("HookInjector.Host.Demo", root.GetProperty("category").GetString());
        Assert.Equal("rule:r", root.GetProperty("state").GetProperty("Origin").GetString());
        var timestamp = root.GetProperty("timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN  pod/c: rule:r took 1 ms \(retry False\)$", lines[1]);
    }

    [Fact]
    public void TheConsoleFormatterWritesTheSameShape()
    {
        var formatter = new JsonConsoleFormatter();
        using var output = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Information, "Demo.Category", default, "state", null, (state, _) => "hello");

        formatter.Write(entry, null, output);

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("Information", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("Demo.Category", json.RootElement.GetProperty("category").GetString());
        Assert.Equal("hello", json.RootElement.GetProperty("message").GetString());
        Assert.Equal(JsonConsoleFormatter.FormatterName, formatter.Name);
        Assert.Single(output.ToString().TrimEnd().Split('\n'));
    }
}
