using System.CommandLine;
using HookInjector.Host.Tools.Loading;
using HookInjector.Host.Tools.Output;
using HookInjector.Host.Tools.Validate;

namespace HookInjector.Host.Cli;

/// <summary>
/// <c>hook-injector validate</c>: loads every hook source as the plugin would and lists what the
/// plugin would skip. Exit 0 when clean, 1 with any problem, 2 for a usage error.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var sources = new ToolOptions();
        var format = new Option<string>("--output", "-o")
        {
            Description = "Report format: text (one line per problem, then a summary) or json",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "Check hooks.d, rules, rule scripts and extensions as the plugin would load them; exit 1 on any problem");
        sources.AddTo(command, withBindMounts: false);
        command.Options.Add(format);
        command.SetAction((result, cancellationToken) =>
            RunAsync(sources.Read(result), result.GetValue(format) == "json", result.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ToolSettings settings, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        await using var configuration = await ConfigurationLoader.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        var report = ValidationReport.Of(configuration);
        if (json)
        {
            JsonOutput.Write(output, ValidationJson.Of(report));
        }
        else
        {
            foreach (var problem in report.Problems)
            {
                output.Write($"{problem}\n");
            }
            output.Write($"{report.Summary}\n");
        }
        return report.IsClean ? 0 : 1;
    }
}
