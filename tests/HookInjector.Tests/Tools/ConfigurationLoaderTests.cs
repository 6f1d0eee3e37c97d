using System.Runtime.Versioning;
using HookInjector.Host.Tools.Loading;

namespace HookInjector.Tests.Tools;

[SupportedOSPlatform("linux")]
public sealed class ConfigurationLoaderTests : IClassFixture<IsolatedDirectories>
{
    private readonly IsolatedDirectories directories;

    public ConfigurationLoaderTests(IsolatedDirectories directories) => this.directories = directories;

    [Fact]
    public async Task A_missing_default_directory_is_empty_as_for_the_plugin()
    {
        var missing = Path.Join(directories.For("--nothing"), "absent");

        await using var loaded = await ConfigurationLoader.LoadAsync(Settings(missing), CancellationToken.None);

        Assert.Empty(loaded.Problems);
        Assert.Empty(loaded.Hooks.Hooks);
    }

    [Fact]
    public async Task A_missing_directory_named_on_the_command_line_is_a_problem()
    {
        var missing = Path.Join(directories.For("--nothing"), "absent");

        await using var loaded = await ConfigurationLoader.LoadAsync(Settings(missing) with { GivenDirectories = new HashSet<string> { missing } }, CancellationToken.None);

        Assert.Equal(
            [$"{missing}: directory does not exist", $"{missing}: directory does not exist", $"{missing}: directory does not exist"],
            loaded.Problems.Select(problem => problem.ToString()));
        Assert.Equal(["hooks.d", "rules", "extensions"], loaded.Problems.Select(problem => problem.Source));
    }

    [Fact]
    public async Task A_later_hooks_directory_still_overrides_a_file_loaded_despite_its_missing_path()
    {
        var early = directories.For("--early");
        var late = directories.For("--late");
        File.WriteAllText(Path.Join(early, "a.json"), """{"version":"1.0.0","hook":{"path":"/no/such/hook"},"when":{"always":true},"stages":["poststop"]}""");
        File.WriteAllText(Path.Join(late, "a.json"), """{"version":"1.0.0","hook":{"path":"/bin/sh"},"when":{"always":true},"stages":["poststart"]}""");
        File.WriteAllText(Path.Join(early, "b.json"), """{"version":"1.0.0","hook":{"path":"/bin/sh"},"when":{"always":true},"stages":["poststart"]}""");
        File.WriteAllText(Path.Join(late, "b.json"), """{"version":"1.0.0","hook":{"path":"/no/such/hook"},"when":{"always":true},"stages":["poststop"]}""");
        var settings = Settings(Path.Join(early, "absent")) with { HooksDirs = [early, late], IgnoreMissingHookPaths = true };

        await using var loaded = await ConfigurationLoader.LoadAsync(settings, CancellationToken.None);

        Assert.Empty(loaded.Problems);
        Assert.Equal(
            [("a.json", "/bin/sh"), ("b.json", "/no/such/hook")],
            loaded.Hooks.Hooks.Select(hook => (hook.FileName, hook.Hook.Path)));
    }

    [Fact]
    public async Task A_file_with_a_missing_path_and_another_fault_still_reports_the_other_fault()
    {
        var hooks = directories.For("--faulty");
        File.WriteAllText(Path.Join(hooks, "c.json"), """{"version":"1.0.0","hook":{"path":"/no/such/hook"},"when":{"always":true},"stages":["nowhere"]}""");
        var settings = Settings(Path.Join(hooks, "absent")) with { HooksDirs = [hooks], IgnoreMissingHookPaths = true };

        await using var loaded = await ConfigurationLoader.LoadAsync(settings, CancellationToken.None);

        Assert.Equal($"{hooks}/c.json: stages: unknown stage \"nowhere\"", Assert.Single(loaded.Problems).ToString());
        Assert.Empty(loaded.Hooks.Hooks);
    }

    [Fact]
    public async Task A_script_others_can_change_is_a_problem_as_the_plugin_refuses_it()
    {
        var rules = directories.For("--world-writable-rules");
        File.WriteAllText(Path.Join(rules, "a.csx"), """AddHook(HookStage.Prestart, "/bin/a");""");
        File.SetUnixFileMode(rules, (UnixFileMode)0x1FF);
        var settings = Settings(Path.Join(rules, "absent")) with { RulesDir = rules };

        await using var loaded = await ConfigurationLoader.LoadAsync(settings, CancellationToken.None);

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("scripts", problem.Source);
        Assert.StartsWith($"{rules}/a.csx: not loaded: {rules} is writable by others (owner 0, mode 0777)", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(loaded.Scripts.WorkerCalls);
    }

    private ToolSettings Settings(string missing) => new()
    {
        HooksDirs = [missing],
        RulesDir = missing,
        ExtensionsDir = missing,
        ScriptCacheDir = directories.For("--script-cache-dir"),
    };
}
