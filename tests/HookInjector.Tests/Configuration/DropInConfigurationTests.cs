using HookInjector.Host.Configuration;
using HookInjector.Host.Logging;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.Configuration;

public class DropInConfigurationTests
{
    private static readonly PluginSettings Defaults = new();

    [Fact]
    public void EmptyTextKeepsTheSettings()
    {
        Assert.Same(Defaults, DropInConfiguration.Apply("", Defaults));
        Assert.Same(Defaults, DropInConfiguration.Apply("# nothing set\n", Defaults));
    }

    [Fact]
    public void ReadsEverySetting()
    {
        var settings = DropInConfiguration.Apply(
            """
            hooksDirs:
              - /a
              - /b
            strict: true
            disableWatch: true
            bindMounts: any
            verbose: true
            logFile: /var/log/x.log
            rulesDir: /srv/rules.d
            scriptCacheDir: /srv/cache
            extensionsDir: /srv/extensions
            """, Defaults);

        Assert.Equal(["/a", "/b"], settings.HooksDirs);
        Assert.True(settings.Strict);
        Assert.True(settings.DisableWatch);
        Assert.Equal(BindMountMode.AnyMount, settings.BindMounts);
        Assert.True(settings.Verbose);
        Assert.Equal("/var/log/x.log", settings.LogFile);
        Assert.Equal("/srv/rules.d", settings.RulesDir);
        Assert.Equal("/srv/cache", settings.ScriptCacheDir);
        Assert.Equal("/srv/extensions", settings.ExtensionsDir);
    }

    [Fact]
    public void ReadsTheObservabilityAndContainerSettings()
    {
        var settings = DropInConfiguration.Apply(
            """
            logFormat: json
            metricsAddress: ":9464"
            hostRoot: /host
            """, Defaults);

        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal("127.0.0.1:9464", settings.MetricsAddress?.ToString());
        Assert.Equal("/host", settings.HostRoot);
        Assert.Equal("/host", settings.ToOciHooksOptions().HostRoot);
    }

    [Fact]
    public void LeavesMetricsLogFormatAndHostRootAsStartedWhenUnmentioned()
    {
        Assert.True(Host.Metrics.Endpoint.MetricsAddress.TryParse("127.0.0.1:1", out var address, out _));
        var startup = Defaults with { LogFormat = LogFormat.Json, MetricsAddress = address, HostRoot = "/node" };

        var settings = DropInConfiguration.Apply("strict: true", startup);

        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Same(address, settings.MetricsAddress);
        Assert.Equal("/node", settings.HostRoot);
    }

    [Fact]
    public void LeavesUnmentionedSettingsAlone()
    {
        var settings = DropInConfiguration.Apply("strict: true", Defaults);
        Assert.Equal(Defaults.HooksDirs, settings.HooksDirs);
        Assert.Equal(BindMountMode.Requested, settings.BindMounts);
        Assert.Equal(Defaults.RulesDir, settings.RulesDir);
        Assert.Equal(Defaults.ScriptCacheDir, settings.ScriptCacheDir);
        Assert.Equal(Defaults.ExtensionsDir, settings.ExtensionsDir);
    }

    [Theory]
    [InlineData("hookDirs: [/a]", "line 1, column 1: unknown setting \"hookDirs\"")]
    [InlineData("strict: yes", "line 1, column 9: \"strict\" must be true or false")]
    [InlineData("hooksDirs: /a", "line 1, column 12: \"hooksDirs\" must be a list of strings")]
    [InlineData("bindMounts: some", "line 1, column 13: \"bindMounts\" must be \"requested\" or \"any\"")]
    [InlineData("strict: true\nlogFile: \"\"", "line 2, column 10: \"logFile\" must be a non-empty string")]
    [InlineData("rulesDirs: /a", "line 1, column 1: unknown setting \"rulesDirs\"")]
    [InlineData("rulesDir: [/a]", "line 1, column 11: \"rulesDir\" must be a non-empty string")]
    [InlineData("scriptCacheDir: {path: /a}", "line 1, column 17: \"scriptCacheDir\" must be a non-empty string")]
    [InlineData("extensionsDir:", "line 1, column 15: \"extensionsDir\" must be a non-empty string")]
    [InlineData("- a\n- b", "line 1, column 1: the configuration must be a mapping")]
    [InlineData("logFormat: xml", "line 1, column 12: \"logFormat\" must be \"text\" or \"json\"")]
    [InlineData("metricsAddress: node:9464", "line 1, column 17: \"metricsAddress\": metrics address \"node:9464\": \"node\" is not an IP address or localhost")]
    [InlineData("metricsAddress: 9464", "line 1, column 17: \"metricsAddress\": metrics address \"9464\" must be HOST:PORT")]
    [InlineData("hostRoot: host", "line 1, column 11: \"hostRoot\" must be an absolute path")]
    [InlineData("metricAddress: :1", "line 1, column 1: unknown setting \"metricAddress\" (known: hooksDirs, strict, disableWatch, bindMounts, verbose, logFile, logFormat, metricsAddress, hostRoot, rulesDir, scriptCacheDir, extensionsDir, workerPath)")]
    [InlineData("strict: [true", "line 2, column 1:")]
    public void ReportsMistakesWithLineAndColumn(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DropInConfiguration.Apply(text, Defaults));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
