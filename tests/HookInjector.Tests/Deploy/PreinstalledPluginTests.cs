using HookInjector.Host.Configuration;
using HookInjector.Host.Nri;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Selection;

namespace HookInjector.Tests.Deploy;

/// <summary>The pre-installed plugin's file name and drop-in configuration are what the plugin and the runtime expect.</summary>
public class PreinstalledPluginTests
{
    private static readonly string ConfigurationPath = DeployFiles.PathOf("preinstalled", "10-hook-injector.conf");

    [Fact]
    public void Sample_configuration_is_accepted_by_the_plugin_and_keeps_the_defaults()
    {
        var settings = SettingsResolver.Resolve(CommandLineSettings.None, null, File.ReadAllText(ConfigurationPath));

        Assert.Equal([OciHooksOptions.DefaultDirectory, OciHooksOptions.OverrideDirectory], settings.HooksDirs);
        Assert.False(settings.Strict);
        Assert.False(settings.DisableWatch);
        Assert.Equal(BindMountMode.Requested, settings.BindMounts);
        Assert.Equal("/var/log/nri-10-hook-injector.log", settings.LogFile);
    }

    [Fact]
    public void Installed_file_name_gives_the_identity_the_configuration_file_is_named_after()
    {
        // The runtime derives NRI_PLUGIN_IDX and NRI_PLUGIN_NAME from the file name, split at the first dash.
        Assert.True(PluginIdentity.TryResolve("hook-injector", "10", null, null, "/opt/nri/plugins/10-hook-injector", out var identity, out var error), error);

        Assert.Equal(PluginIdentity.DefaultName, identity.Name);
        Assert.Equal(identity + ".conf", Path.GetFileName(ConfigurationPath));
        Assert.Contains($"name=\"$index-{PluginIdentity.DefaultName}\"", File.ReadAllText(DeployFiles.PathOf("preinstalled", "install.sh")), StringComparison.Ordinal);
    }
}
