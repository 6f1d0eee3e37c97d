using System.Net;
using System.Net.Sockets;
using HookInjector.Host.Configuration;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Worker;
using HookInjector.Host.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using HookInjector.Tests.OciHooks;
using HookInjector.Tests.Worker;

namespace HookInjector.Tests.Configuration;

public sealed class PluginConfigurationTests : IAsyncLifetime, IDisposable
{
    private readonly WorkerSupervisor worker = TestWorker.Create();
    private readonly SourceDirectoriesWorkspace workspace = new();
    private readonly DirectoryInfo hooksDir = Directory.CreateTempSubdirectory("hook-injector-sink-");
    private readonly PluginSettings startup;
    private readonly StateManager state;
    private readonly PluginConfiguration sink;

    public PluginConfigurationTests()
    {
        startup = workspace.Settings("a") with { HooksDirs = [hooksDir.FullName] };
        state = new StateManager(startup, worker, TimeProvider.System, NullLoggerFactory.Instance);
        sink = new PluginConfiguration(CommandLineSettings.None, Yaml(startup), state, TimeProvider.System, NullLogger<PluginConfiguration>.Instance);
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

    /// <summary>A configuration file that names <paramref name="settings"/>' directories.</summary>
    private static string Yaml(PluginSettings settings) =>
        $"hooksDirs: [{string.Join(", ", settings.HooksDirs)}]\nrulesDir: {settings.RulesDir}\nscriptCacheDir: {settings.ScriptCacheDir}\nextensionsDir: {settings.ExtensionsDir}\ndisableWatch: {(settings.DisableWatch ? "true" : "false")}\n";

    private string[] Origins() => TestWorker.Origins(state.Current.Sources);

    [Fact]
    public async Task MovesTheSourcesToTheDirectoriesTheConfigurationNames()
    {
        await sink.ApplyAsync($"""
            rulesDir: {workspace.RulesDir("b")}
            scriptCacheDir: {workspace.CacheDir("b")}
            extensionsDir: {workspace.ExtensionsDir("b")}
            """, Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.Equal(["rule:b", "script:b.csx", "extension:Tracer/Trace"], Origins());
        Assert.Equal(workspace.RulesDir("b"), state.Current.Settings.RulesDir);
        Assert.Equal(workspace.CacheDir("b"), state.Current.Settings.ScriptCacheDir);
        Assert.Equal(workspace.ExtensionsDir("b"), state.Current.Settings.ExtensionsDir);
    }

    [Fact]
    public async Task AMistakeInTheConfigurationMovesNothing()
    {
        var error = await Assert.ThrowsAnyAsync<FormatException>(() => sink.ApplyAsync($"rulesDir: {workspace.RulesDir("b")}\nextensionsDir: [x]", Timeout.InfiniteTimeSpan, CancellationToken.None));

        Assert.Contains(":2:16: extensionsDir: expected a path, got a list", error.Message, StringComparison.Ordinal);
        Assert.Equal(["rule:a", "script:a.csx"], Origins());
        Assert.Same(startup, state.Current.Settings);
    }

    [Fact]
    public async Task WhatLoadingANewConfigurationReportsGoesToTheLogItNames()
    {
        using var temp = new TempDirectory();
        var before = HooksOnly(temp) with { LogFile = temp.Combine("before.log") };
        var hooks = BrokenHooksDirectory(temp);
        using var fileLog = new FileLoggerProvider(before.LogFile!);
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(fileLog));
        await using var manager = new StateManager(before, worker: null, TimeProvider.System, loggers);
        await manager.StartAsync(CancellationToken.None);
        var configuration = new PluginConfiguration(CommandLineSettings.None, null, manager, TimeProvider.System, loggers.CreateLogger<PluginConfiguration>(), fileLog);

        await configuration.ApplyAsync($"hooksDirs: [{hooks}]\nlogFile: {temp.Combine("after.log")}\n", Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.Contains("broken.json", File.ReadAllText(temp.Combine("after.log")), StringComparison.Ordinal);
        Assert.DoesNotContain("broken.json", File.ReadAllText(before.LogFile!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigurationTheStateRefusesLeavesTheLogWhereItWas()
    {
        using var temp = new TempDirectory();
        var before = HooksOnly(temp) with { LogFile = temp.Combine("before.log") };
        var hooks = BrokenHooksDirectory(temp);
        using var fileLog = new FileLoggerProvider(before.LogFile!);
        var level = new LogLevelSwitch(LogLevel.Information);
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(fileLog));
        await using var manager = new StateManager(before, worker: null, TimeProvider.System, loggers);
        await manager.StartAsync(CancellationToken.None);
        var configuration = new PluginConfiguration(CommandLineSettings.None, null, manager, TimeProvider.System, loggers.CreateLogger<PluginConfiguration>(), fileLog, logLevel: level);

        // Under strict, an invalid hook file refuses the whole configuration.
        await Assert.ThrowsAnyAsync<Exception>(() => configuration.ApplyAsync(
            $"hooksDirs: [{hooks}]\nstrict: true\nlogFile: {temp.Combine("after.log")}\nlogFormat: json\nlogLevel: debug\n", Timeout.InfiniteTimeSpan, CancellationToken.None));

        Assert.Same(before, manager.Current.Settings);
        Assert.Equal(before.LogFile, fileLog.Path);
        Assert.Equal(LogFormat.Text, fileLog.Format);
        Assert.Equal(LogLevel.Information, level.Level);
    }

    [Fact]
    public async Task ALogFileThatCannotBeOpenedRefusesTheConfigurationBeforeTheStateChanges()
    {
        using var temp = new TempDirectory();
        var before = HooksOnly(temp) with { LogFile = temp.Combine("before.log") };
        using var fileLog = new FileLoggerProvider(before.LogFile!);
        await using var manager = new StateManager(before, worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        var configuration = new PluginConfiguration(CommandLineSettings.None, null, manager, TimeProvider.System, NullLogger<PluginConfiguration>.Instance, fileLog);
        // A regular file where the log's directory should be: no one, root included, can create the log there.
        var notADirectory = temp.Write("not-a-directory", "");

        await Assert.ThrowsAsync<IOException>(() => configuration.ApplyAsync(
            $"hooksDirs: [{BrokenHooksDirectory(temp)}]\nlogFile: {Path.Combine(notADirectory, "hook-injector.log")}\n", Timeout.InfiniteTimeSpan, CancellationToken.None));

        Assert.Same(before, manager.Current.Settings);
        Assert.Equal(before.LogFile, fileLog.Path);
    }

    [Fact]
    public async Task AMetricsAddressInUseLeavesTheEndpointServingWhereItWas()
    {
        using var temp = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = FreeLoopbackPort();
        var before = HooksOnly(temp) with { MetricsAddress = new MetricsAddress(new IPEndPoint(IPAddress.Loopback, port)) };
        using var metrics = new HookInjectorMetrics();
        await using var endpoint = new MetricsEndpoint(metrics, before.MetricsAddress, NullLogger<MetricsEndpoint>.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        await using var manager = new StateManager(before, worker: null, TimeProvider.System, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        var configuration = new PluginConfiguration(CommandLineSettings.None, null, manager, TimeProvider.System, NullLogger<PluginConfiguration>.Instance, metricsEndpoint: endpoint);

        await Assert.ThrowsAsync<MetricsEndpointException>(() => configuration.ApplyAsync(
            $"metricsAddress: 127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}\n", Timeout.InfiniteTimeSpan, CancellationToken.None));

        Assert.Same(before, manager.Current.Settings);
        Assert.Equal(port, endpoint.LocalEndPoint?.Port);
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Settings whose only source is an empty hooks.d, so no worker is needed.</summary>
    private static PluginSettings HooksOnly(TempDirectory temp) => new()
    {
        HooksDirs = [temp.CreateDirectory("hooks.d")], RulesDir = temp.CreateDirectory("rules.d"), ExtensionsDir = temp.Combine("extensions"), DisableWatch = true,
    };

    /// <summary>A hooks.d directory with one file the Hook Manager refuses (an unknown stage): a warning, or under strict a refusal.</summary>
    private static string BrokenHooksDirectory(TempDirectory temp)
    {
        var hooks = temp.CreateDirectory("other-hooks.d");
        File.WriteAllText(Path.Combine(hooks, "broken.json"), """{"version": "1.0.0", "hook": {"path": "/bin/sh"}, "stages": ["preStart"]}""");
        return hooks;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task FlagsGivenOnTheCommandLineWinOverTheRuntimesConfiguration()
    {
        var flags = new CommandLineSettings(null, SettingsFile.Read($"rulesDir: {workspace.RulesDir("a")}\n", "the command line"));
        var configuration = new PluginConfiguration(flags, Yaml(startup), state, TimeProvider.System, NullLogger<PluginConfiguration>.Instance);

        await configuration.ApplyAsync($"rulesDir: {workspace.RulesDir("b")}\nverbose: true\n", Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.Equal(workspace.RulesDir("a"), state.Current.Settings.RulesDir);
        Assert.True(state.Current.Settings.Verbose);
    }

    [Fact]
    public async Task AChangedConfigurationFileIsPutInForceAndABrokenOneChangesNothing()
    {
        var directory = Directory.CreateTempSubdirectory("hook-injector-config-");
        try
        {
            var path = Path.Combine(directory.FullName, "config.yaml");
            var text = Yaml(startup with { DisableWatch = false });
            await File.WriteAllTextAsync(path, text);
            await using var watched = new StateManager(startup with { DisableWatch = false }, worker, TimeProvider.System, NullLoggerFactory.Instance);
            await watched.StartAsync(CancellationToken.None);
            await using var configuration = new PluginConfiguration(new CommandLineSettings(path, []), text, watched, TimeProvider.System, NullLogger<PluginConfiguration>.Instance);
            configuration.WatchFile(new ReloadTiming(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)));

            await File.WriteAllTextAsync(path, text + "verbose: true\n");
            await Eventually.True(() => watched.Current.Settings.Verbose, "the changed file in force");

            await File.WriteAllTextAsync(path, text + "verbose: [\n");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "after-the-broken-one"), "x");
            await Task.Delay(500);
            Assert.True(watched.Current.Settings.Verbose);
            await watched.StopAsync(CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
