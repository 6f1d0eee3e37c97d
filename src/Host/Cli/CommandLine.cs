using System.CommandLine;
using HookInjector.Host.Configuration;

namespace HookInjector.Host.Cli;

/// <summary>The hook-injector command line. Without a sub-command it runs the plugin, as the Go hook-injector does.</summary>
internal static class CommandLine
{
    /// <summary>The exit code of a tool sub-command given a bad command line, told apart from "problems found" (1).</summary>
    public const int UsageError = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("hook-injector: an NRI plugin that injects OCI hooks from hooks.d directories into containers, with CRI-O's semantics.");
        var options = new SettingsOptions(SettingModes.Plugin);
        options.AddTo(root);
        root.SetAction((result, cancellationToken) => RunPluginAsync(options.Read(result), result.InvocationConfiguration.Error, cancellationToken));
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(Worker.WorkerMode.Create());
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        return root;
    }

    /// <summary>Parses and runs the command line.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var result = Create().Parse(args);
        var exitCode = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return result.Errors.Count > 0 && result.CommandResult.Command is not RootCommand ? UsageError : exitCode;
    }

    private static async Task<int> RunPluginAsync(CommandLineSettings flags, TextWriter error, CancellationToken cancellationToken)
    {
        PluginSettings settings;
        string? fileText;
        try
        {
            fileText = flags.ConfigFile is { } path ? SettingsFile.ReadText(path) : null;
            settings = SettingsResolver.Resolve(flags, fileText, dropInText: null);
        }
        catch (SettingsException e)
        {
            await error.WriteAsync($"hook-injector: {e.Message}\n").ConfigureAwait(false);
            return 1;
        }
        return await PluginHost.RunAsync(flags, fileText, settings, cancellationToken).ConfigureAwait(false);
    }
}
