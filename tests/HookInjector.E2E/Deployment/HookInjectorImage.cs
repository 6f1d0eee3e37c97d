using HookInjector.E2E.Plugin;
using HookInjector.E2E.Runtime;

namespace HookInjector.E2E.Deployment;

/// <summary>
/// The hook-injector image, built once per test run by samples/deploy/build-image.sh from the
/// daemon under test and the worker beside it: the image an operator loads onto a node.
/// </summary>
public sealed class HookInjectorImage : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>NAME:VERSION, as the manifests pin it.</summary>
    public string Reference { get; private set; } = string.Empty;

    public string Archive { get; } = Path.Combine(RepositoryLayout.ResultsDirectory, "hook-injector-image.oci.tar");

    public long Size => new FileInfo(Archive).Length;

    public async Task InitializeAsync()
    {
        var published = Path.GetDirectoryName(HookInjectorBinary.Locate())!;
        var output = await ScriptRunner.RunAsync(
            Path.Combine(RepositoryLayout.Root, "samples", "deploy", "build-image.sh"),
            ["--published", published, "--output", Archive],
            BuildTimeout,
            CancellationToken.None);
        Reference = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
