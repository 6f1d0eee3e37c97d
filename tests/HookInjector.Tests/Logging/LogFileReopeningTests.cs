using System.Diagnostics;
using HookInjector.Host.Logging;
using HookInjector.Tests.OciHooks;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Logging;

/// <summary>logrotate moves the log file and sends SIGHUP; the plugin then writes to a new file at the same path.</summary>
public sealed class LogFileReopeningTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static void Write(FileLoggerProvider fileLog, string line) =>
        fileLog.CreateLogger("test").Log(LogLevel.Information, default, line, null, (state, _) => state);

    [Fact]
    public void ReopenWritesFurtherLinesToANewFileAtThePath()
    {
        var path = temp.Combine("plugin.log");
        using var fileLog = new FileLoggerProvider(path);
        var log = new ListLogger<LogFileReopening>();
        using var reopening = new LogFileReopening(fileLog, log);
        Write(fileLog, "before rotation");
        File.Move(path, path + ".1");

        reopening.Reopen();
        Write(fileLog, "after rotation");

        Assert.EndsWith("before rotation", File.ReadAllLines(path + ".1").Single(), StringComparison.Ordinal);
        Assert.EndsWith("after rotation", File.ReadAllLines(path).Single(), StringComparison.Ordinal);
        Assert.Equal([$"Reopened the log file {path} on SIGHUP"], log.Messages(LogLevel.Information));
    }

    [Fact]
    public async Task ReopensOnARealSighup()
    {
        var path = temp.Combine("plugin.log");
        using var fileLog = new FileLoggerProvider(path);
        using var reopening = new LogFileReopening(fileLog, new ListLogger<LogFileReopening>());
        reopening.WatchHangupSignal();
        File.Move(path, path + ".1");

        using (var kill = Process.Start("kill", ["-HUP", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Patience);
            Assert.Equal(0, kill.ExitCode);
        }

        // The handler runs on a thread of its own; the new file appears when it has.
        await Eventually.True(() => File.Exists(path), "the log file opened anew");
    }

    [Fact]
    public void SighupWithoutALogFileIsHarmless()
    {
        var log = new ListLogger<LogFileReopening>();
        using var reopening = new LogFileReopening(null, log);

        reopening.Reopen();

        Assert.Equal(["SIGHUP: no --log-file to reopen"], log.Messages(LogLevel.Information));
    }
}
