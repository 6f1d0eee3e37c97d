using System.Globalization;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Plugin;

/// <summary>
/// Installs hook-injector as a pre-installed NRI plugin that containerd launches itself.
/// Such a plugin gets no arguments: its hooks directories and log file come from the
/// configuration file the runtime hands over verbatim in Configure.
/// </summary>
public static class PreinstalledPlugin
{
    public const string FileName = "10-hook-injector";
    public const string ConfigFileName = "hook-injector.conf";

    /// <summary>Copies the binary and writes its configuration; call before containerd starts.</summary>
    /// <param name="moreSettings">Further lines of the configuration, in its YAML.</param>
    public static void Install(ContainerdRuntime runtime, string binary, string hooksDirectory, string logPath, string moreSettings = "")
    {
        var target = Path.Combine(runtime.PluginDirectory, FileName);
        File.Copy(binary, target, overwrite: true);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var config = string.Create(CultureInfo.InvariantCulture, $"hooksDirs:\n  - {hooksDirectory}\nlogFile: {logPath}\n{moreSettings}");
        File.WriteAllText(Path.Combine(runtime.PluginConfigDirectory, ConfigFileName), config);
    }

    /// <summary>
    /// Until Configure names its log file, a pre-installed plugin logs where a node keeps it, on this machine:
    /// <see cref="DefaultLog"/>. Take this before containerd starts and dispose of it once containerd has stopped:
    /// it puts that file back as it found it, deleted if the test created it, else cut back to its length.
    /// </summary>
    public static IDisposable KeepDefaultLogAsFound() => new DefaultLogAsFound(File.Exists(DefaultLog) ? new FileInfo(DefaultLog).Length : null);

    /// <summary>/var/log/nri-IDX-NAME.log for <see cref="FileName"/>.</summary>
    public const string DefaultLog = "/var/log/nri-" + FileName + ".log";

    private sealed class DefaultLogAsFound(long? lengthBefore) : IDisposable
    {
        public void Dispose()
        {
            if (lengthBefore is not { } length)
            {
                File.Delete(DefaultLog);
            }
            else if (File.Exists(DefaultLog))
            {
                using var log = new FileStream(DefaultLog, FileMode.Open, FileAccess.Write);
                log.SetLength(Math.Min(length, log.Length));
            }
        }
    }
}
