using System.CommandLine;
using HookInjector.Host.Configuration;
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
        var sources = new ToolOptions(SettingModes.Validate);
        var format = new Option<string>("--output", "-o")
        {
            Description = "Report format: text (one line per problem, then a summary) or json",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "Check a configuration file, hooks.d, rules, rule scripts and extensions as the plugin would load them; exit 1 on any problem");
        sources.AddTo(command);
        command.Options.Add(format);
        command.SetAction((result, cancellationToken) =>
            RunAsync(sources, result, result.GetValue(format) == "json", result.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ToolOptions sources, ParseResult result, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(sources, result, cancellationToken).ConfigureAwait(false);
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

    private static async Task<ValidationReport> CheckAsync(ToolOptions sources, ParseResult result, CancellationToken cancellationToken)
    {
        ToolSettings settings;
        try
        {
            settings = sources.Read(result);
        }
        catch (SettingsException e)
        {
            // A configuration file that cannot be used is one of the things validate is there to
            // catch; without its settings there is nothing else to check.
            return new ValidationReport([.. e.Problems.Select(problem => ProblemOf(e.Origin, problem))], 0, 0, 0, 0, 0);
        }
        await using var configuration = await ConfigurationLoader.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        return ValidationReport.Of(configuration);
    }

    private static ToolProblem ProblemOf(string file, SettingsProblem problem) =>
        new("configuration", file, problem.Position?.Line, problem.Position?.Column, null, problem.Message);
}
