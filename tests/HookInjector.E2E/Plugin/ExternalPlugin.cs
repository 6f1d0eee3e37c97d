using System.Diagnostics;
using HookInjector.E2E.Hooks;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>hook-injector started by hand and connecting to the runtime's NRI socket (external mode).</summary>
public sealed class ExternalPlugin : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private readonly StreamWriter log;

    private ExternalPlugin(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    public bool HasExited => this.process.HasExited;

    /// <summary>
    /// Starts <c>hook-injector -idx 10 -socket-path SOCKET -hooks-dir DIR</c> followed by
    /// <paramref name="extraArguments"/>, its output going to <paramref name="logPath"/>.
    /// </summary>
    public static ExternalPlugin Start(string binary, string nriSocket, string hooksDirectory, string logPath, params IEnumerable<string> extraArguments)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-idx", "10", "-socket-path", nriSocket, "-hooks-dir", hooksDirectory }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start);
        if (process is null)
        {
            log.Dispose();
            throw new InvalidOperationException($"could not start {binary}");
        }

        var plugin = new ExternalPlugin(process, log);
        process.OutputDataReceived += (_, e) => plugin.Write(e.Data);
        process.ErrorDataReceived += (_, e) => plugin.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return plugin;
    }

    /// <summary>
    /// Starts the plugin on <paramref name="runtime"/>'s NRI socket with <paramref name="hooks"/> and
    /// returns once containerd reports it registered.
    /// </summary>
    public static Task<ExternalPlugin> StartRegisteredAsync(
        ContainerdRuntime runtime, PrivateHooksDirectory hooks, CancellationToken cancellationToken, params IEnumerable<string> extraArguments) =>
        StartRegisteredAsync(HookInjectorBinary.Locate(), runtime, hooks, cancellationToken, extraArguments);

    /// <summary>The same with another build of hook-injector, <paramref name="binary"/>.</summary>
    public static async Task<ExternalPlugin> StartRegisteredAsync(
        string binary, ContainerdRuntime runtime, PrivateHooksDirectory hooks, CancellationToken cancellationToken, params IEnumerable<string> extraArguments)
    {
        var logPath = PluginLog.PrepareFor(runtime, hooks);
        var mark = runtime.Log.Mark();
        var plugin = Start(binary, runtime.NriSocket, hooks.Directory, logPath, extraArguments);
        try
        {
            await PluginRegistration.WaitAsync(runtime.Log, mark, cancellationToken);
            return plugin;
        }
        catch
        {
            await plugin.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            // SIGTERM first so the plugin can say goodbye to the runtime; SIGKILL if it will not go.
            using (var terminate = Process.Start("/bin/kill", ["-TERM", this.process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            using var limit = new CancellationTokenSource(StopTimeout);
            try
            {
                await this.process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await this.process.WaitForExitAsync(CancellationToken.None);
        this.process.Dispose();
        lock (this.log)
        {
            this.log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.log)
        {
            this.log.WriteLine(line);
        }
    }
}
