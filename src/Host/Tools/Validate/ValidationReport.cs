using System.Collections.Immutable;
using HookInjector.Host.Tools.Loading;

namespace HookInjector.Host.Tools.Validate;

/// <summary>What <c>validate</c> found: every problem, and how much loaded from each source.</summary>
internal sealed record ValidationReport(
    ImmutableArray<ToolProblem> Problems,
    int HookFiles,
    int Rules,
    int Scripts,
    int ExtensionMatchers,
    int ExtensionMutators)
{
    public bool IsClean => Problems.IsEmpty;

    public static ValidationReport Of(LoadedConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new ValidationReport(
            configuration.Problems,
            configuration.Hooks.Hooks.Count,
            configuration.Rules.Matchers.Length,
            configuration.Scripts.WorkerCalls.Length,
            configuration.Extensions.WorkerCalls.Count(call => !call.Mutates),
            configuration.Extensions.WorkerCalls.Count(call => call.Mutates));
    }

    /// <summary>The last line of the text output.</summary>
    public string Summary
    {
        get
        {
            var verdict = IsClean ? "OK" : Problems.Length == 1 ? "1 problem" : $"{Problems.Length} problems";
            return $"{verdict}: loaded {HookFiles} hook files, {Rules} rules, {Scripts} rule scripts, {ExtensionMatchers} extension matchers, {ExtensionMutators} extension mutators";
        }
    }
}
