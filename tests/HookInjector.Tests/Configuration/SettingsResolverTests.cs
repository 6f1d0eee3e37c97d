using System.CommandLine;
using HookInjector.Host.Cli;
using HookInjector.Host.Configuration;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.Configuration;

/// <summary>Defaults, then the configuration file, then the runtime's configuration, then the flags given on the command line.</summary>
public class SettingsResolverTests
{
    private const string ConfigFile = "/etc/hook-injector/config.yaml";

    private static CommandLineSettings Flags(params string[] args)
    {
        var options = new SettingsOptions(SettingModes.Plugin);
        var root = new RootCommand();
        options.AddTo(root);
        var result = root.Parse(["--config", ConfigFile, .. args]);
        Assert.Empty(result.Errors);
        return options.Read(result);
    }

    [Fact]
    public void Nothing_given_is_the_defaults()
    {
        var defaults = new PluginSettings();

        var settings = SettingsResolver.Resolve(CommandLineSettings.None, null, null);

        Assert.Equal(defaults, settings with { HooksDirs = defaults.HooksDirs });
        Assert.Equal(defaults.HooksDirs, settings.HooksDirs);
    }

    [Fact]
    public void The_file_sets_what_the_command_line_leaves_out()
    {
        var settings = SettingsResolver.Resolve(Flags(), "strict: true\nrulesDir: /srv/rules.d\nbindMounts: any", null);

        Assert.True(settings.Strict);
        Assert.Equal("/srv/rules.d", settings.RulesDir);
        Assert.Equal(BindMountMode.AnyMount, settings.BindMounts);
    }

    [Fact]
    public void Flags_given_explicitly_override_the_file()
    {
        var settings = SettingsResolver.Resolve(
            Flags("--rules-dir", "/cli/rules.d", "--hooks-dir", "/cli/hooks.d", "--bind-mounts", "requested", "--strict", "false"),
            "strict: true\nrulesDir: /srv/rules.d\nhooksDirs: [/srv/a, /srv/b]\nbindMounts: any\nverbose: true", null);

        Assert.False(settings.Strict);
        Assert.Equal("/cli/rules.d", settings.RulesDir);
        Assert.Equal(["/cli/hooks.d"], settings.HooksDirs);
        Assert.Equal(BindMountMode.Requested, settings.BindMounts);
        Assert.True(settings.Verbose);
    }

    [Fact]
    public void The_runtime_s_configuration_lies_between_the_file_and_the_flags()
    {
        var settings = SettingsResolver.Resolve(
            Flags("--log-format", "text"),
            "strict: true\nverbose: true\nlogFormat: json",
            "verbose: false\nlogFormat: json\nrulesDir: /runtime/rules.d");

        Assert.True(settings.Strict);
        Assert.False(settings.Verbose);
        Assert.Equal(HookInjector.Host.Logging.LogFormat.Text, settings.LogFormat);
        Assert.Equal("/runtime/rules.d", settings.RulesDir);
    }

    [Fact]
    public void Resolving_again_with_a_changed_file_starts_from_the_defaults_again()
    {
        var flags = Flags();

        Assert.True(SettingsResolver.Resolve(flags, "strict: true", null).Strict);
        Assert.False(SettingsResolver.Resolve(flags, "verbose: true", null).Strict);
    }

    [Fact]
    public void Tells_which_keys_the_command_line_or_the_file_set()
    {
        SettingsResolver.Resolve(Flags("--rules-dir", "/cli"), "hooksDirs: [/a]", "extensionsDir: /runtime", out var explicitKeys);

        Assert.Equal(["hooksDirs", "rulesDir"], explicitKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_mistake_in_the_file_names_the_file()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsResolver.Resolve(Flags(), "strict: yes", null));

        Assert.Equal($"{ConfigFile}:1:9: strict: expected true or false, not \"yes\"", error.Message);
        Assert.Equal(ConfigFile, error.Origin);
    }

    [Fact]
    public void A_mistake_in_the_runtime_s_configuration_names_it()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsResolver.Resolve(Flags(), null, "\nhookDirs: [/a]"));

        Assert.StartsWith("the runtime's configuration:2:1: unknown key \"hookDirs\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disableWatches: true", "disableWatch")]
    [InlineData("BindMounts: any", "bindMounts")]
    [InlineData("hostroot: /host", "hostRoot")]
    public void A_misspelt_key_in_the_runtime_s_configuration_names_the_key_probably_meant(string text, string meant)
    {
        var error = Assert.Throws<SettingsException>(() => SettingsResolver.Resolve(Flags(), null, text));

        var problem = Assert.Single(error.Problems);
        Assert.Equal($"unknown key \"{text.Split(':')[0]}\" (expected {string.Join(", ", SettingsTable.FileKeys)}); did you mean \"{meant}\"?", problem.Message);
        Assert.Equal(SettingsResolver.DropInSource, error.Origin);
    }
}
