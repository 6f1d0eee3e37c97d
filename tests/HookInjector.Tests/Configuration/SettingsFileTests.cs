using HookInjector.Host.Configuration;
using HookInjector.Host.Logging;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Yaml;
using Microsoft.Extensions.Logging;

namespace HookInjector.Tests.Configuration;

/// <summary>The configuration file and the runtime's drop-in configuration, read by one YAML front-end.</summary>
public class SettingsFileTests
{
    private const string Source = "/etc/hook-injector/config.yaml";

    private static PluginSettings Read(string text)
    {
        var settings = new PluginSettings();
        foreach (var assignment in SettingsFile.Read(text, Source))
        {
            settings = assignment.Apply(settings);
        }
        return settings;
    }

    private static string ErrorOf(string text) => Assert.Throws<SettingsException>(() => SettingsFile.Read(text, Source)).Message;

    [Theory]
    [InlineData("")]
    [InlineData("# nothing set\n")]
    [InlineData("---\n")]
    [InlineData("~")]
    public void An_empty_configuration_sets_nothing(string text)
    {
        Assert.Empty(SettingsFile.Read(text, Source));
    }

    [Fact]
    public void Reads_every_key_of_the_table()
    {
        var settings = Read(
            """
            hooksDirs:
              - /a
              - /b
            disableWatch: true
            strict: true
            bindMounts: any
            rulesDir: /srv/rules.d
            scriptCacheDir: /srv/cache
            extensionsDir: /srv/extensions
            workerPath: /opt/worker/hook-injector
            verbose: true
            logFile: /var/log/x.log
            logFormat: json
            logLevel: debug
            metricsAddress: ":9464"
            hostRoot: /host
            """);

        Assert.Equal(["/a", "/b"], settings.HooksDirs);
        Assert.True(settings.DisableWatch);
        Assert.True(settings.Strict);
        Assert.Equal(BindMountMode.AnyMount, settings.BindMounts);
        Assert.Equal("/srv/rules.d", settings.RulesDir);
        Assert.Equal("/srv/cache", settings.ScriptCacheDir);
        Assert.Equal("/srv/extensions", settings.ExtensionsDir);
        Assert.Equal("/opt/worker/hook-injector", settings.WorkerPath);
        Assert.True(settings.Verbose);
        Assert.Equal("/var/log/x.log", settings.LogFile);
        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal(LogLevel.Debug, settings.LogLevel);
        Assert.Equal("127.0.0.1:9464", settings.MetricsAddress?.ToString());
        Assert.Equal("/host", settings.HostRoot);
    }

