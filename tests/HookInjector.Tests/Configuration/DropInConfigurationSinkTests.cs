using HookInjector.Host.Configuration;
using HookInjector.Host.Worker;
using HookInjector.Host.OciHooks.Watching;
using Microsoft.Extensions.Logging.Abstractions;

using HookInjector.Tests.Worker;

namespace HookInjector.Tests.Configuration;

public sealed class DropInConfigurationSinkTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly SourceDirectoriesWorkspace workspace = new();
    private readonly DirectoryInfo hooksDir = Directory.CreateTempSubdirectory("hook-injector-sink-");
    private readonly PluginSettings startup;
    private readonly CurrentSettings current;
    private readonly HookCatalogRunner hooksDirectories;
    private readonly ConfiguredHookSources sources;
    private readonly DropInConfigurationSink sink;

    public DropInConfigurationSinkTests()
    {
        startup = workspace.Settings("a") with { HooksDirs = [hooksDir.FullName] };
        current = new CurrentSettings(startup);
        hooksDirectories = new HookCatalogRunner(startup.ToOciHooksOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        sources = new ConfiguredHookSources(startup, worker, TimeProvider.System, NullLoggerFactory.Instance);
        sink = new DropInConfigurationSink(startup, current, hooksDirectories, sources);
    }

    public async Task InitializeAsync()
    {
        await hooksDirectories.StartAsync(CancellationToken.None);
        await sources.Runner.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await sources.Runner.StopAsync(CancellationToken.None);
        await hooksDirectories.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        sources.Dispose();
        hooksDirectories.Dispose();
        hooksDir.Delete(recursive: true);
        workspace.Dispose();
    }

    private string[] Origins() => TestWorker.Origins(sources.Runner.Current);

    [Fact]
    public async Task MovesTheSourcesToTheDirectoriesTheConfigurationNames()
    {
        await sink.ApplyAsync($"""
            rulesDir: {workspace.RulesDir("b")}
            scriptCacheDir: {workspace.CacheDir("b")}
            extensionsDir: {workspace.ExtensionsDir("b")}
            """, CancellationToken.None);

        Assert.Equal(["rule:b", "script:b.csx", "extension:Tracer/Trace"], Origins());
        Assert.Equal(workspace.RulesDir("b"), current.Value.RulesDir);
        Assert.Equal(workspace.CacheDir("b"), current.Value.ScriptCacheDir);
        Assert.Equal(workspace.ExtensionsDir("b"), current.Value.ExtensionsDir);
    }

    [Fact]
    public async Task AMistakeInTheConfigurationMovesNothing()
    {
        var error = await Assert.ThrowsAnyAsync<FormatException>(() => sink.ApplyAsync($"rulesDir: {workspace.RulesDir("b")}\nextensionsDir: [x]", CancellationToken.None));

        Assert.Contains(":2:16: extensionsDir: expected a path, got a list", error.Message, StringComparison.Ordinal);
        Assert.Equal(["rule:a", "script:a.csx"], Origins());
        Assert.Same(startup, current.Value);
    }
}
