namespace HookInjector.Tests.Tools;

/// <summary>
/// Compares a command's output with its expected file under testdata/expected/. After an
/// intended change of output, run the tests once with HOOK_INJECTOR_UPDATE_EXPECTED=1 to rewrite
/// the files, then review the difference in version control.
/// </summary>
internal static class ExpectedOutput
{
    public const string Directory = "tests/HookInjector.Tests/Tools/testdata/expected";

    public static void Verify(string fileName, ToolRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var actual = run.Error.Length == 0 ? run.Output : $"{run.Output}--- stderr ---\n{run.Error}";
        var path = RepositoryRoot.Of($"{Directory}/{fileName}");
        if (Environment.GetEnvironmentVariable("HOOK_INJECTOR_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"no expected output {path}; create it with HOOK_INJECTOR_UPDATE_EXPECTED=1");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
