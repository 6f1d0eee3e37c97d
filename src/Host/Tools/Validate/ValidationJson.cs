using System.Text.Json.Nodes;
using HookInjector.Host.Tools.Loading;

namespace HookInjector.Host.Tools.Validate;

/// <summary>
/// The machine-readable form of a <see cref="ValidationReport"/> (schema documented in
/// docs/troubleshooting.md): <c>{"valid", "problems": [{"source", "file", "line", "column", "field",
/// "message"}], "loaded": {"hookFiles", "rules", "scripts", "extensionMatchers", "extensionMutators"}}</c>.
/// Absent positions and fields are null, never left out.
/// </summary>
internal static class ValidationJson
{
    public static JsonObject Of(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["valid"] = report.IsClean,
            ["problems"] = new JsonArray([.. report.Problems.Select(Problem)]),
            ["loaded"] = new JsonObject
            {
                ["hookFiles"] = report.HookFiles,
                ["rules"] = report.Rules,
                ["scripts"] = report.Scripts,
                ["extensionMatchers"] = report.ExtensionMatchers,
                ["extensionMutators"] = report.ExtensionMutators,
            },
        };
    }

    public static JsonObject Problem(ToolProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new JsonObject
        {
            ["source"] = problem.Source,
            ["file"] = problem.File,
            ["line"] = problem.Line,
            ["column"] = problem.Column,
            ["field"] = problem.Field,
            ["message"] = problem.Message,
        };
    }
}
