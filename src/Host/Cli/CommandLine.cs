using System.CommandLine;

namespace HookInjector.Host.Cli;

/// <summary>The hook-injector command line. Without a sub-command it runs the plugin, as the Go hook-injector does.</summary>
internal static class CommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("hook-injector: an NRI plugin that injects OCI hooks from hooks.d directories into containers, with CRI-O's semantics.");
        var run = new RunOptions();
        run.AddTo(root);
        root.SetAction((result, cancellationToken) => PluginHost.RunAsync(run.Read(result), cancellationToken));
        return root;
    }
}
