using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HookInjector.Host.Logging;

/// <summary>
/// Builds the daemon's and the worker's logger factories with plain constructors. <c>LoggerFactory.Create</c>
/// composes the same through a dependency-injection container, whose open generic types the Native AOT
/// daemon has to build at run time: that alone cost a few milliseconds of every start.
/// </summary>
internal static class LoggerFactories
{
    /// <param name="allows">Which levels are written; asked on every message, so it may change while running.</param>
    /// <param name="console">The console's formatter; null for no console output.</param>
    /// <param name="standardErrorFrom">The least severe level the console writes to stderr rather than stdout.</param>
    /// <param name="file">A provider that writes a log file; null for none.</param>
    /// <remarks>The factory owns the providers: disposing it drains the console's queue and closes the file.</remarks>
    public static ILoggerFactory Create(Func<LogLevel, bool> allows, ConsoleFormatter? console, LogLevel standardErrorFrom, ILoggerProvider? file)
    {
        ArgumentNullException.ThrowIfNull(allows);
        var filter = new LoggerFilterOptions { MinLevel = LogLevel.Trace };
        filter.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: null, logLevel: null, (_, _, level) => allows(level)));
        var factory = new LoggerFactory([], filter);
        if (console is not null)
        {
            var options = new ConsoleLoggerOptions { FormatterName = console.Name, LogToStandardErrorThreshold = standardErrorFrom };
            factory.AddProvider(new ConsoleLoggerProvider(new FixedConsoleOptions(options), [console]));
        }
        if (file is not null)
        {
            factory.AddProvider(file);
        }
        return factory;
    }

    /// <summary>Options that never change: the console provider asks for a monitor, and ours are set once.</summary>
    private sealed class FixedConsoleOptions(ConsoleLoggerOptions value) : IOptionsMonitor<ConsoleLoggerOptions>
    {
        public ConsoleLoggerOptions CurrentValue => value;

        public ConsoleLoggerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
    }
}
