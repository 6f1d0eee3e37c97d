using HookInjector.Host.Configuration;
using HookInjector.Host.Worker;
using HookInjector.Host.Injection.Sources;
using HookInjector.Tests.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookInjector.Tests.Configuration;

public sealed class ConfiguredHookSourcesTests : IDisposable
{
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly SourceDirectoriesWorkspace workspace = new();

    public void Dispose()
    {
        worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        workspace.Dispose();
    }

    private static string[] Origins(HookSourcesRunner runner) => TestWorker.Origins(runner.Current);

    [Fact]
    public async Task MovesRulesScriptsAndExtensionsToTheDirectoriesNamed()
    {
        using var sources = new ConfiguredHookSources(workspace.Settings("a"), worker, TimeProvider.System, NullLoggerFactory.Instance);
        await sources.Runner.StartAsync(CancellationToken.None);
        Assert.Equal(["rule:a", "script:a.csx"], Origins(sources.Runner));

        await sources.ApplyAsync(workspace.Settings("b"), CancellationToken.None);

        Assert.Equal(["rule:b", "script:b.csx", "extension:Tracer/Trace"], Origins(sources.Runner));
        Assert.Equal(HookSourceDirectories.Of(workspace.Settings("b")), sources.Directories);
        // The same script text, compiled afresh because the new cache did not have it yet.
        Assert.NotEmpty(Directory.GetFiles(workspace.CacheDir("b")));
        await sources.Runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task KeepsTheLoadedSourcesWhenTheirDirectoriesStayTheSame()
    {
        using var sources = new ConfiguredHookSources(workspace.Settings("a"), worker, TimeProvider.System, NullLoggerFactory.Instance);
        await sources.Runner.StartAsync(CancellationToken.None);
        var loaded = sources.Runner.Current;

        await sources.ApplyAsync(workspace.Settings("a", new PluginSettings { Verbose = true }), CancellationToken.None);

        Assert.Same(loaded, sources.Runner.Current);
        await sources.Runner.StopAsync(CancellationToken.None);
    }
}
