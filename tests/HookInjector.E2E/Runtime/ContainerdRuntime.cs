using HookInjector.E2E.Cri;

namespace HookInjector.E2E.Runtime;

/// <summary>
/// One private containerd (1.7 or 2.x) with CRI and NRI, in its own work directory.
/// Disposing it stops the daemon, its shims, containers and launched plugins, unmounts
/// everything and deletes the directory, whatever state the test left it in.
/// </summary>
public sealed class ContainerdRuntime : IAsyncDisposable
{
    public const string ImageName = "localhost/hook-injector-e2e/busybox:latest";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CriReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Action<string> report;
    private readonly List<string> diagnosticFiles = [];
    private CriClient? cri;

    private ContainerdRuntime(string version, string workDirectory, Action<string> report)
    {
        Version = version;
        WorkDirectory = workDirectory;
        this.report = report;
        Log = new ProcessLog(System.IO.Path.Combine(workDirectory, "containerd.log"), "containerd");
        Directory.CreateDirectory(PluginDirectory);
        Directory.CreateDirectory(PluginConfigDirectory);
        diagnosticFiles.Add(Log.Path);
    }

    /// <summary>"1.7" or "2", as the scripts take it.</summary>
    public string Version { get; }

    public string WorkDirectory { get; }

    public string CriSocket => Path.Combine(WorkDirectory, "containerd.sock");

    public string NriSocket => Path.Combine(WorkDirectory, "nri", "nri.sock");

    public string PluginDirectory => Path.Combine(WorkDirectory, "nri", "plugins");

    public string PluginConfigDirectory => Path.Combine(WorkDirectory, "nri", "conf.d");

    public string PodLogDirectory => Path.Combine(WorkDirectory, "pods");

    public ProcessLog Log { get; }

    public CriClient Cri => cri ?? throw new InvalidOperationException("containerd is not started");

    /// <summary>The exact containerd package version that ran, once started.</summary>
    public string PackageVersion => File.ReadAllText(Path.Combine(WorkDirectory, "version")).Trim();

    /// <summary>Prepares a work directory without starting containerd (plugins can be pre-installed first).</summary>
    public static ContainerdRuntime Create(string version, Action<string> report)
    {
        // Short path: unix socket names are limited to 108 bytes.
        var workDirectory = Path.Combine(Path.GetTempPath(), $"hie2e-{Guid.NewGuid():N}"[..14]);
        return new ContainerdRuntime(version, workDirectory, report);
    }

    public static async Task<ContainerdRuntime> StartAsync(string version, Action<string> report, CancellationToken cancellationToken)
    {
        var runtime = Create(version, report);
        try
        {
            await runtime.StartAsync(cancellationToken);
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ScriptRunner.RunAsync("containerd.sh", ["start", Version, WorkDirectory], ScriptTimeout, cancellationToken);
        await ConnectCriAsync(cancellationToken);
    }

    /// <summary>Restarts only the daemon, as an administrator would: shims and containers live on.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        cri?.Dispose();
        cri = null;
        await ScriptRunner.RunAsync("containerd.sh", ["restart", Version, WorkDirectory], ScriptTimeout, cancellationToken);
        await ConnectCriAsync(cancellationToken);
    }

    /// <summary>Imports an OCI image archive into the CRI namespace, as an image loaded on a node without a registry.</summary>
    public Task ImportImageAsync(string archive, string name, CancellationToken cancellationToken) =>
        ScriptRunner.RunAsync("containerd.sh", ["import", Version, WorkDirectory, archive, name], ScriptTimeout, cancellationToken);

    /// <summary>Adds a file whose tail is reported when the runtime is disposed (plugin and hook logs).</summary>
    public void AddDiagnosticFile(string path) => diagnosticFiles.Add(path);

    public async ValueTask DisposeAsync()
    {
        cri?.Dispose();
        cri = null;
        ReportDiagnostics();
        await ScriptRunner.RunAsync("containerd.sh", ["purge", Version, WorkDirectory], ScriptTimeout, CancellationToken.None);
    }

    private async Task ConnectCriAsync(CancellationToken cancellationToken)
    {
        cri = new CriClient(CriSocket);
        await cri.WaitUntilReadyAsync(ImageName, CriReadyTimeout, cancellationToken);
    }

    private void ReportDiagnostics()
    {
        foreach (var file in diagnosticFiles.Where(File.Exists))
        {
            var lines = File.ReadAllLines(file);
            this.report($"--- last {Math.Min(lines.Length, 40)} of {lines.Length} lines of {file}");
            foreach (var line in lines.TakeLast(40))
            {
                this.report(line);
            }
        }
    }
}
