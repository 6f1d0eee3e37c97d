using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.OciHooks;

/// <summary>Collects formatted log entries for assertions.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

    public IReadOnlyList<string> Messages(LogLevel level) => [.. entries.Where(entry => entry.Level == level).Select(entry => entry.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>Collects the formatted log entries of every logger it creates, whatever their category.</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    private readonly ListLogger<ListLoggerFactory> all = new();

    public IReadOnlyList<string> Messages(LogLevel level) => all.Messages(level);

    public ILogger CreateLogger(string categoryName) => all;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
