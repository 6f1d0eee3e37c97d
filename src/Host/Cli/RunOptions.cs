using System.CommandLine;
using HookInjector.Host.Configuration;
using HookInjector.Host.Nri.Connection;
using HookInjector.Host.OciHooks;
using HookInjector.Host.OciHooks.Selection;
using HookInjector.Host.Extensions;
using HookInjector.Host.Logging;
using HookInjector.Host.Metrics.Endpoint;
using HookInjector.Host.Rules.Scripts;
using HookInjector.Host.Rules.Yaml;
using Microsoft.Extensions.Logging;

namespace HookInjector.Host.Cli;

/// <summary>
/// The flags of the plugin itself. The Go hook-injector's single-dash spellings (-idx,
/// -disableWatch, ...) are accepted beside the double-dash ones so existing unit files and
/// manifests keep working.
/// </summary>
internal sealed class RunOptions
{
    public Option<string?> Name { get; } = new("--name", "-name") { Description = "Plugin name to register with the runtime (default: hook-injector)" };
    public Option<string?> Index { get; } = new("--idx", "-idx") { Description = "Plugin index to register with the runtime, two digits; plugins run in index order" };
    public Option<string> SocketPath { get; } = new("--socket-path", "-socket-path") { Description = "The runtime's NRI socket", DefaultValueFactory = _ => RuntimeSocket.DefaultPath };
    public Option<string[]> HooksDirs { get; } = new("--hooks-dir", "-hooks-dir")
    {
        Description = $"Hook directory, repeatable, later ones override earlier ones by file name (default: {OciHooksOptions.DefaultDirectory} then {OciHooksOptions.OverrideDirectory})",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<bool> DisableWatch { get; } = new("--disable-watch", "-disableWatch", "--disableWatch") { Description = "Read the hook directories once at start instead of watching them" };
    public Option<bool> Strict { get; } = new("--strict") { Description = "Fail like the Go Hook Manager: exit on an invalid hook file at start, fail the container when a 'commands' hook meets a container without arguments; and refuse hook and YAML rule files others than root can change" };
    public Option<BindMountMode> BindMounts { get; } = new("--bind-mounts")
    {
        Description = "What 'hasBindMounts' counts: 'requested' bind mounts only, as CRI-O (default), or 'any' mount, as the Go NRI plugin",
        DefaultValueFactory = _ => BindMountMode.Requested,
        HelpName = "requested|any",
        CustomParser = result => result.Tokens[0].Value switch
        {
            "requested" => BindMountMode.Requested,
            "any" => BindMountMode.AnyMount,
            var other => Invalid<BindMountMode>(result, $"--bind-mounts must be 'requested' or 'any', not '{other}'"),
        },
    };
    public Option<string> RulesDir { get; } = new("--rules-dir")
    {
        Description = "Directory of YAML rules (*.yaml, *.yml) and C# rule scripts (*.csx)",
        DefaultValueFactory = _ => YamlRuleSource.DefaultDirectory,
    };
    public Option<string> ScriptCacheDir { get; } = new("--script-cache-dir")
    {
        Description = "Where compiled rule scripts are cached between restarts",
        DefaultValueFactory = _ => ScriptSourceOptions.DefaultCacheDirectory,
    };
    public Option<string> ExtensionsDir { get; } = new("--extensions-dir")
    {
        Description = "Directory of extension assemblies, one folder each: DIR/NAME/NAME.dll",
        DefaultValueFactory = _ => ExtensionSourceOptions.DefaultExtensionsDirectory,
    };
    public Option<string?> Worker { get; } = new("--worker")
    {
        Description = "The worker executable that runs rule scripts and extensions (default: worker/hook-injector beside this executable, else /usr/lib/hook-injector/worker/hook-injector)",
        HelpName = "PATH",
    };
    public Option<bool> Verbose { get; } = new("--verbose", "-verbose") { Description = "Log the pod, the container and the adjustment of every CreateContainer as YAML" };
    public Option<bool> ExitOnDisconnect { get; } = new("--exit-on-disconnect") { Description = "Exit with status 1 when the runtime goes away instead of reconnecting (for supervisors that restart the plugin)" };
    public Option<string?> LogFile { get; } = new("--log-file") { Description = "Also append the log to this file (a pre-installed plugin logs only there; default /var/log/nri-IDX-NAME.log)" };
    public Option<LogFormat> LogFormat { get; } = new("--log-format")
    {
        Description = "Log lines as 'text' (default) or 'json' (one object per line), on the console and in the log file",
        HelpName = "text|json",
    };
    public Option<LogLevel> LogLevel { get; } = new("--log-level")
    {
        Description = "The least severe level logged: trace, debug, information (default), warning or error",
        HelpName = "LEVEL",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information,
        CustomParser = result => result.Tokens[0].Value switch
        {
            "trace" => Microsoft.Extensions.Logging.LogLevel.Trace,
            "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
            "information" => Microsoft.Extensions.Logging.LogLevel.Information,
            "warning" => Microsoft.Extensions.Logging.LogLevel.Warning,
            "error" => Microsoft.Extensions.Logging.LogLevel.Error,
            var other => Invalid<LogLevel>(result, $"--log-level must be trace, debug, information, warning or error, not '{other}'"),
        },
    };
    public Option<MetricsAddress?> MetricsAddress { get; } = new("--metrics-address")
    {
        Description = "Serve Prometheus metrics at http://HOST:PORT/metrics (off by default); ':PORT' and 'localhost:PORT' listen on loopback only, other interfaces must be given as an IP",
        HelpName = "HOST:PORT",
        CustomParser = result =>
        {
            if (Metrics.Endpoint.MetricsAddress.TryParse(result.Tokens[0].Value, out var address, out var error))
            {
                return address;
            }
            result.AddError($"--metrics-address: {error}");
            return null;
        },
    };
    public Option<string?> HostRoot { get; } = new("--host-root") { Description = "Where the node's root file system is mounted when the plugin runs in a container (e.g. /host): hook binaries are checked under it, hooks keep their node paths" };

    public RunOptions()
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        HostRoot.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not ['/', ..])
            {
                result.AddError("--host-root must be an absolute path, for example /host");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Name);
        command.Options.Add(Index);
        command.Options.Add(SocketPath);
        command.Options.Add(HooksDirs);
        command.Options.Add(DisableWatch);
        command.Options.Add(Strict);
        command.Options.Add(BindMounts);
        command.Options.Add(RulesDir);
        command.Options.Add(ScriptCacheDir);
        command.Options.Add(ExtensionsDir);
        command.Options.Add(Worker);
        command.Options.Add(Verbose);
        command.Options.Add(ExitOnDisconnect);
        command.Options.Add(LogFile);
        command.Options.Add(LogFormat);
        command.Options.Add(LogLevel);
        command.Options.Add(MetricsAddress);
        command.Options.Add(HostRoot);
    }

    public PluginSettings Read(ParseResult result)
    {
        var hooksDirs = result.GetValue(HooksDirs);
        var settings = new PluginSettings
        {
            Name = result.GetValue(Name),
            Index = result.GetValue(Index),
            SocketPath = result.GetValue(SocketPath) ?? RuntimeSocket.DefaultPath,
            DisableWatch = result.GetValue(DisableWatch),
            Strict = result.GetValue(Strict),
            BindMounts = result.GetValue(BindMounts),
            RulesDir = result.GetValue(RulesDir) ?? YamlRuleSource.DefaultDirectory,
            ScriptCacheDir = result.GetValue(ScriptCacheDir) ?? ScriptSourceOptions.DefaultCacheDirectory,
            ExtensionsDir = result.GetValue(ExtensionsDir) ?? ExtensionSourceOptions.DefaultExtensionsDirectory,
            WorkerPath = result.GetValue(Worker),
            Verbose = result.GetValue(Verbose),
            ExitOnDisconnect = result.GetValue(ExitOnDisconnect),
            LogFile = result.GetValue(LogFile),
            LogFormat = result.GetValue(LogFormat),
            LogLevel = result.GetValue(LogLevel),
            MetricsAddress = result.GetValue(MetricsAddress),
            HostRoot = result.GetValue(HostRoot),
        };
        return hooksDirs is { Length: > 0 } ? settings with { HooksDirs = hooksDirs } : settings;
    }

    private static T Invalid<T>(System.CommandLine.Parsing.ArgumentResult result, string message) where T : struct
    {
        result.AddError(message);
        return default;
    }
}
