using System.CommandLine;

namespace HookInjector.Host.Cli;

/// <summary>The hook-injector command line. Without a sub-command it runs the plugin, as the Go hook-injector does.</summary>
internal static class CommandLine
{
    /// <summary>The exit code of a tool sub-command given a bad command line, told apart from "problems found" (1).</summary>
    public const int UsageError = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("hook-injector: an NRI plugin that injects OCI hooks from hooks.d directories into containers, with CRI-O's semantics.");
        var run = new RunOptions();
        run.AddTo(root);
        root.SetAction((result, cancellationToken) => PluginHost.RunAsync(run.Read(result), cancellationToken));
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
}
