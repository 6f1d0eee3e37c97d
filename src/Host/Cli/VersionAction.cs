using System.CommandLine;
using System.CommandLine.Invocation;
using HookInjector.Host.Metrics;

namespace HookInjector.Host.Cli;

/// <summary>
/// <c>--version</c>: prints the version hook-injector reports everywhere else (the start-up log line,
/// <c>hook_injector_build_info</c>), set once in Directory.Build.props. System.CommandLine's own
/// action would print the entry assembly's version, which is another program's under a test host.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(HookInjectorMetrics.Version);
        return 0;
    }
}
