using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Logging;

/// <summary>
/// The least severe level logged, changeable while the plugin runs: a pre-installed plugin learns
/// its level from the runtime's configuration, after logging has started, and a changed
/// <c>--config</c> file may set another.
/// </summary>
internal sealed class LogLevelSwitch(LogLevel initial)
{
    private volatile int level = (int)initial;

    public LogLevel Level
    {
        get => (LogLevel)level;
        set => level = (int)value;
    }

    public bool Allows(LogLevel candidate) => candidate != LogLevel.None && candidate >= Level;
}