    [Fact]
    public void The_test_above_covers_every_key_a_file_may_hold()
    {
        // Guards Reads_every_key_of_the_table against a key added to the table but not tried.
        Assert.Equal(
            ["hooksDirs", "disableWatch", "strict", "bindMounts", "rulesDir", "scriptCacheDir", "extensionsDir", "workerPath", "verbose", "logFile", "logFormat", "logLevel", "metricsAddress", "hostRoot"],
            SettingsTable.FileKeys);
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("information", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public void Reads_every_log_level(string word, LogLevel expected)
    {
        Assert.Equal(expected, Read($"logLevel: {word}").LogLevel);
    }

    [Theory]
    [InlineData("strict: false\ndisableWatch: FALSE\nverbose: False", false)]
    [InlineData("strict: true\ndisableWatch: TRUE\nverbose: True", true)]
    public void Reads_switches_either_way(string text, bool expected)
    {
        var settings = Read(text);

        Assert.Equal(expected, settings.Strict);
        Assert.Equal(expected, settings.DisableWatch);
        Assert.Equal(expected, settings.Verbose);
    }

    [Fact]
    public void Leaves_unmentioned_settings_at_their_defaults()
    {
        var defaults = new PluginSettings();

        Assert.Equal(defaults with { Strict = true }, Read("strict: true") with { HooksDirs = defaults.HooksDirs });
        Assert.Equal(defaults.HooksDirs, Read("strict: true").HooksDirs);
    }

    [Fact]
    public void An_empty_list_of_hook_directories_reads_none()
    {
        Assert.Empty(Read("hooksDirs: []").HooksDirs);
    }

    [Theory]
    [InlineData("hooksDirs: /a", "1:12: hooksDirs: expected a list of DIR values, got a string")]
    [InlineData("hooksDirs: [/a, \"\"]", "1:17: hooksDirs[1]: expected a non-empty string")]
    [InlineData("hooksDirs: [/a, [/b]]", "1:17: hooksDirs[1]: expected a path, got a list")]
    [InlineData("disableWatch: 1", "1:15: disableWatch: expected true or false, not \"1\"")]
    [InlineData("strict: yes", "1:9: strict: expected true or false, not \"yes\"")]
    [InlineData("bindMounts: some", "1:13: bindMounts: expected requested or any, not \"some\"")]
    [InlineData("rulesDir: [/a]", "1:11: rulesDir: expected a path, got a list")]
    [InlineData("scriptCacheDir: {path: /a}", "1:17: scriptCacheDir: expected a path, got a mapping")]
    [InlineData("extensionsDir:", "1:15: extensionsDir: expected a path, got null")]
    [InlineData("workerPath: worker/hook-injector", "1:13: workerPath: expected an absolute path (starting with /), not \"worker/hook-injector\"")]
    [InlineData("verbose: ~", "1:10: verbose: expected true or false, got null")]
    [InlineData("strict: true\nlogFile: \"\"", "2:10: logFile: expected a non-empty string")]
    [InlineData("logFormat: xml", "1:12: logFormat: expected text or json, not \"xml\"")]
    [InlineData("logLevel: info", "1:11: logLevel: expected trace, debug, information, warning or error, not \"info\"")]
    [InlineData("metricsAddress: node:9464", "1:17: metricsAddress: metrics address \"node:9464\": \"node\" is not an IP address or localhost")]
    [InlineData("metricsAddress: 9464", "1:17: metricsAddress: metrics address \"9464\" must be HOST:PORT, for example 127.0.0.1:9464 or :9464")]
    [InlineData("hostRoot: host", "1:11: hostRoot: expected an absolute path (starting with /), not \"host\"")]
    public void A_wrong_value_is_named_with_file_line_column_and_key(string text, string expected)
    {
        Assert.Equal($"{Source}:{expected}", ErrorOf(text));
    }

    [Theory]
    [InlineData("hookDirs: [/a]", "hooksDirs")]
    [InlineData("metricAddress: \":1\"", "metricsAddress")]
    [InlineData("LogLevel: debug", "logLevel")]
    public void An_unknown_key_is_an_error_with_the_key_probably_meant(string text, string meant)
    {
        var key = text.Split(':')[0];

        Assert.Equal(
            $"{Source}:1:1: unknown key \"{key}\" (expected {string.Join(", ", SettingsTable.FileKeys)}); did you mean \"{meant}\"?",
            ErrorOf(text));
    }

    [Theory]
    [InlineData("socketPath: /run/nri.sock")]
    [InlineData("exitOnDisconnect: true")]
    public void Settings_fixed_when_connecting_are_command_line_only(string text)
    {
        Assert.StartsWith($"{Source}:1:1: unknown key", ErrorOf(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_mistake_at_once_in_the_order_of_the_file()
    {
        Assert.Equal(
            $"{Source}:1:9: strict: expected true or false, not \"maybe\"\n" +
            $"{Source}:2:1: duplicate key \"strict\" (first at line 1, column 1)\n" +
            $"{Source}:3:10: logFile: expected a non-empty string",
            ErrorOf("strict: maybe\nstrict: true\nlogFile: \"\"\n"));
    }

    [Theory]
    [InlineData("- a\n- b", "1:1: the configuration must be a mapping of settings, got a list")]
    [InlineData("just words", "1:1: the configuration must be a mapping of settings, got a string")]
    [InlineData("strict: true\n---\nverbose: true", "3:1: a configuration is one YAML document, this is a second one")]
    [InlineData("strict: [true", "2:1: ")]
    [InlineData("strict: !!bool true", "1:9: unsupported tag !!bool: only !!str is accepted")]
    public void Text_that_is_not_one_mapping_of_settings_is_an_error(string text, string expected)
    {
        Assert.StartsWith($"{Source}:{expected}", ErrorOf(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void A_file_nested_200000_levels_deep_is_an_error_not_a_crash(string open, string close)
    {
        const int Levels = 200_000;
        var text = "hooksDirs: " + string.Concat(Enumerable.Repeat(open, Levels)) + string.Concat(Enumerable.Repeat(close, Levels));

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => SettingsFile.Read(text, Source)).Problems);

        Assert.Equal($"nesting deeper than {YamlTreeReader.MaxDepth} levels", problem.Message);
        Assert.Equal(1, problem.Position?.Line);
    }

    [Fact]
    public void Aliases_that_expand_beyond_the_limit_are_an_error()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var level = 'b'; level <= 'h'; level++)
        {
            var previous = (char)(level - 1);
            lines.Add($"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]");
        }

        Assert.Contains("through aliases", ErrorOf(string.Join('\n', lines)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_larger_than_the_limit_is_refused_before_it_is_parsed()
    {
        var text = "# " + new string('x', SettingsFile.MaxBytes);

        Assert.Equal($"{Source}: the configuration is larger than the limit of {SettingsFile.MaxBytes} bytes", ErrorOf(text));
    }
}
