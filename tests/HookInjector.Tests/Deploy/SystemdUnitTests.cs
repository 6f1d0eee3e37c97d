using HookInjector.Host.Configuration;

namespace HookInjector.Tests.Deploy;

/// <summary>The systemd unit starts the published plugin after containerd with flags its command line accepts.</summary>
public class SystemdUnitTests
{
    private static readonly SystemdUnit Unit = SystemdUnit.Load(DeployFiles.PathOf("systemd", "hook-injector.service"));

    private static string[] ExecStart => Unit.Value("Service.ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Starts_the_published_executable_with_flags_the_plugin_accepts()
    {
        var arguments = PluginArguments.Parse(ExecStart.Skip(1).ToList());

        Assert.Equal(typeof(HookInjector.Host.Cli.CommandLine).Assembly.GetName().Name, Path.GetFileName(ExecStart[0]));
        Assert.True(Path.IsPathRooted(ExecStart[0]), "systemd needs an absolute ExecStart path");
        Assert.Empty(arguments.Errors);
        Assert.Equal(new PluginSettings().SocketPath, arguments.Settings.SocketPath);
        Assert.Equal("10", arguments.Settings.Index);
    }

    [Fact]
    public void Starts_after_either_runtime_without_pulling_one_in_and_is_always_restarted()
    {
        Assert.Equal(["containerd.service", "crio.service"], Unit.Words("Unit.After"));
        Assert.Empty(Unit.Words("Unit.Wants"));
        Assert.Empty(Unit.Words("Unit.Requires"));
        Assert.Empty(Unit.Words("Unit.BindsTo"));
        Assert.Equal("always", Unit.Value("Service.Restart"));
        Assert.Equal("multi-user.target", Unit.Value("Install.WantedBy"));
    }

    [Fact]
    public void Is_started_once_the_plugin_says_it_is_registered()
    {
        Assert.Equal("notify", Unit.Value("Service.Type"));
        // Only the daemon's word counts, not the worker's it starts.
        Assert.Equal("main", Unit.Value("Service.NotifyAccess"));
    }

    [Fact]
    public void Reload_sends_the_signal_that_reopens_the_log_file()
    {
        Assert.Equal("/bin/kill -HUP $MAINPID", Unit.Value("Service.ExecReload"));
    }

    [Fact]
    public void The_script_cache_the_plugin_uses_is_the_one_writable_directory_systemd_creates()
    {
        var arguments = PluginArguments.Parse(ExecStart.Skip(1).ToList());

        Assert.Equal("strict", Unit.Value("Service.ProtectSystem"));
        Assert.Equal(arguments.Settings.ScriptCacheDir, "/var/cache/" + Unit.Value("Service.CacheDirectory"));
        Assert.Equal(new PluginSettings().ScriptCacheDir, arguments.Settings.ScriptCacheDir);
    }

    [Fact]
    public void Daemon_and_worker_share_the_daemonsets_memory_limit_which_leaves_room_above_the_worker_heap_ceiling()
    {
        var limit = Unit.Value("Service.MemoryMax");
        var daemonSetLimit = DaemonSetManifest.LoadBase().Container.Map("resources").Map("limits").String("memory");

        Assert.Matches("^[0-9]+M$", limit);
        Assert.Equal(limit + "i", daemonSetLimit);
        var bytes = long.Parse(limit[..^1], System.Globalization.CultureInfo.InvariantCulture) << 20;
        // Room for the daemon (about 20 MiB) and the worker's runtime, JIT and compiled scripts (about 60 MiB).
        Assert.True(bytes >= HookInjector.Host.Worker.WorkerProcess.HeapHardLimitBytes + (96L << 20), $"MemoryMax={limit} leaves no room above the worker's heap ceiling");
    }
}
