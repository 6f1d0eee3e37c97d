using System.CommandLine;
using HookInjector.Host.Cli;

namespace HookInjector.Tests.Tools;

/// <summary>
/// Runs a hook-injector command line in-process, as a user would type it from the repository root,
/// and captures what it prints. Paths in the arguments are relative to the root and are passed on
/// absolute (the tests' working directory is elsewhere); the root is taken out of the output again,
/// so outputs read as if run from the root and carry no machine path. Source flags a command line
/// leaves out point to empty directories, so a machine's own /etc/hook-injector never leaks in.
/// </summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    private static readonly string[] SourceFlags = ["--hooks-dir", "--rules-dir", "--extensions-dir", "--script-cache-dir"];

    public static async Task<ToolRun> InvokeAsync(IReadOnlyList<string> args, IsolatedDirectories directories)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(directories);
        var full = args.Select(Rooted).ToList();
        if (full.Count > 0 && full[0] is "validate" or "explain")
        {
            foreach (var flag in SourceFlags.Where(flag => !args.Contains(flag)))
            {
                full.Insert(1, directories.For(flag));
                full.Insert(1, flag);
            }
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.InvokeAsync([.. full], new InvocationConfiguration { Output = output, Error = error });
        return new ToolRun(exitCode, Unrooted(output.ToString()), Unrooted(error.ToString()));
    }

    private static string Rooted(string arg) =>
        !arg.StartsWith('-') && (File.Exists(RepositoryRoot.Of(arg)) || Directory.Exists(RepositoryRoot.Of(arg))) ? RepositoryRoot.Of(arg) : arg;

    private static string Unrooted(string text) => text.Replace(RepositoryRoot.Path + "/", "", StringComparison.Ordinal);
}
