using HookInjector.Host.Configuration;
using HookInjector.Host.Worker;
using HookInjector.Host.State;
using Microsoft.Extensions.Logging.Abstractions;

using HookInjector.Tests.Worker;

namespace HookInjector.Tests.Configuration;

public sealed class DropInConfigurationSinkTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly SourceDirectoriesWorkspace workspace = new();
    private readonly DirectoryInfo hooksDir = Directory.CreateTempSubdirectory("hook-injector-sink-");
    private readonly PluginSettings startup;
    private readonly StateManager state;
    private readonly DropInConfigurationSink sink;

    public DropInConfigurationSinkTests()
    {
        startup = workspace.Settings("a") with { HooksDirs = [hooksDir.FullName] };
        state = new StateManager(startup, worker, TimeProvider.System, NullLoggerFactory.Instance);
        sink = new DropInConfigurationSink(startup, state);
    }

    public Task InitializeAsync() => state.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await state.DisposeAsync();
        await worker.DisposeAsync();
    }

    public void Dispose()
    {
        hooksDir.Delete(recursive: true);
        workspace.Dispose();
    }

    private string[] Origins() => TestWorker.Origins(state.Current.Sources);

    [Fact]
    public async Task MovesTheSourcesToTheDirectoriesTheConfigurationNames()
    {
        await sink.ApplyAsync($"""
            rulesDir: {workspace.RulesDir("b")}
            scriptCacheDir: {workspace.CacheDir("b")}
            extensionsDir: {workspace.ExtensionsDir("b")}
            """, CancellationToken.None);

        Assert.Equal(["rule:b", "script:b.csx", "extension:Tracer/Trace"], Origins());
        Assert.Equal(workspace.RulesDir("b"), state.Current.Settings.RulesDir);
        Assert.Equal(workspace.CacheDir("b"), state.Current.Settings.ScriptCacheDir);
        Assert.Equal(workspace.ExtensionsDir("b"), state.Current.Settings.ExtensionsDir);
    }

    [Fact]
    public async Task AMistakeInTheConfigurationMovesNothing()
    {
        var error = await Assert.ThrowsAnyAsync<FormatException>(() => sink.ApplyAsync($"rulesDir: {workspace.RulesDir("b")}\nextensionsDir: [x]", CancellationToken.None));

        Assert.Contains(":2:16: extensionsDir: expected a path, got a list", error.Message, StringComparison.Ordinal);
        Assert.Equal(["rule:a", "script:a.csx"], Origins());
        Assert.Same(startup, state.Current.Settings);
    }
}
