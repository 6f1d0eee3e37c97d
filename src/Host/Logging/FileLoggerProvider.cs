using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// Appends log lines to a file. A plugin started by the runtime has no stdout or stderr, so this
/// is where its log goes. The target can be moved once the runtime passes the plugin's
/// configuration, which may name another file, and another format.
/// </summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly Lock gate = new();
    private StreamWriter? writer;
    private volatile LogFormat format;

    public FileLoggerProvider(string path, LogFormat format = LogFormat.Text)
    {
        this.format = format;
        Open(path);
    }

    public string? Path { get; private set; }

    /// <summary>Read per line, so a change applies from the next line on.</summary>
    public LogFormat Format
    {
        get => format;
        set => format = value;
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <summary>
    /// Closes the file and opens its path again, creating it anew: after logrotate moved the file
    /// away, further lines go to the new file instead of the moved one.
    /// </summary>
    public void Reopen()
    {
        if (Path is { } path)
        {
            Open(path);
        }
    }

    /// <summary>Sends all further lines to another file; the old one is closed.</summary>
    public void MoveTo(string path)
    {
        if (path != Path)
        {
            Open(path);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
        }
    }

    private void Open(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var next = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        lock (gate)
        {
            writer?.Dispose();
            writer = next;
            Path = path;
        }
    }

    private void Write(string line)
    {
        lock (gate)
        {
            writer?.WriteLine(line);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var message = formatter(state, exception);
                var now = DateTimeOffset.UtcNow;
                provider.Write(provider.Format == LogFormat.Json
                    ? JsonLogLine.Format(now, logLevel, category, message, state, exception)
                    : LogLine.Format(now, logLevel, message, exception));
            }
        }
    }
}
