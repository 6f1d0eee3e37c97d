namespace HookInjector.Host.Configuration;

/// <summary>
/// The settings in force. They start from the command line and change at most when a runtime
/// passes a drop-in configuration; readers take the reference once per use and never lock.
/// </summary>
internal sealed class CurrentSettings(PluginSettings initial)
{
    private volatile PluginSettings value = initial;

    public PluginSettings Value => value;

    public void Replace(PluginSettings next) => value = next;
}
