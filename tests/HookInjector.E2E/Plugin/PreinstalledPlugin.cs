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
    /// Until Configure names its log file and hooks.d directories, a pre-installed plugin runs with a node's defaults,
    /// on this machine: it logs to <see cref="DefaultLog"/> and creates the Hook Manager's two directories to watch
    /// them, as the Go plugin does. Take this before containerd starts and dispose of it once containerd has stopped:
    /// it puts the machine back as it found it. The log is deleted if the test created it, else cut back to its length;
    /// the directories the test created are removed when still empty.
    /// </summary>
    public static IDisposable KeepMachineAsFound() => new MachineAsFound(
        File.Exists(DefaultLog) ? new FileInfo(DefaultLog).Length : null,
        [.. DefaultHooksDirectories.SelectMany(Ancestry).Distinct().Where(directory => !Directory.Exists(directory))]);

    /// <summary>/var/log/nri-IDX-NAME.log for <see cref="FileName"/>.</summary>
    public const string DefaultLog = "/var/log/nri-" + FileName + ".log";

    private static readonly string[] DefaultHooksDirectories = ["/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d"];

    /// <summary>A directory and those above it, up to the one below the root.</summary>
    private static IEnumerable<string> Ancestry(string directory)
    {
        for (var current = directory; Path.GetDirectoryName(current) is { } parent; current = parent)
        {
            yield return current;
        }
    }

    private sealed class MachineAsFound(long? logLengthBefore, string[] missingDirectories) : IDisposable
    {
        public void Dispose()
        {
            if (logLengthBefore is not { } length)
            {
                File.Delete(DefaultLog);
            }
            else if (File.Exists(DefaultLog))
            {
                using var log = new FileStream(DefaultLog, FileMode.Open, FileAccess.Write);
                log.SetLength(Math.Min(length, log.Length));
            }
            // Deepest first; a directory something was put into meanwhile stays.
            foreach (var directory in missingDirectories.OrderByDescending(directory => directory.Length))
            {
                if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
        }
    }
}
