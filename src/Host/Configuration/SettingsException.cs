namespace HookInjector.Host.Configuration;

/// <summary>
/// A configuration that cannot be used, with every mistake found in it. The message has one line
/// per mistake, <c>SOURCE:LINE:COLUMN: key: reason</c>, the shape compilers and editors understand.
/// </summary>
internal sealed class SettingsException : FormatException
{
    public SettingsException(string source, IReadOnlyList<SettingsProblem> problems)
        : base(string.Join("\n", problems.Select(problem => Describe(source, problem))))
    {
        Origin = source;
        Problems = problems;
    }

    /// <summary>The configuration file's path, or what else gave the configuration (the runtime).</summary>
    public string Origin { get; }

    public IReadOnlyList<SettingsProblem> Problems { get; }

    private static string Describe(string source, SettingsProblem problem) =>
        problem.Position is { } at ? $"{source}:{at.Line}:{at.Column}: {problem.Message}" : $"{source}: {problem.Message}";
}
