using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.OciHooks.Selection;
using Microsoft.Extensions.Logging;
using static HookInjector.Host.Configuration.SettingModes;

namespace HookInjector.Host.Configuration;

/// <summary>
/// Every setting of hook-injector, each declared once: the plugin's, <c>validate</c>'s and
/// <c>explain</c>'s command lines, the configuration file given with <c>--config</c>, the runtime's
/// drop-in configuration and the documented tables are all made from this list. The defaults are
/// those of <see cref="PluginSettings"/>. The Go hook-injector's single-dash spellings (-idx,
/// -disableWatch, ...) stay accepted so existing unit files and manifests keep working.
/// </summary>
internal static class SettingsTable
{
    private const SettingModes Everywhere = Plugin | Validate | Explain;

    public static IReadOnlyList<Setting> All { get; } =
    [
        new ValueSetting<string?>
        {
            Key = "name", Flags = ["--name", "-name"], Modes = Plugin, InFile = false,
            Help = "Plugin name to register with the runtime",
            Syntax = SettingSyntaxes.Text("NAME"), DefaultText = Nri.PluginIdentity.DefaultName,
            Get = settings => settings.Name, Set = (settings, value) => settings with { Name = value },
        },
        new ValueSetting<string?>
        {
            Key = "index", Flags = ["--idx", "-idx"], Modes = Plugin, InFile = false,
            Help = "Plugin index to register with the runtime, two digits; plugins run in index order",
            Syntax = SettingSyntaxes.Text("NN"), DefaultText = "none, or the one in the executable's name (10-hook-injector)",
            Get = settings => settings.Index, Set = (settings, value) => settings with { Index = value },
        },
        new ValueSetting<string?>
        {
            Key = "socketPath", Flags = ["--socket-path", "-socket-path"], Modes = Plugin, InFile = false,
            Help = "The runtime's NRI socket",
            Syntax = SettingSyntaxes.Path("PATH"),
            Get = settings => settings.SocketPath, Set = (settings, value) => settings with { SocketPath = value! },
        },
        new ListSetting
        {
            Key = "hooksDirs", Flags = ["--hooks-dir", "-hooks-dir"], Modes = Everywhere,
            Help = "Hook directories (a repeatable flag); a file in a later directory overrides one of the same name in an earlier one",
            Item = SettingSyntaxes.Path("DIR"),
            Get = settings => settings.HooksDirs, Set = (settings, value) => settings with { HooksDirs = value },
        },
        new ValueSetting<bool>
        {
            Key = "disableWatch", Flags = ["--disable-watch", "-disableWatch", "--disableWatch"], Modes = Plugin,
            Help = "Read the hook directories once at start instead of watching them",
            Syntax = SettingSyntaxes.Boolean,
            Get = settings => settings.DisableWatch, Set = (settings, value) => settings with { DisableWatch = value },
        },
        new ValueSetting<bool>
        {
            Key = "strict", Flags = ["--strict"], Modes = Plugin,
            Help = "Fail like the Go Hook Manager: exit on an invalid hook file at start, fail the container when a 'commands' hook meets a container without arguments; and refuse hook and YAML rule files others than root can change",
            Syntax = SettingSyntaxes.Boolean,
            Get = settings => settings.Strict, Set = (settings, value) => settings with { Strict = value },
        },
        new ValueSetting<BindMountMode>
        {
            Key = "bindMounts", Flags = ["--bind-mounts"], Modes = Plugin | Explain,
            Help = "What 'hasBindMounts' counts: 'requested' bind mounts only, as CRI-O, or 'any' mount, as the Go NRI plugin",
            Syntax = SettingSyntaxes.Choice(("requested", BindMountMode.Requested), ("any", BindMountMode.AnyMount)),
            Get = settings => settings.BindMounts, Set = (settings, value) => settings with { BindMounts = value },
        },
        new ValueSetting<string?>
        {
            Key = "rulesDir", Flags = ["--rules-dir"], Modes = Everywhere,
            Help = "Directory of YAML rules (*.yaml, *.yml) and C# rule scripts (*.csx)",
            Syntax = SettingSyntaxes.Path("DIR"),
            Get = settings => settings.RulesDir, Set = (settings, value) => settings with { RulesDir = value! },
        },
        new ValueSetting<string?>
        {
            Key = "scriptCacheDir", Flags = ["--script-cache-dir"], Modes = Everywhere,
            Help = "Where compiled rule scripts are cached between restarts",
            Syntax = SettingSyntaxes.Path("DIR"),
            Get = settings => settings.ScriptCacheDir, Set = (settings, value) => settings with { ScriptCacheDir = value! },
        },
        new ValueSetting<string?>
        {
            Key = "extensionsDir", Flags = ["--extensions-dir"], Modes = Everywhere,
            Help = "Directory of extension assemblies, one folder each: DIR/NAME/NAME.dll",
            Syntax = SettingSyntaxes.Path("DIR"),
            Get = settings => settings.ExtensionsDir, Set = (settings, value) => settings with { ExtensionsDir = value! },
        },
        new ValueSetting<string?>
        {
            Key = "workerPath", Flags = ["--worker"], Modes = Everywhere,
            Help = "The worker executable that runs rule scripts and extensions",
            Syntax = SettingSyntaxes.AbsolutePath("PATH"),
            DefaultText = $"{Worker.WorkerLaunch.BesideDaemon} beside this executable, else {Worker.WorkerLaunch.Installed}",
            Get = settings => settings.WorkerPath, Set = (settings, value) => settings with { WorkerPath = value },
        },
        new ValueSetting<bool>
        {
            Key = "verbose", Flags = ["--verbose", "-verbose"], Modes = Plugin,
            Help = "Log the pod, the container and the adjustment of every CreateContainer as YAML",
            Syntax = SettingSyntaxes.Boolean,
            Get = settings => settings.Verbose, Set = (settings, value) => settings with { Verbose = value },
        },
        new ValueSetting<bool>
        {
            Key = "exitOnDisconnect", Flags = ["--exit-on-disconnect"], Modes = Plugin, InFile = false,
            Help = "Exit with status 1 when the runtime goes away instead of reconnecting (for supervisors that restart the plugin)",
            Syntax = SettingSyntaxes.Boolean,
            Get = settings => settings.ExitOnDisconnect, Set = (settings, value) => settings with { ExitOnDisconnect = value },
        },
        new ValueSetting<string?>
        {
            Key = "logFile", Flags = ["--log-file"], Modes = Plugin,
            Help = "Also append the log to this file, reopened on SIGHUP for logrotate (a pre-installed plugin logs only there)",
            Syntax = SettingSyntaxes.Path("PATH"), DefaultText = "none; /var/log/nri-IDX-NAME.log for a pre-installed plugin",
            Get = settings => settings.LogFile, Set = (settings, value) => settings with { LogFile = value },
        },
        new ValueSetting<LogFormat>
        {
            Key = "logFormat", Flags = ["--log-format"], Modes = Plugin,
            Help = "Log lines as text, or as one JSON object per line, on the console and in the log file",
            Syntax = SettingSyntaxes.Choice(("text", LogFormat.Text), ("json", LogFormat.Json)),
            Get = settings => settings.LogFormat, Set = (settings, value) => settings with { LogFormat = value },
        },
        new ValueSetting<LogLevel>
        {
            Key = "logLevel", Flags = ["--log-level"], Modes = Plugin,
            Help = "The least severe log lines written",
            Syntax = SettingSyntaxes.Choice(
                ("trace", LogLevel.Trace), ("debug", LogLevel.Debug), ("information", LogLevel.Information), ("warning", LogLevel.Warning), ("error", LogLevel.Error)),
            Get = settings => settings.LogLevel, Set = (settings, value) => settings with { LogLevel = value },
        },
        new ValueSetting<MetricsAddress?>
        {
            Key = "metricsAddress", Flags = ["--metrics-address"], Modes = Plugin,
            Help = "Serve Prometheus metrics at http://HOST:PORT/metrics and the probes /healthz and /readyz; ':PORT' and 'localhost:PORT' listen on loopback only, other interfaces must be given as an IP",
            Syntax = SettingSyntaxes.MetricsAddress, DefaultText = "none: no metrics are served",
            Get = settings => settings.MetricsAddress, Set = (settings, value) => settings with { MetricsAddress = value },
        },
        new ValueSetting<string?>
        {
            Key = "hostRoot", Flags = ["--host-root"], Modes = Everywhere,
            Help = "Where the node's root file system is mounted when the plugin runs in a container (e.g. /host): hook binaries are checked under it, hooks keep their node paths",
            Syntax = SettingSyntaxes.AbsolutePath("PATH"), DefaultText = "none: hook binaries are checked where they are",
            Get = settings => settings.HostRoot, Set = (settings, value) => settings with { HostRoot = value },
        },
    ];

    /// <summary>The keys a configuration file may hold, in the table's order.</summary>
    public static IReadOnlyList<string> FileKeys { get; } = [.. All.Where(setting => setting.InFile).Select(setting => setting.Key)];

    public static IEnumerable<Setting> Of(SettingModes mode) => All.Where(setting => (setting.Modes & mode) != 0);
}
