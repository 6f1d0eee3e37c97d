using System.CommandLine;
using HookInjector.Host.Cli;
using HookInjector.Host.Configuration;
using HookInjector.Host.Logging;
using HookInjector.Host.OciHooks.Selection;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Cli;

/// <summary>The flags made from the settings table, as each mode's command line reads them.</summary>
public class SettingsFlagsTests
{
    private static (ParseResult Result, PluginSettings Settings) Parse(SettingModes mode, params string[] args)
    {
        var options = new SettingsOptions(mode);
        var root = new RootCommand();
        options.AddTo(root);
        var result = root.Parse(args);
        return (result, result.Errors.Count == 0 ? SettingsResolver.Resolve(options.Read(result), null, null) : new PluginSettings());
    }

    private static PluginSettings Settings(params string[] args)
    {
        var (result, settings) = Parse(SettingModes.Plugin, args);
        Assert.Empty(result.Errors);
        return settings;
    }

    [Fact]
    public void No_flag_is_the_defaults()
    {
        var settings = Settings();

        Assert.Equal(new PluginSettings() with { HooksDirs = settings.HooksDirs }, settings);
        Assert.Equal(new PluginSettings().HooksDirs, settings.HooksDirs);
    }

    [Fact]
    public void Reads_every_flag()
    {
        var settings = Settings(
            "--name", "injector", "--idx", "20", "--socket-path", "/run/nri.sock", "--hooks-dir", "/a", "--hooks-dir", "/b",
            "--disable-watch", "--strict", "--bind-mounts", "any", "--rules-dir", "/r", "--script-cache-dir", "/c", "--extensions-dir", "/e",
            "--worker", "/w/hook-injector", "--verbose", "--exit-on-disconnect", "--log-file", "/l.log", "--log-format", "json",
            "--log-level", "warning", "--metrics-address", ":9464", "--host-root", "/host");

        Assert.Equal("injector", settings.Name);
        Assert.Equal("20", settings.Index);
        Assert.Equal("/run/nri.sock", settings.SocketPath);
        Assert.Equal(["/a", "/b"], settings.HooksDirs);
        Assert.True(settings.DisableWatch);
        Assert.True(settings.Strict);
        Assert.Equal(BindMountMode.AnyMount, settings.BindMounts);
        Assert.Equal("/r", settings.RulesDir);
        Assert.Equal("/c", settings.ScriptCacheDir);
        Assert.Equal("/e", settings.ExtensionsDir);
        Assert.Equal("/w/hook-injector", settings.WorkerPath);
        Assert.True(settings.Verbose);
        Assert.True(settings.ExitOnDisconnect);
        Assert.Equal("/l.log", settings.LogFile);
        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal(LogLevel.Warning, settings.LogLevel);
        Assert.Equal("127.0.0.1:9464", settings.MetricsAddress?.ToString());
        Assert.Equal("/host", settings.HostRoot);
        Assert.Equal("/host", settings.ToOciHooksOptions().HostRoot);
    }

    [Fact]
    public void The_Go_hook_injector_s_spellings_are_still_accepted()
    {
        var settings = Settings("-name", "injector", "-idx", "20", "-socket-path", "/run/nri.sock", "-hooks-dir", "/a", "-disableWatch", "-verbose");

        Assert.Equal("injector", settings.Name);
        Assert.Equal("20", settings.Index);
        Assert.Equal("/run/nri.sock", settings.SocketPath);
        Assert.Equal(["/a"], settings.HooksDirs);
        Assert.True(settings.DisableWatch);
        Assert.True(settings.Verbose);
        Assert.True(Settings("--disableWatch").DisableWatch);
    }

    [Theory]
    [InlineData("--strict", "false", false)]
    [InlineData("--strict", "true", true)]
    public void A_switch_takes_an_explicit_value_too(string flag, string value, bool expected)
    {
        Assert.Equal(expected, Settings(flag, value).Strict);
    }

    [Theory]
    [InlineData("--metrics-address", "example.org:9464", "--metrics-address: metrics address \"example.org:9464\": \"example.org\" is not an IP address or localhost")]
    [InlineData("--log-format", "xml", "--log-format: expected text or json, not \"xml\"")]
    [InlineData("--log-level", "verbose", "--log-level: expected trace, debug, information, warning or error, not \"verbose\"")]
    [InlineData("--bind-mounts", "some", "--bind-mounts: expected requested or any, not \"some\"")]
    [InlineData("--host-root", "host", "--host-root: expected an absolute path (starting with /), not \"host\"")]
    [InlineData("--host-root", "", "--host-root: expected an absolute path (starting with /), not \"\"")]
    [InlineData("--worker", "worker/hook-injector", "--worker: expected an absolute path (starting with /), not \"worker/hook-injector\"")]
    [InlineData("--rules-dir", "", "--rules-dir: expected a non-empty string")]
    [InlineData("--hooks-dir", "", "--hooks-dir: expected a non-empty string")]
    public void Refuses_bad_values_with_the_flag_and_the_reason(string flag, string value, string expected)
    {
        var (result, _) = Parse(SettingModes.Plugin, flag, value);

        Assert.Equal(expected, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("Plugin", "--config --name --idx --socket-path --hooks-dir --disable-watch --strict --bind-mounts --rules-dir --script-cache-dir --extensions-dir --worker --verbose --exit-on-disconnect --log-file --log-format --log-level --metrics-address --host-root")]
    [InlineData("Validate", "--config --hooks-dir --rules-dir --script-cache-dir --extensions-dir --worker --host-root")]
    [InlineData("Explain", "--config --hooks-dir --bind-mounts --rules-dir --script-cache-dir --extensions-dir --worker --host-root")]
    public void Each_mode_offers_the_settings_it_uses_and_the_configuration_file(string mode, string flags)
    {
        var command = new Command("mode");
        new SettingsOptions(Enum.Parse<SettingModes>(mode)).AddTo(command);

        Assert.Equal(flags.Split(' '), command.Options.Select(option => option.Name));
    }

    [Fact]
    public void Help_shows_the_value_and_the_default()
    {
        var option = new SettingsOptions(SettingModes.Plugin);
        var command = new Command("mode");
        option.AddTo(command);
        var rulesDir = command.Options.Single(candidate => candidate.Name == "--rules-dir");
        var bindMounts = command.Options.Single(candidate => candidate.Name == "--bind-mounts");

        Assert.Equal("DIR", rulesDir.HelpName);
        Assert.EndsWith("(default: /etc/hook-injector/rules.d)", rulesDir.Description, StringComparison.Ordinal);
        Assert.Equal("requested|any", bindMounts.HelpName);
        Assert.EndsWith("(default: requested)", bindMounts.Description, StringComparison.Ordinal);
    }
}
